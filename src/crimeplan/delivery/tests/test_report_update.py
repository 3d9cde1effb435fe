"""The plan update as the published one is: on the demo, `delivery report --format pdf` gives a
tagged PDF whose text holds the foreword, the plan on a page, every priority's delivered and next
items, the three performance tables with their verdicts and the glossary; figures in the prose
are the tables' own; and whatever does not resolve (a reference, a figure, an acronym, a link)
blocks publication with the list, while a later version says what changed."""

import http.server
import re
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command

from crimeplan.delivery import demo as delivery_demo
from crimeplan.delivery import pdf, report, services
from crimeplan.delivery.constants import ItemKind
from crimeplan.delivery.models import Plan, PriorityItem, PublishedReport
from crimeplan.performance import demo as performance_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(reference: None, settings) -> Plan:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_FORCE = "gloucestershire"
    performance_demo.load()
    delivery_demo.load()
    return Plan.objects.get(slug=delivery_demo.SLUG)


def _text(html: str) -> str:
    html = re.sub(r"</?abbr[^>]*>", "", html)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_demo_report_holds_everything_the_published_update_does(
    demo_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "update.pdf"
    call_command(
        "delivery", "report", "--plan", demo_plan.slug, "--format", "pdf", "--output", str(output)
    )
    assert "Would block publication" not in capsys.readouterr().err
    facts = pdf.pdf_facts(output.read_bytes())
    assert facts["tagged"] and facts["pdfua_part"] == 1 and facts["lang"] == "en-GB"
    text = _squash(" ".join(facts["text"]))
    outline = [entry["title"] for entry in facts["outline"][0]["children"]]
    assert outline[:4] == ["Contents", "Foreword", "Introduction", "The plan on a page"]
    assert outline[-4:] == ["Performance", "Funding secured", "Glossary", "Contact us"]
    # The foreword and introduction, as the plan holds them.
    assert demo_plan.foreword_by in text
    assert "three officers" in text and "Police Reform and Social Responsibility Act" in text
    # The plan on a page: every priority with its aim, the golden threads and due regard.
    for priority in demo_plan.priorities.all():
        assert f"Priority {priority.position}: {priority.title}" in outline
        assert _squash(priority.aim) in text
    for thread in demo_plan.golden_threads.all():
        assert thread.name in text
    for item in demo_plan.due_regard:
        assert item in text
    # Every delivered and next item of every priority.
    items = PriorityItem.objects.filter(priority__plan=demo_plan)
    assert items.filter(kind=ItemKind.DELIVERED).count() == 78
    assert items.filter(kind=ItemKind.NEXT).count() >= 30
    for item in items:
        assert _squash(item.text) in text, item.text
    # The three published tables (and the constabulary measures), each row with its verdict.
    for heading in ("Anti-social behaviour", "Crime Survey for England and Wales"):
        assert heading in outline or any(
            heading in child["title"]
            for entry in facts["outline"][0]["children"]
            for child in entry["children"]
        )
    assert "Reading the test of chance" in text
    assert "Significant deterioration" in text and "Not testable" in text
    # Figures the demo's prose takes from the tables, printed as the tables print them.
    assert "the force had grown by 164, and the Home Office later funded 10 more" in text
    assert "it ranked 22nd of 44 forces on that measure and 19th of 44 on mean answer" in text
    for figure in ("39857", "54101", "35.7%", "18304", "9436", "-48.45%", "40.01%", "36.5%"):
        assert figure in text, figure
    # The charts carry their alternative text; the glossary expands what the text uses.
    assert len(facts["figure_alt"]) == 2 and all(facts["figure_alt"])
    glossary = text.split("Glossary", 2)[-1]
    for acronym, expansion in (("OPCC", "Office of the Police"), ("MSG", "Most Similar Group")):
        assert acronym in glossary and expansion in glossary


def test_the_demo_html_report_names_each_table_row_a_reference_points_at(demo_plan: Plan) -> None:
    built, body = report.draft(demo_plan)
    ids = set(re.findall(r'id="([^"]+)"', body))
    anchors = re.findall(r'href="#([^"]+)"', body)
    assert anchors and set(anchors) <= ids
    csc = next(p for p in built.priorities if p.priority.code == "CSC")
    linked = [r for item in csc.done for r in item.references if r.url.startswith("#table-")]
    assert linked, "a measure reference links to its row of the report's table"
    asb = next(t for t in built.tables if t.slug == "gloucestershire-2021-25-asb")
    row = asb.rows[0]
    assert [row.cells["force_baseline"], row.cells["force_current"]] == ["18304", "9436"]
    assert row.cells["force_change"] == "-48.45%" and row.verdict == "significant improvement"


def test_figures_in_the_prose_are_the_tables_own(demo_plan: Plan) -> None:
    demo_plan = services.plan_content_update(
        plan=demo_plan,
        actor=None,
        foreword="<p>Burglary changed by {burglary.force_change}, and ASB incidents went to "
        "{gloucestershire-2021-25-asb/anti-social-behaviour.force_current}.</p>",
        foreword_by=demo_plan.foreword_by,
        introduction=demo_plan.introduction,
        due_regard=list(demo_plan.due_regard),
        golden_threads=[t.name for t in demo_plan.golden_threads.all()],
        glossary=dict(demo_plan.glossary),
    )
    built, body = report.draft(demo_plan)
    burglary = next(r for t in built.tables for r in t.rows if r.measure_id == "burglary").cells[
        "force_change"
    ]
    assert f"Burglary changed by {burglary}, and ASB incidents went to 9436." in _text(body)
    assert burglary == "-16.4%"
    assert report.publication_problems(built, body) == []


@pytest.fixture
def web_server() -> Iterator[str]:
    class Pages(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(200 if self.path == "/fine" else 404)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_what_does_not_resolve_blocks_publication_with_the_list(
    demo_plan: Plan, web_server: str
) -> None:
    priority = demo_plan.priorities.get(code="CSC")
    PriorityItem.objects.create(
        priority=priority,
        kind=ItemKind.DELIVERED,
        text="New XYZQ scheme reached {burglary.nonsense} homes",
        references=["funding:99", "/delivery/"],
        position=99,
    )
    demo_plan = services.plan_content_update(
        plan=demo_plan,
        actor=None,
        foreword=f'<p><a href="{web_server}/missing">A page that has gone</a> and '
        f'<a href="{web_server}/fine">one that works</a>.</p>',
        foreword_by=demo_plan.foreword_by,
        introduction=demo_plan.introduction,
        due_regard=list(demo_plan.due_regard),
        golden_threads=[t.name for t in demo_plan.golden_threads.all()],
        glossary=dict(demo_plan.glossary),
    )
    with pytest.raises(report.PublicationBlocked) as blocked:
        report.report_publish(plan=demo_plan, actor=None, check_external=True)
    problems = "\n".join(blocked.value.problems)
    assert "XYZQ" in problems  # an acronym with no expansion
    assert "{burglary.nonsense} is not a figure of the measure" in problems
    assert "'funding:99'" in problems  # a reference to nothing
    assert "/delivery/" in problems and "signed-in staff only" in problems
    assert f"{web_server}/missing" in problems and "404" in problems
    assert f"{web_server}/fine" not in problems
    assert not PublishedReport.objects.exists()
    # Without fetching web addresses, the rest still blocks it.
    built, body = report.draft(demo_plan)
    offline = report.publication_problems(built, body, check_external=False)
    assert "XYZQ" in "\n".join(offline) and f"{web_server}/missing" not in "\n".join(offline)


def test_a_later_version_says_what_changed(demo_plan: Plan) -> None:
    first = report.report_publish(plan=demo_plan, actor=None)
    assert first.version == 1 and first.changes == []
    priority = demo_plan.priorities.get(code="ELC")
    PriorityItem.objects.create(
        priority=priority, kind=ItemKind.DELIVERED, text="A new parish safety forum", position=99
    )
    second = report.report_publish(plan=demo_plan, actor=None)
    assert second.version == 2
    assert any("A new parish safety forum" in line for line in second.changes)
    assert "What changed since version 1" in second.html
    assert "What changed since version" not in first.html
    with pytest.raises(PermissionError):
        first.save()


def test_the_tables_a_report_prints_are_checked_and_kept_in_the_plan_file(demo_plan: Plan) -> None:
    from django.core.exceptions import ValidationError

    from crimeplan.delivery import planfile

    assert demo_plan.report_frameworks[1] == "gloucestershire-2021-25-asb"
    content = dict(
        foreword=demo_plan.foreword,
        foreword_by=demo_plan.foreword_by,
        introduction=demo_plan.introduction,
        due_regard=list(demo_plan.due_regard),
        golden_threads=[t.name for t in demo_plan.golden_threads.all()],
        glossary=dict(demo_plan.glossary),
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_content_update(
            plan=demo_plan,
            actor=None,
            report_frameworks=[
                "gloucestershire-2021-25-asb",
                "no-such-table",
                "gloucestershire-2021-25-asb",
            ],
            **content,
        )
    assert refused.value.message_dict["report_frameworks"] == [
        "'no-such-table' is not a performance framework of this force",
        "'gloucestershire-2021-25-asb' is listed twice",
    ]
    plan = services.plan_content_update(
        plan=demo_plan, actor=None, report_frameworks=["gloucestershire-2021-25-csew"], **content
    )
    assert [t.slug for t in report.build_report(plan=plan).tables] == [
        "gloucestershire-2021-25-csew"
    ]
    assert "Performance tables of the report changed to: gloucestershire-2021-25-csew" in (
        plan.revisions.latest().changes
    )
    spec = services.plan_spec(plan=plan)
    again = planfile.read_workbook(planfile.xlsx_bytes(spec), file="plan.xlsx")
    assert planfile.spec_from_document(again, file="plan.xlsx").report_frameworks == [
        "gloucestershire-2021-25-csew"
    ]
