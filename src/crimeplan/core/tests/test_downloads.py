"""A formula typed into any field reaches every download as text, never as a formula.

The downloads are found in the URL conf: every view `core.exports.download_view` marks, with
the formats it serves. `test_every_download_is_planted` fails until `PLANTS` (or, for an app's
own downloads, `DOWNLOAD_PLANTS` in its `tests/permission_rows.py`) says how to put a formula
into what a new download carries, so no download escapes; and the permission
matrix (`test_permission_matrix`) fails for any page that answers with a file without that
mark. Each download is then fetched in each of its formats by someone allowed to, and every
cell of every CSV, XLSX and ODS is read back as a spreadsheet would read it.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from odf import teletype
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from pypdf import PdfReader

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import member
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.tests.factories import RECEIVED, case_at
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import audit_record
from crimeplan.commissioning.models import Attachment, Award
from crimeplan.commissioning.selectors import TOTAL_DIMENSIONS
from crimeplan.commissioning.tests.factories import ApplicationFactory, FundFactory, RoundFactory
from crimeplan.core import exports
from crimeplan.crime_data.constants import DatasetKind, ImportKind, ImportStatus
from crimeplan.crime_data.models import CrimeCount, ImportRun, Slice
from crimeplan.delivery import report
from crimeplan.delivery import services as delivery_services
from crimeplan.delivery.models import Plan
from crimeplan.delivery.tests.factories import (
    ActionFactory,
    CommitmentFactory,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
)
from crimeplan.geography.models import District, Force
from crimeplan.performance import services as performance_services
from crimeplan.performance.models import Framework
from crimeplan.performance.tests.factories import example_files
from crimeplan.scrutiny.tests.factories import (
    PublishedReportFactory,
    SiteFactory,
    VisitFactory,
    filed,
)
from crimeplan.voice.models import Survey, SurveyEstimate, SurveyQuestion

from .matrix import app_declarations
from .spreadsheets import FORMULAS, HYPERLINK, READERS, Download
from .world import World, build_world

ANONYMOUS = "anonymous"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# -- planting a formula in what each download carries ------------------------------------


def _members(world: World) -> Download:
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    for formula in FORMULAS:
        member(Role.PARTNER_VIEWER, world.csp_own, full_name=formula)
    return Download(Role.OPCC_ADMIN, {"pk": world.csp_own.pk})


def _audit_log(world: World) -> Download:
    # Labels and summaries quote what people typed: an organisation's or a project's name.
    for formula in FORMULAS:
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            object_type="accounts.Organisation",
            object_label=formula,
            summary=formula,
        )
    return Download(Role.OPCC_ADMIN)


def _crime_counts(world: World) -> None:
    force = Force.objects.get(police_uk_id=settings.CRIMEPLAN_FORCE)
    month = datetime.date(2024, 1, 1)
    run = ImportRun.objects.create(kind=ImportKind.POLICE_UK, status=ImportStatus.SUCCEEDED)
    Slice.objects.create(
        kind=DatasetKind.STREET, force=force, month=month, import_run=run, rows=len(FORMULAS)
    )
    for formula in FORMULAS:
        CrimeCount.objects.create(
            kind=DatasetKind.STREET,
            force=force,
            month=month,
            has_lsoa=False,
            crime_type=formula,
            count=1,
        )


def _crime_summary(world: World) -> Download:
    _crime_counts(world)
    return Download(Role.PARTNER_VIEWER, queries=({"by": "month,crime_type"}, {"by": "crime_type"}))


def _crime_force_summary(world: World) -> Download:
    _crime_counts(world)
    return Download(
        Role.OPCC_ANALYST, {"police_uk_id": settings.CRIMEPLAN_FORCE}, ({"by": "crime_type"},)
    )


def _rejected_rows(world: World) -> Download:
    # As the importer writes them: the uploaded line, as it was, in the values column.
    path = Path(settings.CRIMEPLAN_DATA_DIR) / "rejected-rows.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason", "values"])
        for line, formula in enumerate(FORMULAS, start=2):
            writer.writerow(["street.csv", line, "crime_type", formula, formula])
    run = ImportRun.objects.create(
        kind=ImportKind.POLICE_UK, status=ImportStatus.SUCCEEDED, rejected_rows_file=str(path)
    )
    return Download(Role.OPCC_ANALYST, {"pk": run.pk})


def _plan(world: World) -> Plan:
    # The planted formulas' function names read as acronyms to the report's glossary.
    glossary = {
        "CSP": "Community Safety Partnership",
        "HYPERLINK": "a spreadsheet function",
        "OPCC": "Office of the PCC",
        "SUM": "a spreadsheet function",
    }
    plan = PlanFactory(slug="formula-plan", glossary=glossary)
    if plan.priorities.exists():
        return plan
    priority = PriorityFactory(plan=plan, code="CSC", position=1)
    commitment = CommitmentFactory(priority=priority, text=HYPERLINK, position=1)
    for formula in FORMULAS:
        action = ActionFactory(
            commitment=commitment, title=formula, owner_organisation=world.csp_own
        )
        MilestoneFactory(action=action, title=formula)
    return plan


def _plan_table(world: World) -> Download:
    return Download(Role.PARTNER_EDITOR, {"slug": _plan(world).slug})


def _plan_file(world: World) -> Download:
    return Download(Role.OPCC_POLICY, {"slug": _plan(world).slug})


def _plan_report(world: World) -> Download:
    return Download(Role.OPCC_POLICY, {"slug": _plan(world).slug}, carries_formulas=False)


def _published_plan_report(world: World) -> Download:
    plan = _plan(world)
    published = report.report_publish(plan=plan, actor=None)
    kwargs = {"slug": plan.slug, "version": published.version}
    return Download(ANONYMOUS, kwargs, carries_formulas=False)


def _evidence(world: World) -> Download:
    action = _plan(world).priorities.get().commitments.get().actions.first()
    assert action is not None
    update = delivery_services.progress_update_add(
        action=action,
        actor=None,
        reported_on=action.start_date,
        status=action.status,
        summary=HYPERLINK,
        files=[SimpleUploadedFile(f"{HYPERLINK}.png", PNG)],
    )
    return Download(Role.PARTNER_VIEWER, {"pk": update.evidence.get().pk}, carries_formulas=False)


def _framework(slug: str = "formula-framework") -> Framework:
    framework_file, _, _ = example_files()
    toml = framework_file.read_text()
    toml = toml.replace('name = "All Crime"', f"name = {json.dumps(HYPERLINK)}", 1)
    toml = toml.replace(
        'name = "Police and Crime Prevention Plan 2021-25"', f"name = {json.dumps(FORMULAS[2])}"
    )
    record, _ = performance_services.framework_save(actor=None, slug=slug, toml=toml)
    return record


def _draft_table(world: World) -> Download:
    return Download(Role.OPCC_ANALYST, {"slug": _framework().slug})


def _framework_file(world: World) -> Download:
    return Download(Role.OPCC_ANALYST, {"slug": _framework().slug}, carries_formulas=False)


def _published_table(world: World) -> Download:
    record = _framework()
    snapshot = performance_services.publish(actor=None, record=record, title=HYPERLINK)
    return Download(ANONYMOUS, {"slug": record.slug, "number": snapshot.number})


def _icv_figures(world: World) -> Download:
    for formula in FORMULAS:
        site = SiteFactory(name=formula, organisation=world.csp_own)
        filed(VisitFactory(site=site, scheduled_on=datetime.date(2025, 6, 14)))
    return Download(Role.VOLUNTEER_COORDINATOR, queries=({"year": "2025"},))


def _icv_report(world: World) -> Download:
    report_pk = PublishedReportFactory(introduction=HYPERLINK).pk
    return Download(ANONYMOUS, {"pk": report_pk}, carries_formulas=False)


def _asb_figures(world: World) -> Download:
    case_at(
        Status.RECEIVED,
        coordinator=world.people[Role.ASB_COORDINATOR],
        owner=world.csp_own,
        district_name="Cheltenham",
    )
    # A district's name is what an analyst typed in the districts file `load-reference` read.
    District.objects.filter(name="Cheltenham").update(name=HYPERLINK)
    return Download(ANONYMOUS, queries=({"year": str(RECEIVED.year)},))


def _asb_letter(world: World) -> Download:
    case = case_at(
        Status.RECEIVED,
        coordinator=world.people[Role.ASB_COORDINATOR],
        owner=world.csp_own,
        district_name="Cheltenham",
    )
    kwargs = {"pk": case.pk, "kind": "acknowledgement"}
    return Download(Role.ASB_COORDINATOR, kwargs, carries_formulas=False)


def _applications(world: World) -> Download:
    # What a member of the public typed into the grant application form.
    for formula in FORMULAS:
        ApplicationFactory(project_title=formula, organisation_name=formula)
    return Download(Role.OPCC_COMMISSIONING)


def _commissioning_totals(world: World) -> Download:
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    district = District.objects.get(name="Cheltenham")
    district.name = HYPERLINK
    district.save()
    # A plan priority's code holds at most 10 characters: room for a short formula.
    priority = PriorityFactory(plan=_plan(world), code=FORMULAS[2])
    for formula in FORMULAS:
        round_ = RoundFactory(fund=FundFactory(name=formula), name=formula)
        Award.objects.create(
            round=round_,
            recipient=world.csp_own,
            district=district,
            priority=priority,
            title=formula,
            amount_pence=1_000,
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2026, 3, 31),
        )
    queries = ({"by": "summary"}, *({"by": by} for by in TOTAL_DIMENSIONS))
    return Download(Role.OPCC_COMMISSIONING, queries=queries, planted=(HYPERLINK, FORMULAS[2]))


def _grants_360(world: World) -> Download:
    # The award's title, the recipient's name and the fund's name are typed by people; a
    # published award reaches the public's 360Giving files.
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    for formula in FORMULAS:
        Award.objects.create(
            round=RoundFactory(fund=FundFactory(name=formula), name=formula),
            recipient=world.csp_own,
            title=formula,
            amount_pence=1_000,
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2026, 3, 31),
        )
    return Download(ANONYMOUS)


def _attachment(world: World) -> Download:
    attachment = Attachment(
        application=ApplicationFactory(),
        original_name=f"{HYPERLINK}.pdf",
        content_type="application/pdf",
        size=9,
    )
    attachment.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return Download(Role.OPCC_COMMISSIONING, {"pk": attachment.pk}, carries_formulas=False)


def _survey_estimates(world: World) -> Download:
    survey = Survey.objects.create(
        year=2025,
        title=HYPERLINK,
        codebook={"questions": []},
        source_file="survey.csv",
        population_year=2025,
    )
    # The codebook an analyst uploads names each question.
    for order, formula in enumerate(FORMULAS):
        question = SurveyQuestion.objects.create(
            survey=survey, code=formula[:40], text=formula, positive_label=formula, order=order
        )
        SurveyEstimate.objects.create(question=question, base=120, percent=-12.5)
    return Download(
        Role.OPCC_ANALYST, {"year": survey.year, "area": "county"}, planted=(HYPERLINK[:40],)
    )


def _hotspots(world: World) -> Download:
    # Cells, coordinates and counts: nothing anyone typed. Read back all the same.
    return Download(Role.OPCC_ANALYST, {"area": "county"}, carries_formulas=False)


def _open_data_feed(world: World) -> Download:
    # JSON: data, not a spreadsheet. It carries what the datasets carry (the ASB figures'
    # district names among them), written as they are.
    _asb_figures(world)
    return Download(ANONYMOUS, carries_formulas=False)


def _open_data_schema(world: World) -> Download:
    # The schema is a file the code ships: it describes data, and is not itself published data.
    return Download(ANONYMOUS, carries_formulas=False, is_publication=False)


PLANTS: dict[str, Callable[[World], Download]] = {
    "site:open_data_feed": _open_data_feed,
    "site:open_data_schema": _open_data_schema,
    "accounts:organisation_members_export": _members,
    "audit:event_export": _audit_log,
    "crime_data:summary": _crime_summary,
    "crime_data:force_summary": _crime_force_summary,
    "crime_data:import_rejected_rows": _rejected_rows,
    "delivery:action_export": _plan_table,
    "delivery:timeline_export": _plan_table,
    "delivery:plan_export": _plan_file,
    "delivery:report_pdf_export": _plan_report,
    "delivery:published_pdf_export": _published_plan_report,
    "delivery:evidence_export": _evidence,
    "performance:draft_download": _draft_table,
    "performance:framework_export": _framework_file,
    "performance:published_download": _published_table,
    "scrutiny:figures_export": _icv_figures,
    "scrutiny:public_report_export_pdf": _icv_report,
    "asb_reviews:figures_export": _asb_figures,
    "asb_reviews:letter_export": _asb_letter,
    "commissioning:application_export": _applications,
    "commissioning:report_export": _commissioning_totals,
    "commissioning:attachment_download": _attachment,
    "commissioning:public_grants_360": _grants_360,
    "voice:survey_export": _survey_estimates,
    "voice:hotspot_export": _hotspots,
    # Each app's own, from its tests/permission_rows.py.
    **app_declarations("DOWNLOAD_PLANTS"),
}


# -- finding the downloads ----------------------------------------------------------------


def _download_views(resolver: URLResolver, namespace: str = "") -> dict[str, object]:
    found: dict[str, object] = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            found |= _download_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "download_formats"):
            found[f"{namespace}:{pattern.name}"] = pattern.callback
    return found


DOWNLOADS = _download_views(get_resolver())


def test_every_download_is_planted() -> None:
    assert set(DOWNLOADS) == set(PLANTS)


def _fetch(view: object, url_name: str, download: Download, fmt: str) -> tuple[str, dict]:
    kwargs = dict(download.kwargs)
    query: dict[str, str] = {}
    if view.download_format_kwarg:  # type: ignore[attr-defined]
        kwargs[view.download_format_kwarg] = fmt  # type: ignore[attr-defined]
    elif view.download_format_query:  # type: ignore[attr-defined]
        query[view.download_format_query] = fmt  # type: ignore[attr-defined]
    return reverse(url_name, kwargs=kwargs), query


def _content(response) -> bytes:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _provenance(content: bytes, fmt: str) -> tuple[str, bool]:
    """The licence a published download names, and whether it says its publisher, its source
    and the date its figures stand at, read from the file itself."""
    if fmt == "csv":
        header, *rows = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
        assert rows and tuple(header[-4:]) == exports.ABOUT_COLUMNS
        publishers, sources, dates, licences = ({r[i] for r in rows} for i in (-4, -3, -2, -1))
        said = all(publishers) and all(sources) and all(DATE.fullmatch(d) for d in dates)
        return licences.pop().split(" (")[0] if len(licences) == 1 else "", said
    if fmt == "json" and "grants" in json.loads(content):
        # A 360Giving package says it in the standard's own fields.
        package = json.loads(content)
        licence = exports.OGL if package["license"] == exports.OGL_URL else package["license"]
        return licence, bool(package["publisher"]["name"] and DATE.fullmatch(package["modified"]))
    if fmt == "json":
        about = json.loads(content)["about"]
        return about["licence"], bool(about["source"] and DATE.fullmatch(about["as_at"]))
    if fmt in {"xlsx", "ods"}:
        about = _about_sheet(content, fmt)
        return about.get("licence", ""), bool(
            about.get("source") and DATE.fullmatch(about.get("as_at", ""))
        )
    if fmt == "pdf":
        text = " ".join(
            "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
        )
        said = re.search(r"Source: .+?\. As at (\d{4}-\d{2}-\d{2})\. Licence: (.+?) \(", text)
        return (said.group(2), True) if said else ("", False)
    raise AssertionError(f"no way to read the provenance of a {fmt} download")


def _about_sheet(content: bytes, fmt: str) -> dict[str, str]:
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        rows = workbook["About"].iter_rows(min_row=2, values_only=True)
        return {str(k): str(v) for k, v in rows}
    document = load_ods(io.BytesIO(content))
    table = next(
        t
        for t in document.spreadsheet.getElementsByType(Table)
        if t.getAttribute("name") == "About"
    )
    pairs = [
        [teletype.extractText(c) for c in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]
    return {k: v for k, v in pairs[1:]}


def _arrived_as_text(cells: list, fmt: str, planted: tuple[str, ...]) -> bool:  # type: ignore[type-arg]
    if fmt == "csv":
        return any(c.text.startswith(tuple("'" + p for p in planted)) for c in cells)
    return any(c.text.startswith(planted) and c.kind in {"s", "string"} for c in cells)


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.mark.parametrize("url_name", sorted(PLANTS))
def test_a_formula_typed_anywhere_reaches_the_download_as_text(  # type: ignore[no-untyped-def]
    client, world: World, url_name: str
) -> None:
    view = DOWNLOADS[url_name]
    download = PLANTS[url_name](world)
    if download.viewer != ANONYMOUS:
        client.force_login(world.people[download.viewer])
    for fmt in view.download_formats:  # type: ignore[attr-defined]
        url, format_query = _fetch(view, url_name, download, fmt)
        for query in download.queries:
            events = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
            response = client.get(url, {**query, **format_query})
            where = (url_name, fmt, query)
            assert response.status_code == 200, where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Content-Disposition"].startswith(("attachment;", "inline;")), where
            audited = AuditEvent.objects.filter(action=AuditAction.EXPORT).count() - events
            assert audited == (0 if download.viewer == ANONYMOUS else 1), where
            if download.viewer == ANONYMOUS and download.is_publication:
                assert _provenance(_content(response), fmt) == (exports.OGL, True), where
            if fmt not in READERS:
                continue  # PDF, TOML, JSON, GeoJSON, an uploaded file: not a spreadsheet
            cells = READERS[fmt](_content(response))
            assert not [c.text for c in cells if c.formula], where
            if download.carries_formulas:
                assert _arrived_as_text(cells, fmt, download.planted), where


def test_a_formula_in_a_download_of_e5f123c_would_have_run() -> None:
    """The reading side of the test above is not vacuous: it sees xlsxwriter's default."""
    import io

    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.add_worksheet().write(0, 0, HYPERLINK)
    workbook.close()
    assert [c.formula for c in READERS["xlsx"](output.getvalue())] == [True]
    plain = io.StringIO()
    csv.writer(plain).writerow([HYPERLINK])
    assert [c.formula for c in READERS["csv"](plain.getvalue().encode())] == [True]
    assert exports.csv_text(HYPERLINK) != HYPERLINK


def test_a_downloads_audit_event_keeps_its_filters_but_not_a_persons_name(  # type: ignore[no-untyped-def]
    client, world: World
) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    client.force_login(admin)
    searched = world.people[Role.VOLUNTEER].email
    response = client.get(
        reverse("audit:event_export"), {"actor": searched, "action": AuditAction.EXPORT}
    )
    assert response.status_code == 200
    _content(response)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=admin).latest("id")
    assert "action=export" in event.summary
    assert "actor (value not kept)" in event.summary
    assert searched not in json.dumps([event.summary, event.path, event.object_label])
