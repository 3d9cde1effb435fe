"""Tells an import that is running from one whose process was killed, and marks the latter
failed.

A running import holds an exclusive lock (flock) on a file of its own under
`CRIMEPLAN_DATA_DIR/running/` from before its record says "running" until after its record
says how it ended. The kernel lets go of the lock when the process ends, however it ends (a
kill, an out-of-memory kill, a restart), so a record still saying "running" whose lock can
be taken belongs to a process that is gone. `import_runs_fail_killed()` marks those failed
and removes what they left (staging folders, unpublished Parquet, half-written rejected-row
files); every import calls it before it starts, and so do the import pages.

The data folder must be shared by every process that imports (one server, or a shared
file system whose locks work across hosts, such as NFSv4).
"""

import contextlib
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from .constants import ImportStatus
from .models import ImportRun, Slice

logger = logging.getLogger(__name__)

KILLED_MESSAGE = (
    "The import stopped before it finished: its process ended (it was killed, ran out of "
    "memory, or the server restarted). Nothing it read was stored; run it again."
)


def _lock_path(run_id: int) -> Path:
    return Path(settings.CRIMEPLAN_DATA_DIR) / "running" / f"import-{run_id}.lock"


def _open_lock(run_id: int) -> int:
    path = _lock_path(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@contextlib.contextmanager
def import_run_lock(run_id: int) -> Iterator[None]:
    """Held by an import for as long as its record may say "running": take it before the
    record is saved as running, and leave it only after the record says how it ended."""
    handle = _open_lock(run_id)
    try:
        # Blocking: only a check of a killed import (never of this new one) can hold it,
        # and only for a moment.
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        _lock_path(run_id).unlink(missing_ok=True)
        os.close(handle)


def import_runs_fail_killed() -> list[int]:
    """Marks failed every import recorded as running whose process has ended, removing its
    staging folder and anything else it left; returns their ids. Audited, one event each."""
    failed = []
    for run_id in ImportRun.objects.filter(status=ImportStatus.RUNNING).values_list(
        "pk", flat=True
    ):
        handle = _open_lock(run_id)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its process is running it
            if _mark_failed(run_id):
                failed.append(run_id)
            _lock_path(run_id).unlink(missing_ok=True)
        finally:
            os.close(handle)
    return failed


def _mark_failed(run_id: int) -> bool:
    # Only if still running: the import may have finished between the listing and the lock.
    changed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), message=KILLED_MESSAGE
    )
    if not changed:
        return False
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    shutil.rmtree(data_dir / "staging" / f"run-{run_id}", ignore_errors=True)
    shutil.rmtree(data_dir / "imports" / f"run-{run_id}", ignore_errors=True)
    if not Slice.objects.filter(import_run_id=run_id).exists():
        for folder in (data_dir / "policeuk").glob(f"*/run-{run_id}"):
            shutil.rmtree(folder, ignore_errors=True)
    run = ImportRun.objects.get(pk=run_id)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        instance=run,
        summary=f"Import {run_id} was found stopped (its process had ended): marked failed, "
        "its staging folder removed, nothing it read stored",
    )
    logger.warning("Import %s was found stopped (its process had ended): marked failed", run_id)
    return True
