"""Uploading, following an import, and reading stored counts with their data quality."""

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data import import_locks, policeuk
from crimeplan.crime_data.constants import ImportStatus
from crimeplan.crime_data.models import ImportRun

pytestmark = pytest.mark.django_db
STREET_DIR = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"
GLOS_JAN = STREET_DIR / "2024-01" / "2024-01-gloucestershire-street.csv"


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def test_upload_runs_in_the_background_and_reports(
    client, world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_ANALYST])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crime_data:upload"),
            {
                "kind": "police_uk",
                "file": SimpleUploadedFile(GLOS_JAN.name, GLOS_JAN.read_bytes()),
            },
        )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("crime_data:import_detail", kwargs={"pk": run.pk})
    assert (run.status, run.rows_loaded, run.created_by) == (
        ImportStatus.SUCCEEDED,
        5000,
        world.people[Role.OPCC_ANALYST],
    )
    page = client.get(response["Location"]).content.decode()
    assert "5,000 read, 5,000 loaded, 0 rejected" in page
    assert GLOS_JAN.name in page


def test_upload_errors_are_explained_and_nothing_runs(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ANALYST])
    response = client.post(
        reverse("crime_data:upload"),
        {
            "kind": "police_uk",
            "file": SimpleUploadedFile("notes.txt", b"hello"),
        },
    )
    assert response.status_code == 200
    assert "The file must be a .csv, .json or .zip file" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_failed_upload_shows_why(
    client, world: World, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    bad = GLOS_JAN.read_text(encoding="utf-8").replace("Burglary", "Burgling", 1).encode()
    client.force_login(world.people[Role.OPCC_ANALYST])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crime_data:upload"),
            {"kind": "police_uk", "file": SimpleUploadedFile(GLOS_JAN.name, bad)},
        )
    page = client.get(response["Location"]).content.decode()
    assert "The import did not load" in page and "not a published crime type: Burgling" in page
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_running_import_page_refreshes_and_shows_progress(client, world: World) -> None:
    run = ImportRun.objects.create(
        kind="police_uk", status=ImportStatus.RUNNING, rows_read=2500, rows_expected=10000
    )
    client.force_login(world.people[Role.OPCC_ADMIN])
    # Held as a running import holds it: without it, the import would be one killed.
    with import_locks.import_run_lock(run.pk):
        page = client.get(
            reverse("crime_data:import_detail", kwargs={"pk": run.pk})
        ).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "2,500 rows read of about 10,000 (25%)" in page


def _upload(client, django_capture_on_commit_callbacks, name: str, content: bytes, **fields):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crime_data:upload"),
            {"kind": "police_uk", "file": SimpleUploadedFile(name, content), **fields},
        )
    return ImportRun.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_upload_messages_name_the_file_as_uploaded_never_the_server_path(
    client, world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """On the import's page, in its files, rejected rows and audit events: the name the file
    was uploaded under, whether DuckDB, the importer or the archive reader wrote the message."""
    client.force_login(world.people[Role.OPCC_ANALYST])
    data_dir = str(settings.CRIMEPLAN_DATA_DIR)
    lines = GLOS_JAN.read_bytes().split(b"\r\n")
    lines[3] += b",an extra field"
    extra_field = b"\r\n".join(lines)
    failed = _upload(client, django_capture_on_commit_callbacks, "glos (jan).csv", extra_field)
    page = client.get(reverse("crime_data:import_detail", kwargs={"pk": failed.pk})).content
    assert "glos (jan).csv, line 4: the file is not a well-formed CSV" in page.decode()
    skipped = _upload(
        client, django_capture_on_commit_callbacks, "glos (jan).csv", extra_field,
        skip_bad_rows="on",
    )  # fmt: skip
    response = client.get(reverse("crime_data:import_rejected_rows", kwargs={"pk": skipped.pk}))
    rejected = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["file"], r["line"]) for r in rejected] == [("glos (jan).csv", "4")]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(
            "2024-01/street.csv", GLOS_JAN.read_bytes().replace(b"On or near", b"\0", 1)
        )
    zipped = _upload(client, django_capture_on_commit_callbacks, "police.zip", archive.getvalue())
    assert zipped.message.startswith("police.zip:2024-01/street.csv, line 2: a NUL byte")
    pages = [
        client.get(reverse("crime_data:import_detail", kwargs={"pk": run.pk})).content.decode()
        for run in (failed, skipped, zipped)
    ]
    assert not any(data_dir in page for page in pages)
    for run in ImportRun.objects.all():
        assert data_dir not in run.message and all(data_dir not in f["name"] for f in run.files)
    assert not AuditEvent.objects.filter(summary__contains=data_dir).exists()


def test_an_upload_that_would_shrink_a_month_loads_only_when_confirmed(
    client, world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    policeuk.run(paths=[GLOS_JAN])
    client.force_login(world.people[Role.OPCC_ANALYST])
    half = b"\r\n".join(GLOS_JAN.read_bytes().split(b"\r\n")[:2501]) + b"\r\n"
    refused = _upload(client, django_capture_on_commit_callbacks, GLOS_JAN.name, half)
    page = client.get(reverse("crime_data:import_detail", kwargs={"pk": refused.pk})).content
    assert "5,000 rows held, 2,500 in this import" in page.decode()
    confirmed = _upload(
        client, django_capture_on_commit_callbacks, GLOS_JAN.name, half, allow_shrink="on"
    )
    assert (confirmed.status, confirmed.rows_loaded) == (ImportStatus.SUCCEEDED, 2500)


def test_a_killed_import_shows_as_failed_on_its_page(client, world: World) -> None:
    run = ImportRun.objects.create(kind="police_uk", status=ImportStatus.RUNNING)
    client.force_login(world.people[Role.OPCC_ANALYST])
    page = client.get(reverse("crime_data:import_detail", kwargs={"pk": run.pk})).content.decode()
    assert "The import did not load" in page and "its process ended" in page
    assert '<meta http-equiv="refresh"' not in page


def test_rejected_rows_download_is_audited(client, world: World, tmp_path: Path) -> None:
    bad = tmp_path / GLOS_JAN.name
    bad.write_text(
        GLOS_JAN.read_text(encoding="utf-8").replace("Burglary", "Burgling", 1), encoding="utf-8"
    )
    run = policeuk.run(paths=[bad], skip_bad_rows=True)
    client.force_login(world.people[Role.OPCC_ANALYST])
    response = client.get(reverse("crime_data:import_rejected_rows", kwargs={"pk": run.pk}))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["reason"] for r in rows] == ["not a published crime type: Burgling"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(run.pk)).exists()


