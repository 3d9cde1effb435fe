"""`run()`: one police.uk import from start to finish, as `crimeplan import-policeuk` and
the web upload's background task call it. Keeps the import record (files, checksums,
counts, outcome, audit) and drives the `Importer`."""

import contextlib
import os
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from ..constants import ImportKind, ImportStatus
from ..files import FileScan, scan_file
from ..import_locks import import_run_lock, import_runs_fail_killed
from ..importing import ImportFileError, import_run_start
from ..models import ImportRun
from .importer import Importer, ProgressCallback
from .reading import InputFile, discover
from .staging import DEFAULT_BATCH_BYTES


def run(
    *,
    paths: list[Path],
    actor: Any = None,
    skip_bad_rows: bool = False,
    force_id: str | None = None,
    api_covers_force: bool = False,
    progress: ProgressCallback | None = None,
    import_run: ImportRun | None = None,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    names: list[str] | None = None,
    allow_shrink: bool = False,
) -> ImportRun:
    """Imports police.uk files; returns the import record (status succeeded or failed).

    `names` say how messages name `paths` (an upload: the name it was uploaded under);
    by default, as given. A month held already is not replaced by one with over
    CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT fewer rows unless `allow_shrink`.

    Raises ImportFileError for bad input (after recording the failure), and re-raises
    anything else; in both cases the stored data is as it was before.
    """
    import_runs_fail_killed()
    run_record = import_run or import_run_start(
        kind=ImportKind.POLICE_UK, actor=actor, skip_bad_rows=skip_bad_rows
    )
    with import_run_lock(run_record.pk):
        run_record.status, run_record.started_at = ImportStatus.RUNNING, timezone.now()
        run_record.skip_bad_rows = skip_bad_rows
        if allow_shrink:
            run_record.options = {**run_record.options, "allow_shrink": True}
        importer: Importer | None = None
        try:
            importer = Importer(
                run_record,
                force_id=force_id,
                api_covers_force=api_covers_force,
                progress=progress,
                batch_bytes=batch_bytes,
            )
            files = list(discover(paths, importer.staging.folder / "unpacked", names))
            repeated = [name for name, n in Counter(f.name for f in files).items() if n > 1]
            if repeated:
                raise ImportFileError(repeated[0], "this file is given more than once")
            scans = _read_files(importer, run_record, files)
            importer.check_rows_read(files, scans)
            _record_outcome(run_record, importer)
            importer.check_shrink(allow_shrink=allow_shrink)
            importer.publish(finish=lambda: _record_success(run_record, actor))
        except BaseException as error:
            if importer is not None:
                importer.close()
            _record_failure(run_record, error, actor, importer)
            raise
        importer.close()
    return run_record


def _read_files(
    importer: Importer, run_record: ImportRun, files: list[InputFile]
) -> list[FileScan]:
    """Reads the files into staging and returns their scans (checksums and record counts),
    which a low-priority thread works out while DuckDB reads."""
    sizes = Counter(f.path.stat().st_size for f in files)
    # Files of a size no other file has cannot be copies of one: they are scanned while
    # DuckDB reads (hashlib and numpy let other threads run), the others first.
    early = {f.name: _scan(f) for f in files if sizes[f.path.stat().st_size] > 1}
    _refuse_copies(
        [f for f in files if f.name in early],
        [early[f.name].sha256 for f in files if f.name in early],
    )
    with ThreadPoolExecutor(max_workers=1, initializer=_lower_priority) as scanner:
        later = scanner.map(_scan, [f for f in files if f.name not in early])
        run_record.files = [
            {"name": f.name, "kind": f.kind, "bytes": f.path.stat().st_size} for f in files
        ]
        # About 120 bytes a row in police.uk street files: good enough for a progress bar.
        run_record.rows_expected = sum(f.path.stat().st_size for f in files) // 120
        run_record.save()
        try:
            importer.read(files)
        except BaseException:
            # Scans not started yet are not worth waiting for.
            scanner.shutdown(wait=False, cancel_futures=True)
            raise
        scans = [early[f.name] if f.name in early else next(later) for f in files]
    for record, scan in zip(run_record.files, scans, strict=True):
        record["sha256"] = scan.sha256
    return scans


def _scan(input_file: InputFile) -> FileScan:
    return scan_file(
        input_file.path,
        csv_records=not input_file.is_json,
        max_record_bytes=settings.CRIMEPLAN_IMPORT_MAX_RECORD_BYTES,
    )


def _lower_priority() -> None:
    """Lowers the checksum thread's priority (Linux sets it per thread), so that DuckDB's
    threads go first and the checksums take the CPU time they leave: about a quarter of a
    core while DuckDB reads. Measured: half a second less for a national year."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def _refuse_copies(files: list[InputFile], digests: list[str]) -> None:
    first_of: dict[str, str] = {}
    for input_file, digest in zip(files, digests, strict=True):
        earlier = first_of.setdefault(digest, input_file.name)
        if earlier != input_file.name:
            raise ImportFileError(input_file.name, f"the same file as {earlier}")


def _record_outcome(run_record: ImportRun, importer: Importer) -> None:
    """Fills in the import record of an import about to publish (saved as it publishes)."""
    results = [importer.file_results[f["name"]] for f in run_record.files]
    for record, result in zip(run_record.files, results, strict=True):
        record.update(
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_rejected=result.rows_rejected,
            kind=result.kind,
        )
    run_record.rows_read = sum(r.rows_read for r in results)
    run_record.rows_loaded = sum(r.rows_loaded for r in results)
    run_record.rows_rejected = sum(r.rows_rejected for r in results)
    summaries = importer.summaries
    if summaries.unplaced_rejections:
        run_record.message += (
            f"{summaries.unplaced_rejections:,} rejected rows had no valid force and month, "
            "so they are counted in no month's data quality; they are in the rejected rows file."
        )
    loaded = summaries.loaded_slices()
    run_record.months = sorted({month for _, _, month in loaded})
    run_record.forces = sorted({force for _, force, _ in loaded})
    untouched = sorted(f"{force} {month}" for (_, force, month), stats in summaries.slices.items()
                       if not stats.rows)  # fmt: skip
    if untouched:
        run_record.message += (
            f" Every row was rejected for {', '.join(untouched)}: what was held for those "
            "months is unchanged."
        )
    run_record.status, run_record.finished_at = ImportStatus.SUCCEEDED, timezone.now()


def _record_success(run_record: ImportRun, actor: Any) -> None:
    """Saves the record of an import as it publishes, in the publishing transaction."""
    run_record.save()
    shrink = " (shrinking months confirmed)" if run_record.options.get("allow_shrink") else ""
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=run_record,
        summary=f"police.uk import: {run_record.rows_loaded:,} rows loaded, "
        f"{run_record.rows_rejected:,} rejected, {len(run_record.files)} files{shrink}",
    )


def _record_failure(
    run_record: ImportRun, error: BaseException, actor: Any, importer: Importer | None
) -> None:
    run_record.status, run_record.finished_at = ImportStatus.FAILED, timezone.now()
    if isinstance(error, ImportFileError):
        message = str(error)
    else:
        message = f"The import stopped ({error.__class__.__name__}: {error}); nothing was changed."
    message = (
        importer.scrubbed(message)
        if importer is not None
        else message.replace(str(settings.CRIMEPLAN_DATA_DIR), "CRIMEPLAN_DATA_DIR")
    )
    # A value quoted from a hostile file can be long; the start says what went wrong.
    run_record.message = message[:2000]
    run_record.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=run_record,
        summary=f"police.uk import failed, nothing changed: {run_record.message}"[:500],
    )
