"""The demonstration plan (delivery/reference/gloucestershire-2021-25.toml) is complete, agrees
with the shared fixture, explains every abbreviation, points only at things the offline demo
has, and is written in the project's own words rather than quoted from the published update."""

import csv
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.text import slugify

DEMO = Path(__file__).resolve().parents[1] / "reference" / "gloucestershire-2021-25.toml"
SHARED = Path(settings.CRIMEPLAN_SHARED_DATA).parent
FIXTURE = SHARED / "fixtures" / "plan" / "gloucestershire-2021-25.toml"
PUBLISHED = SHARED / "reference" / "gloucestershire-plan-update-2021-25.txt"
CRIME_TABLE = SHARED / "fixtures" / "performance" / "crime_measures_2019_vs_sep2023.csv"

# The published update's priorities, in the order its "What we've done" lists appear.
PRIORITY_ORDER = ["CSC", "TVAWG", "SYC", "TCC", "SVRR", "ELC"]
# The update ticks 78 delivered items: CSC 12, TVAWG 13, SYC 16, TCC 11, SVRR 9, ELC 17.
# The demo carries every one of them, 78 in all; the test counts both rather than trusting this.
MINIMUM_DELIVERED = 75
MINIMUM_NEXT = 3
# A run of this many consecutive words shared with the published text counts as quoting it.
# When this test was written the longest run shared with it was 9 words, always the name of a
# body, law or order (e.g. "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services").
QUOTATION_WORDS = 10

# Two or more capitals (digits and & allowed after the first), optionally a plural "s".
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]+)s?\b")
# Roman numerals made only of I, V and X (II, IV, XII) are numbers, not abbreviations.
ROMAN = re.compile(r"^[IVX]+$")
# Abbreviations the report prints although this file's prose does not use them: measure names
# such as "Sexual offences (ONS)"; the priority codes head the performance tables' columns.
REPORT_ONLY_ABBREVIATIONS = {"ONS", *PRIORITY_ORDER}
ALLOWED_TAGS = {"p", "strong", "em", "ul", "li"}
# Keys whose strings are identifiers or links, not prose.
NOT_PROSE = {"code", "force", "term_start", "term_end", "references"}
# Keys copied unchanged from the shared fixture (test_it_keeps_the_fixture_plan_unchanged), whose
# wording is not this file's to change. The quotation check leaves them out: one of them, the
# ELC commitment's list of topics ("road safety, pet theft, retail and business crime, rural,
# wildlife and heritage crime"), shares 13 words with the update's list of the same topics.
FROM_FIXTURE = {
    "name",
    "golden_threads",
    "monitored_with",
    "scrutinised_by",
    "title",
    "aim",
    "commitments",
    "funding",
}


def _demo() -> dict[str, Any]:
    with DEMO.open("rb") as handle:
        return tomllib.load(handle)


def _fixture() -> dict[str, Any]:
    with FIXTURE.open("rb") as handle:
        return tomllib.load(handle)


def _published() -> str:
    return PUBLISHED.read_text(encoding="utf-8")


