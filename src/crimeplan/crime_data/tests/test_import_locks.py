"""An import whose process was killed is marked failed at the next import, and what it left
is removed; an import still running is never taken for one killed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.crime_data import aggregates, import_locks, policeuk
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun

pytestmark = pytest.mark.django_db
GLOS_JAN = (
    Path(settings.CRIMEPLAN_SHARED_DATA)
    / "police-uk-street-2024-jan-apr"
    / "2024-01"
    / "2024-01-gloucestershire-street.csv"
)
# A process that holds an import's lock, as the process running that import does, until
# it is killed.
HOLDER = """
import sys, time
import django
django.setup()
from crimeplan.crime_data.import_locks import import_run_lock
with import_run_lock(int(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def left_behind(run_id: int) -> list[Path]:
    """Files as an import killed half-way leaves them: staged Parquet, an unpublished version
    folder and a half-written rejected-rows file."""
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    paths = [
        data_dir / "staging" / f"run-{run_id}" / "street" / "part-00001.parquet",
        data_dir / "policeuk" / "street" / f"run-{run_id}" / "part-00001.parquet",
        data_dir / "imports" / f"run-{run_id}" / "rejected-rows.csv",
    ]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    return paths


def test_an_import_whose_process_was_killed_is_marked_failed_at_the_next_import(
    reference: None,
) -> None:
    run = ImportRun.objects.create(kind=ImportKind.POLICE_UK)
    files = left_behind(run.pk)
    holder = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", HOLDER, str(run.pk)],
        stdout=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "crimeplan.settings.test",
            "CRIMEPLAN_DATA_DIR": str(settings.CRIMEPLAN_DATA_DIR),
        },
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
        # While its process lives, the import is running: the next import leaves it be.
        policeuk.run(paths=[GLOS_JAN])
        run.refresh_from_db()
        assert run.status == ImportStatus.RUNNING and all(path.exists() for path in files)
    finally:
        holder.kill()
        holder.wait()
    policeuk.run(paths=[GLOS_JAN])
    run.refresh_from_db()
    assert (run.status, run.message) == (ImportStatus.FAILED, import_locks.KILLED_MESSAGE)
    assert run.finished_at is not None
    assert not any(path.exists() for path in files)
    assert not (Path(settings.CRIMEPLAN_DATA_DIR) / "staging" / f"run-{run.pk}").exists()
    event = AuditEvent.objects.get(action=AuditAction.IMPORT, object_id=str(run.pk))
    assert "found stopped" in event.summary


def test_a_running_import_is_never_taken_for_one_killed(reference: None) -> None:
    """Every import checks for killed ones before it starts: an import running meanwhile (here,
    checked from inside its own progress report) holds its lock and is left alone."""
    found: list[list[int]] = []

    def check_while_running(done: int, latest: int) -> None:
        found.append(import_locks.import_runs_fail_killed())

    run = policeuk.run(paths=[GLOS_JAN], progress=check_while_running)
    assert found == [[]]
    assert run.status == ImportStatus.SUCCEEDED


def test_every_importer_marks_killed_imports_failed(reference: None, tmp_path: Path) -> None:
    killed = ImportRun.objects.create(kind=ImportKind.AGGREGATES, status=ImportStatus.RUNNING)
    template = tmp_path / "figures.csv"
    template.write_text(
        "measure,area,period_start,period_end,value\nstalking,gloucestershire,2024-01,2024-03,12\n",
        encoding="utf-8",
    )
    aggregates.run(paths=[template])
    killed.refresh_from_db()
    assert killed.status == ImportStatus.FAILED
