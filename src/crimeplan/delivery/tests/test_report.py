"""The plan update report: every priority's commitments and completed actions, performance
rows equal to the snapshot's published figures, a PDF with numbered pages, and published
versions that are public and never change."""

import csv
import datetime
import re
from html import unescape
from pathlib import Path

import pytest
import weasyprint
from django.core.management import call_command
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import build_world
from crimeplan.delivery import report, services
from crimeplan.delivery.constants import ActionStatus
from crimeplan.delivery.models import PublishedReport
from crimeplan.performance import contracts as snapshot
from crimeplan.performance import services as performance_services

from .factories import SNAPSHOT_FIXTURE, ActionFactory, plan_from_fixture

pytestmark = pytest.mark.django_db

# What the shared fixture plan's acronyms stand for (it has no glossary of its own).
GLOSSARY = {
    "ASB": "Anti-social behaviour",
    "CSP": "Community Safety Partnership",
    "DNA": "Deoxyribonucleic acid",
    "HMICFRS": "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
    "ONS": "Office for National Statistics",
    "OPCC": "Office of the Police and Crime Commissioner",
    "PCSO": "Police Community Support Officer",
    "VAWG": "Violence against women and girls",
}


@pytest.fixture
def plan(reference: None):  # type: ignore[no-untyped-def]
    plan = plan_from_fixture()
    plan.glossary = GLOSSARY
    plan.save()
    for priority in plan.priorities.all():
        commitment = priority.commitments.first()
        done = ActionFactory(
            commitment=commitment,
            title=f"Completed work for {priority.code}",
            status=ActionStatus.ON_TRACK,
        )
        services.progress_update_add(
            action=done,
            actor=None,
            reported_on=datetime.date(2024, 3, 1),
            status=ActionStatus.COMPLETE,
            summary=f"Evidence of {priority.code} delivery",
            links=["https://example.org/evidence"],
        )
        ActionFactory(commitment=commitment, title=f"Open work for {priority.code}")
        ActionFactory(
            commitment=commitment,
            title=f"Dropped work for {priority.code}",
            status=ActionStatus.CANCELLED,
        )
    return plan


@pytest.fixture
def snapshot_loaded(reference: None):  # type: ignore[no-untyped-def]
    return performance_services.printed_table_load(
        rows=snapshot.read_printed_table_file(SNAPSHOT_FIXTURE),
        title="Crime measures, 2019 against the 12 months to September 2023",
        source="Police and Crime Plan update 2023",
        baseline_label="2019",
        current_label="12 months to September 2023",
        actor=None,
    )


