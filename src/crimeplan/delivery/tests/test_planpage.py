"""The plan on a page: well-formed SVG with a title and description, every priority's title
in it, text escaped and wrapped to its box."""

import datetime
import xml.etree.ElementTree as ET

from crimeplan.delivery.planfile import PlanSpec, PrioritySpec
from crimeplan.delivery.planpage import plan_page_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"


def _spec() -> PlanSpec:
    return PlanSpec(
        slug="p",
        name="Police & Crime Plan <2021-25>",
        force="gloucestershire",
        term_start=datetime.date(2021, 5, 1),
        term_end=datetime.date(2025, 3, 1),
        golden_threads=["Trauma informed", "Child friendly", "Victims at the heart"],
        due_regard=["The Strategic Policing Requirement", "The Equality Act 2010"],
        priorities=[
            PrioritySpec(
                code=f"P{n}",
                title=title,
                aim="A long aim that has to wrap across several lines of its box to fit " * 2,
            )
            for n, title in enumerate(
                [
                    "Accessibility & Accountability",
                    "Safer days and nights",
                    'A county that is safe for "everyone"',
                    "Road safety",
                    "Victims and witnesses",
                    "Tackling violence against women and girls",
                ],
                start=1,
            )
        ],
    )


def _parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own drawing, not untrusted input


def _texts(root: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_the_svg_is_an_accessible_image_with_every_priority() -> None:
    spec = _spec()
    root = _parsed(plan_page_svg(spec))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Police & Crime Plan <2021-25>: the plan on a page"
    drawn = " ".join(_texts(root).split())
    for priority in spec.priorities:
        assert priority.code in (desc.text or "")
        assert priority.title in (desc.text or "")
    # Titles are wrapped across lines: every word of each is drawn.
    for priority in spec.priorities:
        for word in priority.title.split():
            assert word in drawn
    for thread in spec.golden_threads:
        assert thread in drawn
    assert "Due regard" in drawn and "The Equality Act 2010" in drawn


def test_no_drawn_line_is_longer_than_its_box_allows() -> None:
    for line in wrap("x" * 300 + " a few more words", width=200, size=15):
        assert len(line) <= int(200 / (15 * 0.55))


def test_an_id_prefix_keeps_two_drawings_on_one_page_apart() -> None:
    root = _parsed(plan_page_svg(_spec(), id_prefix="revision-3"))
    assert root.get("aria-labelledby") == "revision-3-title revision-3-desc"


def test_a_plan_without_threads_or_due_regard_still_draws() -> None:
    spec = _spec()
    spec.golden_threads, spec.due_regard, spec.priorities = [], [], spec.priorities[:1]
    root = _parsed(plan_page_svg(spec))
    assert "Golden threads" not in _texts(root)
    assert int(root.get("viewBox", "0 0 0 0").split()[3]) > 0