def _strings(
    value: Any, where: str = "", skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """Every prose string of a parsed plan, with where it is (priorities[1].delivered[3].text),
    leaving out the keys in `skip`."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for position, element in enumerate(value):
            yield from _strings(element, f"{where}[{position}]", skip)
    elif isinstance(value, dict):
        for key, element in value.items():
            if key not in NOT_PROSE and key not in skip:
                yield from _strings(element, f"{where}.{key}" if where else key, skip)


def _plain(text: str) -> str:
    return re.sub(r"<[^>]*>", " ", text)


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped; an apostrophe joins ("victims'" is "victims")."""
    return re.findall(r"[a-z0-9]+", _plain(text).lower().replace("'", "").replace("\u2019", ""))


def _items(priority: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [i if isinstance(i, dict) else {"text": i} for i in priority.get(kind, [])]


def _published_delivered_counts() -> dict[str, int]:
    """The ticked items of each priority's "What we've done" list in the published update."""
    counts: list[int] = []
    counting = False
    for line in _published().splitlines():
        if line.strip() == "What we've done:":
            counts.append(0)
            counting = True
        elif line.strip().startswith("Further detail"):
            counting = False
        elif counting and "\u2713" in line:
            counts[-1] += 1
    assert len(counts) == len(PRIORITY_ORDER), f"{PUBLISHED}: expected six 'What we've done' lists"
    return dict(zip(PRIORITY_ORDER, counts, strict=True))


def _crime_measure_ids() -> set[str]:
    with CRIME_TABLE.open(newline="", encoding="utf-8") as handle:
        return {slugify(row["measure"].replace("/", " ")) for row in csv.DictReader(handle)}


def test_the_file_parses_and_names_its_author() -> None:
    plan = _demo()
    assert plan["foreword_by"] == "Chris Nelson, Police and Crime Commissioner for Gloucestershire"
    for key in ("foreword", "introduction"):
        assert plan[key].count("<p>") >= 3, f"{DEMO}: {key}: give a few paragraphs"
    assert len(plan["due_regard"]) == 4


def test_it_keeps_the_fixture_plan_unchanged() -> None:
    plan, fixture = _demo(), _fixture()
    for key in (
        "name",
        "force",
        "term_start",
        "term_end",
        "golden_threads",
        "monitored_with",
        "scrutinised_by",
    ):
        assert plan[key] == fixture[key], f"{DEMO}: {key} differs from {FIXTURE}"
    assert len(plan["priorities"]) == len(fixture["priorities"])
    for position, (ours, theirs) in enumerate(
        zip(plan["priorities"], fixture["priorities"], strict=True)
    ):
        for key in ("code", "title", "aim", "commitments"):
            assert ours[key] == theirs[key], f"{DEMO}: priorities[{position}].{key} differs"
    assert plan["funding"] == fixture["funding"], f"{DEMO}: funding rows differ from {FIXTURE}"


def test_every_priority_carries_every_published_delivered_item_and_next_steps() -> None:
    published = _published_delivered_counts()
    assert sum(published.values()) == 78
    plan = _demo()
    ours = {p["code"]: len(_items(p, "delivered")) for p in plan["priorities"]}
    assert ours == published, f"{DEMO}: delivered items per priority {ours}, published {published}"
    assert sum(ours.values()) >= MINIMUM_DELIVERED
    for position, priority in enumerate(plan["priorities"]):
        for kind in ("delivered", "next"):
            for number, item in enumerate(_items(priority, kind)):
                assert item["text"].strip(), f"{DEMO}: priorities[{position}].{kind}[{number}]"
        assert len(_items(priority, "next")) >= MINIMUM_NEXT, (
            f"{DEMO}: priorities[{position}] ({priority['code']}): fewer than "
            f"{MINIMUM_NEXT} next items"
        )
        for number, item in enumerate(_items(priority, "next")):
            assert item.get("when"), f"{DEMO}: priorities[{position}].next[{number}].when"


def test_every_abbreviation_has_a_glossary_expansion() -> None:
    plan = _demo()
    glossary = plan["glossary"]
    used: dict[str, str] = {}
    for where, text in _strings(plan):
        for acronym in ACRONYM.findall(_plain(text)):
            if not ROMAN.match(acronym):
                used.setdefault(acronym, where)
    missing = {acronym: where for acronym, where in used.items() if acronym not in glossary}
    assert not missing, f"{DEMO}: no glossary entry for {missing}"
    unused = set(glossary) - set(used) - REPORT_ONLY_ABBREVIATIONS
    assert not unused, f"{DEMO}: glossary entries used nowhere: {sorted(unused)}"
    for acronym, expansion in glossary.items():
        assert expansion.strip() and expansion != acronym, f"{DEMO}: glossary.{acronym}"


def test_html_uses_only_the_allowed_tags() -> None:
    plan = _demo()
    for key in ("foreword", "introduction"):
        tags = set(re.findall(r"</?([a-zA-Z0-9]+)[^>]*>", plan[key]))
        assert tags <= ALLOWED_TAGS, f"{DEMO}: {key}: tags {sorted(tags - ALLOWED_TAGS)}"


@pytest.mark.django_db
def test_every_reference_resolves_in_the_offline_demo(client: Client) -> None:
    plan = _demo()
    measures = _crime_measure_ids()
    funding_rows = len(plan["funding"])
    paths: set[str] = set()
    for position, priority in enumerate(plan["priorities"]):
        for kind in ("delivered", "next"):
            for number, item in enumerate(_items(priority, kind)):
                where = f"{DEMO}: priorities[{position}].{kind}[{number}].references"
                for reference in item.get("references", []):
                    kind_, _, target = reference.partition(":")
                    if reference.startswith("/"):
                        try:
                            resolve(reference)
                        except Resolver404:
                            pytest.fail(f"{where}: {reference!r} is not a page of this site")
                        paths.add(reference)
                    elif kind_ == "funding":
                        assert target.isdigit() and 1 <= int(target) <= funding_rows, (
                            f"{where}: {reference!r}: the plan has {funding_rows} funding rows"
                        )
                    elif kind_ == "measure":
                        assert target in measures, f"{where}: {reference!r}: no such crime measure"
                    else:
                        pytest.fail(f"{where}: {reference!r}: not a form the demo resolves")
    # The update is public, so every page it links to must open without signing in.
    for path in sorted(paths):
        assert client.get(path).status_code == 200, f"{DEMO}: {path} is not a public page"


def _longest_shared_run(words: list[str], published: str) -> int:
    """The most consecutive words of `words` that appear together in `published` (words
    joined by single spaces, with a space either side)."""
    longest = 0
    for start in range(len(words)):
        length = longest + 1
        while start + length <= len(words) and (
            " " + " ".join(words[start : start + length]) + " " in published
        ):
            longest = length
            length += 1
    return longest


def test_no_quotation_of_the_published_update() -> None:
    published_words = _words(_published())
    published = " " + " ".join(published_words) + " "
    runs = {
        tuple(published_words[i : i + QUOTATION_WORDS])
        for i in range(len(published_words) - QUOTATION_WORDS + 1)
    }
    quoted = []
    longest = 0
    for where, text in _strings(_demo(), skip=frozenset(FROM_FIXTURE)):
        words = _words(text)
        for i in range(len(words) - QUOTATION_WORDS + 1):
            run = tuple(words[i : i + QUOTATION_WORDS])
            if run in runs:
                quoted.append(f"{where}: {' '.join(run)!r}")
        longest = max(longest, _longest_shared_run(words, published))
    assert not quoted, f"{DEMO}: quotes the published update:\n" + "\n".join(quoted)
    assert longest < QUOTATION_WORDS