def _text(html: str) -> str:
    html = re.sub(r"</?abbr[^>]*>", "", html)  # an abbreviation is marked inside a word
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _table_rows(html: str, anchor: str) -> list[list[str]]:
    """The cells of the first table after the element with id `anchor`."""
    table = html.split(f'id="{anchor}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_report_has_every_commitment_and_completed_action(plan, snapshot_loaded) -> None:  # type: ignore[no-untyped-def]
    built = report.build_report(plan=plan, snapshot=snapshot_loaded)
    text = _text(report.render_body(built))
    for priority in plan.priorities.all():
        assert priority.title in text and (priority.aim or "") in text
        for commitment in priority.commitments.all():
            assert commitment.text in text
        for item in priority.items.all():
            assert item.text in text
        assert f"Completed work for {priority.code}" in text
        assert f"Evidence of {priority.code} delivery" in text
        assert f"Open work for {priority.code}" in text  # what is next
        assert f"Dropped work for {priority.code}" not in text
    assert "£1,061,477" in text and "£447,404.50" in text
    assert "£5,048,569.50 in all" in text
    assert plan.scrutinised_by in text
    assert "Contact us" in text


def test_performance_rows_equal_the_snapshots_figures(plan, snapshot_loaded) -> None:  # type: ignore[no-untyped-def]
    with SNAPSHOT_FIXTURE.open() as handle:
        published = list(csv.DictReader(handle))
    built = report.build_report(plan=plan, snapshot=snapshot_loaded)
    html = report.render_body(built)
    figures = [
        "force_count_baseline", "msg_count_baseline", "force_rate_baseline", "msg_rate_baseline",
        "force_count_current", "msg_count_current", "force_rate_current", "msg_rate_current",
    ]  # fmt: skip
    table = built.tables[0]
    # The printed table, every figure as published, with no test the publication lacked.
    expected = [
        [row["measure"], row["aim"], *(row[c] for c in figures),
         row["force_pct_change"] + "%", row["msg_pct_change"] + "%", row["aim_achieved"],
         "Not testable (a printed table loaded as published carries no test of the change)",
         ", ".join(row["priorities"].split())]
        for row in published
    ]  # fmt: skip
    assert _table_rows(html, f"table-{table.slug}") == expected
    # Each priority's section lists the measures that serve it, linked to their row.
    for priority in plan.priorities.all():
        section = html.split(f'id="priority-{priority.code.lower()}"', 1)[1]
        section = re.sub(r"</?abbr[^>]*>", "", section.split("<section", 1)[0])
        served = [row["measure"] for row in published if priority.code in row["priorities"].split()]
        listed = re.findall(
            r'<th scope="row"[^>]*><a class="govuk-link" href="#table-[^"]+">([^<]+)</a>', section
        )
        assert [unescape(name) for name in listed] == served
    assert "6.90" in html and "100.0" in html and "0.006" in html


def test_the_pdf_has_contents_and_numbered_pages(plan, snapshot_loaded) -> None:  # type: ignore[no-untyped-def]
    built = report.build_report(plan=plan, snapshot=snapshot_loaded)
    body = report.render_body(built)
    pdf = report.render_pdf(title=built.title, body=body)
    assert pdf.startswith(b"%PDF-")
    document = weasyprint.HTML(string=report.render_document(title=built.title, body=body)).render()
    # A page for the contents, one at least per priority, and the funding and contact pages.
    assert len(document.pages) >= 1 + plan.priorities.count() + 1
    anchors = {a for page in document.pages for a in page.anchors}
    assert {f"priority-{p.code.lower()}" for p in plan.priorities.all()} <= anchors


def test_cli_writes_the_report_as_html_and_pdf(plan, snapshot_loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html_file, pdf_file = tmp_path / "update.html", tmp_path / "update.pdf"
    call_command(
        "delivery", "report", "--plan", plan.slug, "--format", "html", "--output", str(html_file)
    )
    call_command(
        "delivery", "report", "--plan", plan.slug, "--format", "pdf", "--output", str(pdf_file)
    )
    html = html_file.read_text()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "Completed work for CSC" in html
    assert pdf_file.read_bytes().startswith(b"%PDF-")


def test_publishing_freezes_a_public_version(client, plan, snapshot_loaded) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    client.force_login(world.people[Role.OPCC_POLICY])
    response = client.post(
        reverse("delivery:report_publish", kwargs={"slug": plan.slug}), {"without_figures": "yes"}
    )
    assert response.status_code == 302, response.context["problems"]
    published = PublishedReport.objects.get(plan=plan)
    assert published.version == 1 and published.published_by == world.people[Role.OPCC_POLICY]
    assert bytes(published.pdf).startswith(b"%PDF-")
    # Later changes to the plan do not change what was published.
    ActionFactory(commitment=plan.priorities.first().commitments.first(), title="Added afterwards")
    client.logout()
    page = client.get(
        reverse("delivery:published_detail", kwargs={"slug": plan.slug, "version": 1})
    )
    assert page.status_code == 200
    assert "Completed work for CSC" in page.text and "Added afterwards" not in page.text
    pdf = client.get(
        reverse("delivery:published_pdf_export", kwargs={"slug": plan.slug, "version": 1})
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(published.pdf)
    with pytest.raises(PermissionError):
        published.save()
    with pytest.raises(PermissionError):
        published.delete()
    second = report.report_publish(plan=plan, actor=None)
    assert second.version == 2
    assert "Added afterwards" in second.html


def test_report_without_a_snapshot_says_so(plan) -> None:  # type: ignore[no-untyped-def]
    text = _text(report.render_body(report.build_report(plan=plan, snapshot=None)))
    assert "No performance table is part of this report yet." in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("All Crime,Reduce,39857", "All Crime,Lower,39857"), "row 2: aim"),
        (lambda t: t.replace("63.453", "63.4x3"), "row 2: force_rate_baseline"),
        (lambda t: t.replace("63.453", "63,453"), "row 2: : has more fields"),
        (lambda t: t.replace(",No,TCC", ""), "row 3: : has fewer fields"),
        (lambda t: t.replace(",No,TCC", ",Maybe,TCC"), "row 3: aim_achieved"),
        (lambda t: t.replace("measure,aim,", "name,aim,"), "row 1: measure"),
    ],
)
def test_a_bad_snapshot_file_is_named_by_row_and_field(change, message) -> None:  # type: ignore[no-untyped-def]
    content = change(SNAPSHOT_FIXTURE.read_text()).encode()
    with pytest.raises(snapshot.PrintedTableFileError, match=f"snap.csv: {message}"):
        snapshot.read_printed_table(content, file="snap.csv")


def test_a_version_published_before_welsh_was_offered_says_it_is_english_and_is_marked_so(
    client, plan, snapshot_loaded, settings
) -> None:  # type: ignore[no-untyped-def]
    report.report_publish(plan=plan, actor=None)  # the site offers English only
    settings.LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
    client.get(reverse("site:language", args=["cy"]))
    listing = client.get(reverse("delivery:published_list")).text
    assert "Diweddariadau'r cynllun a gyhoeddwyd" in listing
    assert "(fersiwn 1, cyhoeddwyd" in listing
    page = client.get(
        reverse("delivery:published_detail", kwargs={"slug": plan.slug, "version": 1})
    ).text
    assert '<html lang="cy"' in page
    assert "Cyhoeddwyd y fersiwn hon o ddiweddariad y cynllun yn Saesneg yn unig" in page
    assert "Lawrlwythwch ef fel PDF" in page
    assert '<div lang="en-GB">' in page and "Completed work for CSC" in page
    client.get(reverse("site:language", args=["en-gb"]))
    english = client.get(
        reverse("delivery:published_detail", kwargs={"slug": plan.slug, "version": 1})
    ).text
    assert '<div lang="en-GB">' not in english and "Download it as a PDF" in english


def test_publication_names_a_priority_that_lost_its_figures(plan, snapshot_loaded) -> None:  # type: ignore[no-untyped-def]
    """Issue 22, item 1: a priority whose figures the last version showed, and this one would
    not (the plan's frameworks changed, a measure was dropped), is named before publication,
    which then needs confirming; one that never had figures is not named again."""
    first = report.report_publish(plan=plan, actor=None)
    had = set(first.priorities_with_figures)
    assert had, "the fixture's tables serve some priority"
    built = report.build_report(plan=plan, tables=[])  # as if its tables were gone
    missing = report.figures_missing(built, first)
    assert len(missing) == len(had)
    assert all("no performance figures, though version 1 showed some" in m for m in missing)
    # With the tables as they are, nothing is lost: publishing needs no confirming.
    second = report.report_publish(plan=plan, actor=None, without_figures_confirmed=False)
    assert second.version == 2 and set(second.priorities_with_figures) == had