def test_summary_shows_districts_with_the_rows_they_leave_out(client, world: World) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-01"])
    client.force_login(world.people[Role.PARTNER_VIEWER])
    response = client.get(
        reverse("crime_data:force_summary", kwargs={"police_uk_id": "gloucestershire"}),
        {"by": "month,district"},
    )
    page = response.content.decode()
    assert (
        "No LSOA, so no district" in page and "170 of 5,000 crimes (3.4%) had no location" in page
    )
    rows = {(r["month"], r["district"]): r["count"] for r in response.context["rows"]}
    assert rows[("2024-01", "Cheltenham")] == 1132
    assert rows[("2024-01", "No LSOA, so no district")] == 170


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_summary_downloads(client, world: World, file_format: str) -> None:
    policeuk.run(paths=[GLOS_JAN])
    client.force_login(world.people[Role.PARTNER_VIEWER])
    response = client.get(
        reverse("crime_data:force_summary", kwargs={"police_uk_id": "gloucestershire"}),
        {"by": "crime_type", "format": file_format},
    )
    if file_format == "csv":
        rows = {
            r["crime_type"]: int(r["count"])
            for r in csv.DictReader(io.StringIO(response.content.decode()))
        }
    elif file_format == "json":
        rows = {r["crime_type"]: r["count"] for r in json.loads(response.content)}
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Violence and sexual offences"] == 1953 and sum(rows.values()) == 5000
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="crime_data.CrimeCount"
    ).exists()


def test_quality_page_marks_missing_months(client, world: World) -> None:
    policeuk.run(
        paths=[
            STREET_DIR / "2024-01" / "2024-01-gloucestershire-street.csv",
            STREET_DIR / "2024-03" / "2024-03-gloucestershire-street.csv",
        ]
    )
    client.force_login(world.people[Role.OPCC_ANALYST])
    page = client.get(
        reverse("crime_data:quality", kwargs={"police_uk_id": "gloucestershire"})
    ).content.decode()
    assert '2024-02 <strong class="govuk-tag govuk-tag--red">Missing</strong>' in page


def test_crime_summary_command(reference: None, capsys) -> None:  # type: ignore[no-untyped-def]
    policeuk.run(paths=[STREET_DIR / "2024-01", STREET_DIR / "2024-02"])
    call_command(
        "crime_summary", "--force", "gloucestershire", "--from", "2024-02", "--by", "month,district"
    )
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["month"] for r in rows} == {"2024-02"}
    assert sum(int(r["count"]) for r in rows) == 4629
    assert "156 of 4,629 crimes" in err
    with pytest.raises(CommandError, match="not a month in the form YYYY-MM"):
        call_command("crime_summary", "--force", "gloucestershire", "--from", "Feb")
    with pytest.raises(CommandError, match="--by takes some of"):
        call_command("crime_summary", "--force", "gloucestershire", "--by", "colour")
    with pytest.raises(CommandError, match=r"no force with the police\.uk id 'atlantis'"):
        call_command("crime_summary", "--force", "atlantis")


def test_import_command_exits_with_the_error(reference: None, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("nonsense\n1\n")
    with pytest.raises(CommandError, match=r"x.csv, line 1: the header is not that of a police.uk"):
        call_command("import_policeuk", str(bad), "--no-progress")


def test_aggregates_template_upload_runs_in_the_background(
    client, world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.crime_data.models import AggregateValue

    template = (
        b"measure,area,period_start,period_end,value\n"
        b"homicide,gloucestershire,2019-01,2019-12,4\n"
        b"homicide,msg,2019-01,2019-12,58\n"
    )
    client.force_login(world.people[Role.OPCC_ANALYST])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crime_data:upload"),
            {"kind": "aggregates", "file": SimpleUploadedFile("measures.csv", template)},
        )
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert response["Location"] == reverse("crime_data:import_detail", kwargs={"pk": run.pk})
    values = dict(AggregateValue.objects.values_list("area_kind", "value"))
    assert (values["force"], values["msg"]) == (4, 58)


def test_template_upload_must_be_csv_or_excel(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ANALYST])
    response = client.post(
        reverse("crime_data:upload"),
        {"kind": "aggregates", "file": SimpleUploadedFile("x.zip", b"PK")},
    )
    assert "The file must be a .csv or .xlsx file" in response.content.decode()


def test_district_breakdown_of_a_force_without_lsoas_says_so(reference: None) -> None:
    from crimeplan.crime_data import selectors
    from crimeplan.geography.models import Force

    policeuk.run(paths=[STREET_DIR / "2024-01" / "2024-01-wiltshire-street.csv"])
    rows = selectors.crime_summary(
        force=Force.objects.get(police_uk_id="wiltshire"), by=["district"]
    )
    assert [r["district"] for r in rows] == [selectors.DISTRICTS_NOT_LOADED]
    assert rows[0]["count"] == 3842
