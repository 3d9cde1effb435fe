"""What every importer of crime data shares: the one error for bad input, rejected rows and
their file, reading CSV records, and the import record's life (queued, running, failed).

The police.uk importer (`policeuk`), the Home Office recorded-crime importer
(`recorded_crime`), the aggregated-data and population templates (`aggregates`) and the
performance framework's file reader all raise `ImportFileError`, whose message names the
file and, where it can, the line (or sheet row, or JSON record) and the field:
"<file>, line 3, field 'Month': <what is wrong>".
"""

import contextlib
import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from .constants import ImportKind, ImportStatus
from .files import sha256_of
from .import_locks import import_run_lock, import_runs_fail_killed
from .models import ImportRun

REJECTED_EXAMPLES = 5
# The columns of an import's rejected rows file (`rejected_rows_path`).
REJECTED_ROWS_HEADER = ["file", "line", "field", "reason", "values"]


class ImportFileError(Exception):
    """Bad input: names the file and, where it can, the line (or sheet row, or JSON record)
    and the field."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        field_name: str | None = None,
        line_label: str = "line",
    ) -> None:
        self.file, self.line, self.field_name, self.detail = file, line, field_name, message
        where = file
        if line is not None:
            where += f", {line_label} {line}"
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


def rejected_rows_path(run: ImportRun) -> Path:
    """Where an import run writes its rejected rows, with their reasons (skip_bad_rows)."""
    return Path(settings.CRIMEPLAN_DATA_DIR) / "imports" / f"run-{run.pk}" / "rejected-rows.csv"


class RejectedRowsFile:
    """An import run's rejected rows file (`rejected_rows_path`), header written on opening:
    one row for each row set aside, with its file, line, field, reason and values as read.

    An internal file: the page's download writes it out again through `core.exports`."""

    def __init__(self, run: ImportRun) -> None:
        self.path = rejected_rows_path(run)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(REJECTED_ROWS_HEADER)

    def add(
        self, file: str, line: int | None, field_name: str | None, reason: str, values: str
    ) -> None:
        self._writer.writerow([file, line, field_name, reason, values])

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "RejectedRowsFile":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass(frozen=True)
class Rejection:
    error: ImportFileError
    values: str


@dataclass
class RejectedRows:
    """Rows set aside by an import run with skip_bad_rows, each with its reason."""

    rows: list[Rejection] = field(default_factory=list)

    def add(self, error: ImportFileError, values: Iterable[object]) -> None:
        self.rows.append(Rejection(error, ",".join("" if v is None else str(v) for v in values)))

    def by_field(self) -> Counter[str]:
        return Counter(r.error.field_name or "(whole line)" for r in self.rows)

    def summary(self) -> str:
        """One paragraph for the import record: counts by field, then the first few reasons."""
        if not self.rows:
            return ""
        counts = "; ".join(f"{name}: {n:,}" for name, n in sorted(self.by_field().items()))
        examples = " | ".join(str(r.error) for r in self.rows[:REJECTED_EXAMPLES])
        more = " | ..." if len(self.rows) > REJECTED_EXAMPLES else ""
        return f"{rows_text(len(self.rows))} rejected ({counts}). {examples}{more}"

    def write(self, run: ImportRun) -> str:
        """Writes every rejected row, with its reason, to a CSV beside the import record."""
        with RejectedRowsFile(run) as rejected:
            for row in self.rows:
                error = row.error
                rejected.add(error.file, error.line, error.field_name, error.detail, row.values)
        return str(rejected.path)


def rows_text(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def file_record(path: Path, *, kind: str, name: str | None = None) -> dict[str, Any]:
    """The file's entry in ImportRun.files: its name (`name`, else its path), size and
    SHA-256."""
    if not path.is_file():
        raise ImportFileError(name or str(path), "file not found")
    return {
        "name": name or str(path),
        "kind": kind,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def csv_records(path: Path, *, name: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each record of a UTF-8 CSV file, header first; blank lines left out.
    Errors name the file by `name` (default: its path)."""
    shown = name or str(path)
    raw = path.read_bytes()
    if (nul := raw.find(b"\0")) != -1:
        # Python's csv module reads it as a character; PostgreSQL refuses it in text.
        line = raw[:nul].count(b"\n") + 1
        raise ImportFileError(shown, "a NUL byte: this is not a text file", line=line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFileError(
            shown, "not UTF-8 text: save the file as 'CSV UTF-8'", line=line
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            shown, f"not a well-formed CSV file: {error}", line=reader.line_num
        ) from None


def refuse_empty(
    name: str, *, rows_read: int, rejections: list[Rejection], line_label: str = "line"
) -> None:
    """A file that gave no valid row imported nothing: an error, never a success.
    `rejections`: the file's rows set aside by skip_bad_rows."""
    if not rows_read:
        raise ImportFileError(
            name, "the file holds no rows, only a header", line=2, line_label=line_label
        )
    if len(rejections) >= rows_read:
        raise ImportFileError(
            name,
            f"none of its {rows_text(rows_read)} is valid: every one was rejected, the first "
            f"for this: {rejections[0].error}",
        )


def import_run_start(*, kind: ImportKind, actor: Any, skip_bad_rows: bool) -> ImportRun:
    """The record of a new import, queued: `import_run_running` marks it running."""
    return ImportRun.objects.create(
        kind=kind,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        skip_bad_rows=skip_bad_rows,
    )


@contextlib.contextmanager
def import_run_running(run: ImportRun) -> Iterator[ImportRun]:
    """Marks the import running for as long as the block runs, holding its lock
    (`import_locks`) so that no other process takes it for killed; the block records how
    it ended. An import killed before is marked failed first."""
    import_runs_fail_killed()
    with import_run_lock(run.pk):
        run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
        run.save()
        yield run


def import_run_fail(run: ImportRun, error: BaseException, *, actor: Any, label: str) -> None:
    """Records a failed run (the data transaction has been rolled back) and audits it."""
    run.status, run.finished_at = ImportStatus.FAILED, timezone.now()
    run.message = (
        str(error)
        if isinstance(error, ImportFileError)
        else f"The import stopped ({error.__class__.__name__}: {error}); nothing was changed."
    ).replace(str(settings.CRIMEPLAN_DATA_DIR), "CRIMEPLAN_DATA_DIR")
    run.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=run,
        summary=f"{label} failed, nothing changed: {run.message}",
    )
