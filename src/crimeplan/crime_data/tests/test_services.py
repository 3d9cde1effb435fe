"""The upload service: the file saved where the import reads it, audited, queued on commit."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.crime_data import services
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun
from crimeplan.geography.models import Force

pytestmark = pytest.mark.django_db


def test_an_upload_is_saved_under_a_safe_name_audited_and_queued_on_commit(
    reference: None, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    queued: list[int] = []
    monkeypatch.setattr(services, "import_uploaded_files", SimpleNamespace(enqueue=queued.append))
    actor = UserFactory()
    force = Force.objects.get(police_uk_id="gloucestershire")
    upload = SimpleUploadedFile("../my data/Jan 2024 (final).csv", b"Crime ID,Month\n")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.upload_queue(
            upload=upload,
            kind=ImportKind.POLICE_UK,
            force=force,
            skip_bad_rows=True,
            allow_shrink=False,
            actor=actor,
        )
        assert not queued  # only once the transaction commits
    for callback in callbacks:
        callback()
    assert queued == [run.pk]
    run.refresh_from_db()
    saved = Path(settings.CRIMEPLAN_DATA_DIR) / "uploads" / f"run-{run.pk}" / "Jan_2024__final_.csv"
    assert run.source_paths == [str(saved)]
    assert saved.read_bytes() == b"Crime ID,Month\n"
    assert (run.kind, run.status, run.created_by, run.skip_bad_rows) == (
        ImportKind.POLICE_UK,
        ImportStatus.QUEUED,
        actor,
        True,
    )
    assert run.options == {
        "force_id": "gloucestershire",
        "allow_shrink": False,
        "file_names": ["Jan 2024 (final).csv"],
    }
    event = AuditEvent.objects.get(object_id=str(run.pk), action=AuditAction.IMPORT)
    assert event.summary == "Uploaded Jan_2024__final_.csv for import"


def test_an_upload_without_a_force_records_none(
    reference: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    run = services.upload_queue(
        upload=SimpleUploadedFile("figures.csv", b"area\n"),
        kind=ImportKind.AGGREGATES,
        force=None,
        skip_bad_rows=False,
        allow_shrink=True,
        actor=UserFactory(),
    )
    assert ImportRun.objects.get() == run
    assert run.options["force_id"] == "" and run.options["allow_shrink"] is True
