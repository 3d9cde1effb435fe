"""Imports police.uk data: archive zips, extracted folders, monthly CSVs and API JSON.

`run()` is what `crimeplan import-policeuk` and the web upload's background task call. Each
batch of files is copied by DuckDB to Parquet under a staging folder in one pass and every
row then tested against the rules (published categories, month format, known forces, UK
coordinates, LSOA code shape), and its counts are added to summaries held in DuckDB. Only
when every file has been read are the (force, month, kind) slices swapped into place and
the summary tables in the app database replaced, in one transaction: importing the same
files twice leaves the same totals, and a failure leaves what was there before.

A malformed row stops the import with the file, line and field named, unless
`skip_bad_rows` is set: then good rows load and the rejected ones are written, with their
reasons, to a CSV file beside the import record.
"""

import contextlib
import csv
import datetime
import itertools
import json
import logging
import os
import re
import shutil
import sys
import threading
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.geography.models import Force, Lsoa

from .categories import police_uk_categories
from .constants import DatasetKind, ImportKind, ImportStatus
from .files import FileScan, archive_problem, scan_file
from .import_locks import import_run_lock, import_runs_fail_killed
from .models import CrimeCount, ImportRun, OutcomeCount, Slice, StopSearchCount

logger = logging.getLogger(__name__)

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]  # fmt: skip
STOP_SEARCH_HEADER = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude",
    "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
    "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]  # fmt: skip
HEADERS = {
    DatasetKind.STREET: STREET_HEADER,
    DatasetKind.OUTCOMES: OUTCOMES_HEADER,
    DatasetKind.STOP_AND_SEARCH: STOP_SEARCH_HEADER,
}
# What the stored Parquet calls each kind's outcome (the rules and the CSV columns call it
# `outcome`): the archive's own header names, in snake case.
STORED_OUTCOME = {
    DatasetKind.STREET: "last_outcome_category",
    DatasetKind.STREET_API: "last_outcome_category",
    DatasetKind.OUTCOMES: "outcome_type",
    DatasetKind.STOP_AND_SEARCH: "outcome",
}
STOP_SEARCH_NAME = re.compile(r"(\d{4}-\d{2})-(?P<force>[a-z-]+)-stop-and-search\.csv$")
# The United Kingdom's extent, with a margin: police.uk snap points never fall outside it.
LONGITUDE_RANGE = (-8.7, 1.8)
LATITUDE_RANGE = (49.8, 60.9)
LSOA_PATTERN = "[EW]01[0-9]{6}"
# A path DuckDB reads as itself, not as a pattern.
PLAIN_PATH = re.compile(r"[\w/.,:@+ ()-]+")
MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
DATETIME_PATTERN = (
    MONTH_PATTERN
    + "-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?)?([+-][0-9]{2}:?[0-9]{2}|Z)?"
)


class Rule(NamedTuple):
    """A rule every row must keep."""

    field: str  # the field named in the message
    broken: str  # SQL over the typed columns: the row breaks the rule
    reason: str  # SQL: why, for the message
    # The columns whose value alone decides the rule (a few hundred distinct values in
    # millions of rows): a streamed batch is tested once per distinct value, not per row.
    # Empty: tested row by row.
    values: tuple[str, ...] = ()


class PoliceUkImportError(Exception):
    """Bad input: names the file, the line (or JSON record) and the field."""

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        field_name: str | None = None,
        line_label: str = "line",
    ):
        self.file, self.line, self.field_name, self.detail = file, line, field_name, message
        where = file
        if line is not None:
            where += f", {line_label} {line}"
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class InputFile:
    """One file to read: where it is now, how to name it in messages, what it holds."""

    path: Path
    name: str
    kind: DatasetKind
    is_json: bool = False
    force_hint: str | None = None


@dataclass
class FileResult:
    name: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0


@dataclass
class SliceStats:
    rows: int = 0
    without_location: int = 0
    without_lsoa: int = 0
    duplicate_crime_ids: int = 0
    rejected: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)


@dataclass
class PreparedFile:
    """A file as DuckDB reads it (API JSON is turned into a street CSV first)."""

    input_file: InputFile
    source: Path
    kind: DatasetKind
    line_label: str
    size: int
    number: int  # the file's place in the import (ImportRun.files), stored with its rows


BadLine = tuple[int, str, str, str]  # (line, field, reason, the raw line)
ProgressCallback = Callable[[int, int], None]
# Files are streamed to Parquet this many bytes at a time: the copy streams, so memory does
# not grow with the batch, and few statements keep both cores busy to the end.
DEFAULT_BATCH_BYTES = 1024 * 1024 * 1024
# The row-by-row read (`_check`) holds its files in a table: a quarter of that at a time.
CHECK_BATCH_BYTES = 256 * 1024 * 1024
# A DuckDB message is cut to this many characters: it may quote a whole (hostile) line.
MESSAGE_CHARACTERS = 400


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_tuple(values: frozenset[str]) -> str:
    return "(" + ", ".join(_sql_string(v) for v in sorted(values)) + ")"


def detect_kind(path: Path, display_name: str) -> tuple[DatasetKind, bool]:
    """Tells a file's kind from its header (CSV) or its records (police.uk API JSON)."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PoliceUkImportError(
            display_name, "the file is UTF-16 text; police.uk files are UTF-8", line=1
        )
    if b"\0" in start:
        raise PoliceUkImportError(
            display_name,
            "a NUL byte: this is not a text file",
            line=start[: start.index(b"\0")].count(b"\n") + 1,
        )
    text = start.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("["):
        return DatasetKind.STREET_API, True
    first_line = text.splitlines()[0] if text else ""
    header = next(csv.reader([first_line]), [])
    for kind, expected in HEADERS.items():
        if header == expected:
            return kind, False
    raise PoliceUkImportError(
        display_name,
        "the header is not that of a police.uk street, outcomes or stop-and-search file "
        f"(found: {', '.join(header[:6]) or 'nothing'})",
        line=1,
    )


def discover(
    paths: list[Path], workdir: Path, names: list[str] | None = None
) -> Iterator[InputFile]:
    """The files to import, in a stable order: zips are unpacked into `workdir`. `names`
    say how messages name the given paths (an upload by the name it was uploaded under,
    never where the server keeps it); by default, as given."""
    for number, given in enumerate(paths):
        shown = names[number] if names else str(given)
        if not given.exists():
            raise PoliceUkImportError(shown, "file or folder not found")
        if given.is_dir():
            members = sorted(p for p in given.rglob("*") if p.suffix.lower() in {".csv", ".json"})
            if not members:
                raise PoliceUkImportError(shown, "the folder holds no .csv or .json files")
            for member in members:
                inside = f"{shown}/{member.relative_to(given)}" if names else str(member)
                yield _input_file(member, inside)
        elif zipfile.is_zipfile(given):
            yield from _unpack(given, workdir / f"zip-{number:04d}", shown)
        elif given.suffix.lower() == ".zip":
            raise PoliceUkImportError(shown, "not a zip archive, or a damaged one")
        else:
            yield _input_file(given, shown)


def _unpack(archive: Path, target: Path, shown: str) -> Iterator[InputFile]:
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PoliceUkImportError(shown, f"the archive cannot be read: {error}") from None
    with bundle:
        wanted = sorted(
            (m for m in bundle.infolist() if m.filename.lower().endswith((".csv", ".json"))),
            key=lambda m: m.filename,
        )
        _refuse_bombs(shown, bundle.infolist(), wanted)
        for number, member in enumerate(wanted):
            # Numbered, so that members of the same name in different folders stay apart.
            destination = target / f"{number:05d}-{Path(member.filename).name}"
            destination.parent.mkdir(parents=True, exist_ok=True)
            _extract(bundle, member, destination, f"{shown}:{member.filename}")
            yield _input_file(destination, f"{shown}:{member.filename}")


def _refuse_bombs(
    shown: str, members: list[zipfile.ZipInfo], wanted: list[zipfile.ZipInfo]
) -> None:
    """Refuses, before anything is unpacked, an archive that would fill the disk or take
    hours: see `files.archive_problem`."""
    if not wanted and len(members) <= settings.CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS:
        raise PoliceUkImportError(shown, "the archive holds no .csv or .json files")
    if problem := archive_problem(members, wanted):
        member, message = problem
        raise PoliceUkImportError(f"{shown}:{member}" if member else shown, message)


def _extract(bundle: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, shown: str) -> None:
    """Copies a member out, stopping as soon as it gives more bytes than its header
    declares: the declared sizes are what `_refuse_bombs` checked."""
    written = 0
    try:
        with bundle.open(member) as source, target.open("wb") as sink:
            while block := source.read(1 << 20):
                written += len(block)
                if written > member.file_size:
                    raise PoliceUkImportError(
                        shown,
                        f"it unpacks to more than the {member.file_size:,} bytes its header "
                        "declares: the archive is damaged or made to mislead; unpacking stopped",
                    )
                sink.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # CRC mismatches, truncated data, unsupported methods, encrypted members.
        raise PoliceUkImportError(shown, f"it cannot be unpacked: {error}") from None
    if written != member.file_size:
        raise PoliceUkImportError(
            shown,
            f"it unpacks to {written:,} bytes where its header declares {member.file_size:,}: "
            "the archive is damaged",
        )


def _input_file(path: Path, name: str) -> InputFile:
    kind, is_json = detect_kind(path, name)
    hint = None
    if kind == DatasetKind.STOP_AND_SEARCH and (match := STOP_SEARCH_NAME.search(path.name)):
        hint = match.group("force")
    return InputFile(path=path, name=name, kind=kind, is_json=is_json, force_hint=hint)


class Importer:
    """One import run: reads files into staging, then publishes slices and summaries."""

    def __init__(
        self,
        run: ImportRun,
        *,
        force_id: str | None,
        api_covers_force: bool,
        progress: ProgressCallback | None,
        batch_bytes: int,
    ) -> None:
        self.run = run
        self.force_id = force_id
        self.api_covers_force = api_covers_force
        self.progress = progress
        self.data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
        self.staging = self.data_dir / "staging" / f"run-{run.pk}"
        known = list(Force.objects.values_list("police_uk_id", "name", "pk"))
        self.forces = {name: force_id for force_id, name, _ in known}
        self.force_pks = {force_id: pk for force_id, _, pk in known}
        self.force_names = {force_id: name for force_id, name, _ in known}
        self.categories = police_uk_categories()
        self.slices: dict[tuple[str, str, str], SliceStats] = defaultdict(SliceStats)
        self.file_results: dict[str, FileResult] = {}
        self.batch_bytes = batch_bytes
        self.batches = 0
        self.parts = 0
        self.json_files = 0
        self.unplaced_rejections = 0
        self.forces_with_lsoas: set[str] = set()
        self.rules: dict[str, list[Rule]] = {}
        self.slice_files: dict[tuple[str, str, str], str] = {}
        self.by_source: dict[str, PreparedFile] = {}
        self.sources: set[str] = set()
        self.rejected_writer: Any = None
        self.rejected_handle: Any = None
        self.rows_done = 0
        # How messages name each path DuckDB may quote: the file's own name, never where
        # the server keeps it.
        self.path_names: dict[str, str] = {}
        # Rows each API JSON file holds (CSV files are counted by their scans).
        self.json_records: dict[str, int] = {}
        self.db = duckdb.connect()
        # Inside the staging folder, so that a killed import's spill goes with it.
        spill = self.staging / "duckdb-tmp"
        spill.mkdir(parents=True, exist_ok=True)
        self.db.execute(f"SET temp_directory = {_sql_string(str(spill))}")
        self.db.execute(f"SET memory_limit = {_sql_string(settings.CRIMEPLAN_DUCKDB_MEMORY)}")
        self.db.execute("SET preserve_insertion_order = true")
        self.db.execute(
            "CREATE TEMP TABLE crime_summary (kind VARCHAR, force VARCHAR, month VARCHAR, "
            "district_id BIGINT, has_lsoa BOOLEAN, outside_area BOOLEAN, crime_type VARCHAR, "
            "n BIGINT)"
        )
        self.db.execute(
            "CREATE TEMP TABLE outcome_summary (kind VARCHAR, force VARCHAR, month VARCHAR, "
            "crime_type VARCHAR, outcome VARCHAR, n BIGINT)"
        )
        self.db.execute(
            "CREATE TEMP TABLE stop_summary (force VARCHAR, month VARCHAR, search_type VARCHAR, "
            "object_of_search VARCHAR, outcome VARCHAR, ethnicity VARCHAR, n BIGINT)"
        )
        self._load_lookups()

    # -- reading ---------------------------------------------------------------------------

    def read(self, files: list[InputFile]) -> None:
        """Reads the files in batches of one kind, about `batch_bytes` at a time, so that
        DuckDB works on many files per statement but memory stays bounded."""
        prepared = [self._prepare(number, f) for number, f in enumerate(files)]
        order = [DatasetKind.STREET, DatasetKind.STREET_API, DatasetKind.OUTCOMES,
                 DatasetKind.STOP_AND_SEARCH]  # fmt: skip
        # Street files first: outcomes take their crime types from street data.
        for kind in sorted({p.kind for p in prepared}, key=order.index):
            for batch in _batches([p for p in prepared if p.kind == kind], self.batch_bytes):
                self._read_batch(kind, batch)

    def _prepare(self, number: int, input_file: InputFile) -> PreparedFile:
        """What DuckDB reads for a file: the file itself, or a link to it under a generated
        name when its path holds a character DuckDB would read as a pattern (`*`, `?`,
        `[...]`) or is read twice. API JSON becomes a street-file CSV first."""
        self.path_names[str(input_file.path)] = input_file.name
        self.path_names[str(input_file.path.resolve())] = input_file.name
        if input_file.is_json:
            source = self._json_to_street_csv(input_file)
            self.path_names[str(source)] = input_file.name
            kind = DatasetKind.STREET if self.api_covers_force else DatasetKind.STREET_API
            return PreparedFile(input_file, source, kind, "record", source.stat().st_size, number)
        if input_file.kind == DatasetKind.STOP_AND_SEARCH:
            self._stop_search_force(input_file)
        source = input_file.path.resolve()
        if not PLAIN_PATH.fullmatch(str(source)) or str(source) in self.sources:
            source = self.staging / "inputs" / f"input-{number:05d}.csv"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.symlink_to(input_file.path.resolve())
        self.sources.add(str(source))
        self.path_names[str(source)] = input_file.name
        size = source.stat().st_size
        return PreparedFile(input_file, source, input_file.kind, "line", size, number)

    def _stop_search_force(self, input_file: InputFile) -> str:
        """The force of a stop-and-search file: its name says it (as the archive's do), or
        --force does; when both do, they must agree."""
        named, given = input_file.force_hint, self.force_id
        if named and given and named != given:
            raise PoliceUkImportError(
                input_file.name, f"the file name says {named!r} but --force says {given!r}"
            )
        force = named or given
        if force not in self.force_names:
            raise PoliceUkImportError(
                input_file.name,
                "stop-and-search files do not name their force: name the file "
                "YYYY-MM-<force id>-stop-and-search.csv or give --force",
            )
        return str(force)

    def _read_batch(self, kind: DatasetKind, batch: list[PreparedFile]) -> None:
        """Reads a batch into staged Parquet, then counts it into the slices and summaries.

        Without `skip_bad_rows`, the batch is read in one streaming pass straight to Parquet
        (`_stream`), then tested against the rules and counted (`_account`: street data in
        one scan, other kinds in a scan of their own first); only if a row breaks a rule (or
        the copy cannot read it) is the batch read again, row by row into a table
        (`_check`), to name the file, line and field.
        With `skip_bad_rows`, `_check` reads it to sort the good rows from the rejected.
        """
        self.batches += 1
        self.by_source.update({str(p.source): p for p in batch})
        counts: dict[str, tuple[int, int]] | None = None
        loaded: dict[int, int] | None = None
        if not self.run.skip_bad_rows:
            part = self._part(kind)
            typed, rules = self._columns(kind, batch)
            if self._stream(part, kind, batch, typed):
                loaded = self._account(kind, [part], rules=rules)
            if loaded is None:
                part.unlink(missing_ok=True)
        if loaded is None:  # a broken row (raised below, named), or skip_bad_rows
            counts, parts = {}, []
            for files in _batches(batch, min(self.batch_bytes, CHECK_BATCH_BYTES)):
                checked_part, checked_counts = self._check(kind, files)
                parts.append(checked_part)
                counts |= checked_counts
            loaded = self._account(kind, parts) or {}
        batch_rows = 0
        for item in batch:
            rows_loaded = loaded.get(item.number, 0)
            rows_read, rows_rejected = (
                counts.get(str(item.source), (rows_loaded, 0)) if counts else (rows_loaded, 0)
            )
            self.file_results[item.input_file.name] = FileResult(
                name=item.input_file.name,
                kind=kind,
                rows_read=rows_read,
                rows_loaded=rows_loaded,
                rows_rejected=rows_rejected,
            )
            batch_rows += rows_read
        self.rows_done += batch_rows
        if self.progress:
            self.progress(self.rows_done, batch_rows)

    def _stream(
        self, target: Path, kind: DatasetKind, batch: list[PreparedFile], typed: dict[str, str]
    ) -> bool:
        """One pass, as DuckDB's own CSV-to-Parquet copy makes it, into one Parquet file, in
        the files' order, each row with its force, month and source file (`typed`: the
        columns, from `_columns`). Returns whether every row was read (False: the copy could
        not read a line or convert a value); the rules are tested afterwards, as the rows are
        counted (`_account`). Any other failure is raised."""
        selected = ", ".join(f"{expr} AS {name}" for name, expr in typed.items())
        paths = [str(p.source) for p in batch]
        try:
            self.db.execute(
                f"COPY (SELECT {self._parquet_columns(kind)}, source_file FROM ("
                f"SELECT {selected}, {self._source_file_sql(batch)} AS source_file "
                f"FROM {self._read_csv_sql(paths, _header_of(kind))})) "
                f"TO {_sql_string(str(target))} (FORMAT parquet)"
            )
        except duckdb.Error:
            return False  # a malformed line, or a value that is not a number: named by _check
        return True

    def _group(
        self, table: str, rows: str, sets: list[tuple[str, ...]], rules: list[Rule], counts: str
    ) -> dict[tuple[str, ...], int]:
        """Groups `rows` by every grouping set in one scan, into the temp table `table` with
        `counts` (aggregates) and each group's grain (which set it belongs to). When `rules`
        are given, a set is added for each rule's value columns that no set holds, and the
        rows' row-by-row rules are kept as a column, `breaks_row_rule`, that `rows` must
        give: `_breaks_a_rule` then tests the rules on the groups. Returns each set's grain,
        the given sets first, in their order (the first may have gained `breaks_row_rule`).
        """
        sets = list(sets)
        if any(not rule.values for rule in rules):
            if sets:
                sets[0] = (*sets[0], "breaks_row_rule")
            else:
                sets.append(("breaks_row_rule",))
        for rule in rules:
            if rule.values and not any(set(rule.values) <= set(kept) for kept in sets):
                sets.append(rule.values)
        columns = list(dict.fromkeys(c for kept in sets for c in kept))
        listed = ", ".join(columns)
        grouping_sets = ", ".join(f"({', '.join(kept)})" for kept in sets)
        # A table first: a filter on the groups would otherwise be pushed below the
        # grouping and run on every row.
        self.db.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {listed}, {counts}"
            f"GROUPING({listed}) AS grain FROM {rows} GROUP BY GROUPING SETS ({grouping_sets})"
        )
        # GROUPING(...) is a bit mask of the columns a grouping set leaves out.
        return {
            kept: sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in kept)
            for kept in sets
        }

    def _breaks_a_rule(
        self, table: str, grains: dict[tuple[str, ...], int], rules: list[Rule]
    ) -> bool:
        """Whether any row of a streamed batch, grouped by `_group`, breaks a rule. A rule on
        values alone is tested once per distinct value of its columns (a few hundred groups
        for millions of rows), the others (coordinates, read back as numbers) as each row
        was grouped: the same rules as `_check`, over every row, in a fraction of the work
        of testing each row's text as it is read."""
        tests = []
        for rule in rules:
            if not rule.values:
                continue
            grain = next(g for kept, g in grains.items() if set(rule.values) <= set(kept))
            tests.append(f"(grain = {grain} AND ({rule.broken}))")
        if any(not rule.values for rule in rules):
            grain = next(g for kept, g in grains.items() if "breaks_row_rule" in kept)
            tests.append(f"(grain = {grain} AND breaks_row_rule)")
        if not tests:
            return False
        return bool(
            self.db.execute(
                f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {' OR '.join(tests)})"
            ).fetchall()[0][0]
        )

    @staticmethod
    def _rule_rows(kind: DatasetKind, staged: str, rules: list[Rule]) -> str:
        """The staged rows as the rules read them: the outcome under the rules' name for it,
        and `breaks_row_rule`, whether the row breaks a rule tested row by row (for
        `_group`)."""
        stored = STORED_OUTCOME[kind]
        outcome = f", {stored} AS outcome" if stored != "outcome" else ""
        row_rules = " OR ".join(f"({rule.broken})" for rule in rules if not rule.values)
        return f"(SELECT *{outcome}, {row_rules or 'false'} AS breaks_row_rule FROM {staged})"

    def _part(self, kind: DatasetKind) -> Path:
        """Where the next batch's good rows are staged: one file each, in the kind's folder."""
        self.parts += 1
        folder = self.staging / kind
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"part-{self.parts:05d}.parquet"

    @staticmethod
    def _source_file_sql(batch: list[PreparedFile]) -> str:
        """SQL giving a row's source file number (its place in ImportRun.files)."""
        numbers = ", ".join(f"{_sql_string(str(p.source))}: {p.number}" for p in batch)
        return f"MAP {{{numbers}}}[filename]"

    def _file_named(self, number: int) -> str:
        return next(p.input_file.name for p in self.by_source.values() if p.number == number)

    def _check(
        self, kind: DatasetKind, batch: list[PreparedFile]
    ) -> tuple[Path, dict[str, tuple[int, int]]]:
        """Reads the batch into a table, each row with the first rule it breaks, so that a
        broken row's file, line and field can be named; raises for the first unless
        `skip_bad_rows`, else writes the rejected rows. Returns the good rows' Parquet file
        and, by file, (rows read, rows rejected)."""
        by_path = {str(p.source): p for p in batch}
        self._load_table(kind, batch)
        structural = self._structural_rejects(by_path)
        counts = {
            path: (int(first), int(rows), int(rejected))
            for path, first, rows, rejected in self.db.execute(
                "SELECT filename, min(rowid), count(*), count(rule) FROM checked GROUP BY ALL"
            ).fetchall()
        }
        if not self.run.skip_bad_rows:
            self._raise_first_error(batch, counts, structural)
        if any(rejected for _, _, rejected in counts.values()) or structural:
            self._write_rejected(kind, by_path, counts, structural)
        part = self._stage(kind, batch)
        read_and_rejected = {}
        for item in batch:
            _, rows, rejected = counts.get(str(item.source), (0, 0, 0))
            bad_lines = len(structural.get(str(item.source), []))
            read_and_rejected[str(item.source)] = (rows + bad_lines, rejected + bad_lines)
        return part, read_and_rejected

    def _account(
        self, kind: DatasetKind, parts: list[Path], rules: list[Rule] | None = None
    ) -> dict[int, int] | None:
        """Counts a batch's staged rows into its slices' data quality and the summaries;
        returns the rows loaded by source file. Given `rules`, tests them first (street data:
        in the counting scan; other kinds: in a scan of their own), and returns None,
        counting nothing, if a row breaks one."""
        if not parts:
            return {}
        files = "[" + ", ".join(_sql_string(str(p)) for p in parts) + "]"
        staged = f"read_parquet({files})"
        crimes = kind != DatasetKind.STOP_AND_SEARCH
        if kind in (DatasetKind.STREET, DatasetKind.STREET_API):
            slices = self._summarise_street(kind, staged, rules or [])
            if slices is None:
                return None
        else:
            if rules:
                rows = self._rule_rows(kind, staged, rules)
                grains = self._group("rule_values", rows, [], rules, "")
                if self._breaks_a_rule("rule_values", grains, rules):
                    return None
            slices = self.db.execute(
                "SELECT force, month, source_file, count(*), count(*) FILTER (longitude IS NULL), "
                + ("count(*) FILTER (lsoa_code IS NULL) " if crimes else "0 ")
                + f"FROM {staged} GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            self._summarise(kind, staged)
        loaded: dict[int, int] = defaultdict(int)
        for force, month, source, rows, without_location, without_lsoa in slices:
            self._claim_slice((kind, force, month), self._file_named(source))
            stats = self.slices[(kind, force, month)]
            stats.rows += rows
            stats.without_location += without_location
            stats.without_lsoa += without_lsoa
            loaded[int(source)] += rows
        if crimes:
            self._count_repeated_ids(kind, staged)
        return loaded

    def _count_repeated_ids(self, kind: DatasetKind, staged: str) -> None:
        """Counts, per slice, each crime id given more than once once per extra row.

        Exact, in a fraction of the work of grouping millions of ids: the ids' 64-bit hashes
        are sorted (numpy), and only ids whose hash repeats (none, in most batches) are
        compared in full."""
        hashes = self.db.execute(
            f"SELECT hash(crime_id) AS h FROM {staged} WHERE crime_id IS NOT NULL"
        ).fetchnumpy()["h"]
        hashes.sort()
        repeated = numpy.unique(hashes[1:][hashes[1:] == hashes[:-1]])
        del hashes
        if not len(repeated):
            return
        self.db.execute(
            "CREATE OR REPLACE TEMP TABLE repeated_hashes AS SELECT unnest(?::UBIGINT[]) AS h",
            [repeated.tolist()],
        )
        for force, month, duplicates in self.db.execute(
            "SELECT force, month, sum(n - 1) FROM (SELECT force, month, crime_id, count(*) AS n "
            f"FROM {staged} WHERE crime_id IS NOT NULL AND hash(crime_id) IN "
            "(SELECT h FROM repeated_hashes) GROUP BY ALL) GROUP BY ALL"
        ).fetchall():
            self.slices[(kind, force, month)].duplicate_crime_ids += int(duplicates)

    def _read_csv_sql(self, paths: list[str], header: list[str]) -> str:
        columns = "{" + ", ".join(f"{_sql_string(c)}: 'VARCHAR'" for c in header) + "}"
        lenient = ", ignore_errors=true, store_rejects=true" if self.run.skip_bad_rows else ""
        files = "[" + ", ".join(_sql_string(p) for p in paths) + "]"
        return (
            f"read_csv({files}, header=true, delim=',', quote='\"', escape='\"', "
            f"auto_detect=false, columns={columns}, strict_mode=true, encoding='utf-8', "
            # A folder named key=value is not a column.
            f"filename=true, hive_partitioning=false{lenient})"
        )

    def _load_table(self, kind: DatasetKind, batch: list[PreparedFile]) -> None:
        header = _header_of(kind)
        typed, rules = self._columns(kind, batch)
        self.rules[kind] = rules
        selected = ", ".join(f"{expr} AS {name}" for name, expr in typed.items())
        rule_case = " ".join(f"WHEN {rule.broken} THEN {n}" for n, rule in enumerate(rules))
        paths = [str(p.source) for p in batch]
        try:
            self.db.execute("DROP TABLE IF EXISTS checked")
            # A multi-file read keeps file order and row order (preserve_insertion_order),
            # and only scalar expressions follow, so a row's position within its file gives
            # its line. Each row keeps only the number of the first rule it breaks; the field
            # and message are worked out later, for the rows that break one.
            self.db.execute(
                f"CREATE TEMP TABLE checked AS SELECT *, CASE {rule_case} END AS rule "
                f"FROM (SELECT {selected}, filename FROM {self._read_csv_sql(paths, header)})"
            )
        except duckdb.Error as error:
            message = str(error)
            line = re.search(r"CSV Error on Line: (\d+)", message)
            named = [p for p in batch if str(p.source) in message]
            # The longest: one file's path may hold another's.
            culprit = max(named, key=lambda p: len(str(p.source)), default=None)
            # A file that cannot be CSV text at all (a NUL byte, a quote never closed, a
            # record of megabytes) is named by what is wrong with it, not by DuckDB's
            # symptom.
            for item in [culprit] if culprit else batch:
                self._refuse_unreadable(item)
            raise PoliceUkImportError(
                culprit.input_file.name if culprit else ", ".join(p.input_file.name for p in batch),
                "the file is not a well-formed CSV: " + self.shown(message),
                line=int(line.group(1)) if line else None,
            ) from None

    def _columns(
        self, kind: DatasetKind, batch: list[PreparedFile]
    ) -> tuple[dict[str, str], list[Rule]]:
        """The typed columns (name -> SQL over the CSV's columns) and the rules of a kind."""
        if kind == DatasetKind.STOP_AND_SEARCH:
            forces = {str(p.source): self._stop_search_force(p.input_file) for p in batch}
            return self._stop_search_columns(forces)
        return self._crime_columns(kind)

    def _broken_rule_sql(self, kind: DatasetKind) -> str:
        """SQL naming the field and the reason of a row that breaks a rule."""
        rules = self.rules[kind]
        fields = " ".join(
            f"WHEN {n} THEN {_sql_string(rule.field)}" for n, rule in enumerate(rules)
        )
        reasons = " ".join(f"WHEN {n} THEN {rule.reason}" for n, rule in enumerate(rules))
        return f"CASE rule {fields} END AS bad_field, CASE rule {reasons} END AS reason"

    def _crime_columns(self, kind: DatasetKind) -> tuple[dict[str, str], list[Rule]]:
        cats = self.categories
        c = {
            "crime_id": _quoted("Crime ID"),
            "month": _quoted("Month"),
            "reported_by": _quoted("Reported by"),
            "falls_within": _quoted("Falls within"),
            "longitude": _quoted("Longitude"),
            "latitude": _quoted("Latitude"),
            "location": _quoted("Location"),
            "lsoa_code": _quoted("LSOA code"),
            "lsoa_name": _quoted("LSOA name"),
        }
        forces = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in self.forces.items())
        c["force"] = f"MAP {{{forces}}}[{c['falls_within']}]"
        rules: list[Rule] = [
            Rule("Month", _blank_or_unlike("month", MONTH_PATTERN),
                 _says("not a month in the form YYYY-MM", "month"), ("month",)),
            Rule("Falls within", "force IS NULL",
                 _says("not a territorial police force of England and Wales", "falls_within"),
                 ("force", "falls_within")),
        ]  # fmt: skip
        if kind == DatasetKind.OUTCOMES:
            c["outcome"] = _quoted("Outcome type")
            rules.append(Rule("Outcome type", _blank_or_not_in("outcome", cats.outcomes),
                              _says("not a published outcome", "outcome"),
                              ("outcome",)))  # fmt: skip
        else:
            c["crime_type"] = _quoted("Crime type")
            c["outcome"] = _quoted("Last outcome category")
            c["context"] = _quoted("Context")
            rules.append(Rule("Crime type", _blank_or_not_in("crime_type", cats.crime_types),
                              _says("not a published crime type", "crime_type"),
                              ("crime_type",)))  # fmt: skip
            rules.append(Rule("Last outcome category", _given_not_in("outcome", cats.outcomes),
                              _says("not a published outcome", "outcome"),
                              ("outcome",)))  # fmt: skip
        rules += _coordinate_rules("longitude", "latitude")
        rules.append(Rule("LSOA code", _given_unlike("lsoa_code", LSOA_PATTERN),
                          _says("not an LSOA code", "lsoa_code"), ("lsoa_code",)))  # fmt: skip
        return c, rules

    def _stop_search_columns(self, forces: dict[str, str]) -> tuple[dict[str, str], list[Rule]]:
        cats = self.categories
        c = {
            "search_type": _quoted("Type"),
            "date": _quoted("Date"),
            "latitude": _quoted("Latitude"),
            "longitude": _quoted("Longitude"),
            "gender": _quoted("Gender"),
            "age_range": _quoted("Age range"),
            "self_defined_ethnicity": _quoted("Self-defined ethnicity"),
            "officer_defined_ethnicity": _quoted("Officer-defined ethnicity"),
            "legislation": _quoted("Legislation"),
            "object_of_search": _quoted("Object of search"),
            "outcome": _quoted("Outcome"),
            "outcome_linked": _quoted("Outcome linked to object of search"),
            "removal_of_clothing": _quoted("Removal of more than just outer clothing"),
            "part_of_operation": _quoted("Part of a policing operation"),
            "policing_operation": _quoted("Policing operation"),
        }
        by_file = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in forces.items())
        c["force"] = f"MAP {{{by_file}}}[filename]"
        c["month"] = f"substr({c['date']}, 1, 7)"
        rules: list[Rule] = [
            Rule("Date", _blank_or_unlike("date", DATETIME_PATTERN),
                 _says("not a date and time", "date"), ("date",)),
            Rule("Type", _blank_or_not_in("search_type", cats.stop_search_types),
                 _says("not a published search type", "search_type"), ("search_type",)),
            Rule("Outcome", _given_not_in("outcome", cats.stop_search_outcomes),
                 _says("not a published outcome", "outcome"), ("outcome",)),
            Rule("Object of search", "length(object_of_search) > 120",
                 "'longer than 120 characters'", ("object_of_search",)),
            Rule("Self-defined ethnicity", "length(self_defined_ethnicity) > 200",
                 "'longer than 200 characters'", ("self_defined_ethnicity",)),
            *_coordinate_rules("longitude", "latitude"),
        ]  # fmt: skip
        return c, rules

    def _structural_rejects(self, by_path: dict[str, "PreparedFile"]) -> dict[str, list[BadLine]]:
        """Lines DuckDB could not parse (skip mode only), by file: (line, field, reason, raw)."""
        if not self.run.skip_bad_rows:
            return {}
        rows = self.db.execute(
            "SELECT s.file_path, e.line, coalesce(e.column_name, ''), "
            "e.error_type || ': ' || e.error_message, e.csv_line "
            "FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id) ORDER BY ALL"
        ).fetchall()
        self.db.execute("DELETE FROM reject_errors")
        self.db.execute("DELETE FROM reject_scans")
        found: dict[str, list[BadLine]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        for path, line, field_name, reason, raw in rows:
            # A line may break more than one thing; it is one line read, and rejected once.
            if path in by_path and (path, int(line)) not in seen:
                seen.add((path, int(line)))
                found[path].append((int(line), field_name, reason, raw))
        return found

    @staticmethod
    def _line_of(position: int, item: "PreparedFile", bad_lines: list[BadLine]) -> int:
        """A parsed row's line (or JSON record): its place in its file, after the header and
        any unparseable lines before it."""
        if item.line_label == "record":
            return position + 1
        line = position + 2
        for bad, *_ in bad_lines:
            if bad <= line:
                line += 1
        return line

    def _raise_first_error(
        self,
        batch: list["PreparedFile"],
        counts: dict[str, tuple[int, int, int]],
        structural: dict[str, list[BadLine]],
    ) -> None:
        for item in batch:
            path = str(item.source)
            first, _, rejected = counts.get(path, (0, 0, 0))
            if rejected:
                rowid, field_name, reason = self.db.execute(
                    f"SELECT rowid, {self._broken_rule_sql(item.kind)} FROM checked "
                    "WHERE filename = ? AND rule IS NOT NULL ORDER BY rowid LIMIT 1",
                    [path],
                ).fetchall()[0]
                raise PoliceUkImportError(
                    item.input_file.name,
                    reason,
                    line=self._line_of(rowid - first, item, []),
                    field_name=field_name,
                    line_label=item.line_label,
                )
            if structural.get(path):
                line, field_name, reason, _ = structural[path][0]
                raise PoliceUkImportError(
                    item.input_file.name, reason, line=line, field_name=field_name or None
                )

    def _write_rejected(
        self,
        kind: DatasetKind,
        by_path: dict[str, "PreparedFile"],
        counts: dict[str, tuple[int, int, int]],
        structural: dict[str, list[BadLine]],
    ) -> None:
        if self.rejected_writer is None:
            path = self.data_dir / "imports" / f"run-{self.run.pk}" / "rejected-rows.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.rejected_handle = path.open("w", newline="", encoding="utf-8")
            self.rejected_writer = csv.writer(self.rejected_handle)
            self.rejected_writer.writerow(["file", "line", "field", "reason", "values"])
            self.run.rejected_rows_file = str(path)
        cursor = self.db.execute(
            "SELECT * EXCLUDE (rule, filename), rowid AS position, filename, "
            f"{self._broken_rule_sql(kind)} FROM checked WHERE rule IS NOT NULL ORDER BY rowid"
        )
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(10_000):
            for values in rows:
                record = dict(zip(names, values, strict=True))
                path = record.pop("filename")
                item = by_path[path]
                position = record.pop("position") - counts[path][0]
                line = self._line_of(position, item, structural.get(path, []))
                field_name, reason = record.pop("bad_field"), record.pop("reason")
                self.rejected_writer.writerow(
                    [item.input_file.name, line, field_name, reason, json.dumps(record)]
                )
                self._count_rejection(kind, record.get("force"), record.get("month"), field_name)
        for bad_path, bad_lines in structural.items():
            for line, field_name, reason, raw in bad_lines:
                self.rejected_writer.writerow(
                    [by_path[bad_path].input_file.name, line, field_name, reason, raw]
                )
                self._count_rejection(kind, None, None, "malformed line")

    def _count_rejection(
        self, kind: DatasetKind, force: str | None, month: str | None, reason: str
    ) -> None:
        if force and month and re.fullmatch(MONTH_PATTERN, month):
            stats = self.slices[(kind, force, month)]
            stats.rejected += 1
            stats.rejected_by_reason[reason] += 1
        else:
            self.unplaced_rejections += 1

    # -- staging -------------------------------------------------------------------------

    def _stage(self, kind: DatasetKind, batch: list[PreparedFile]) -> Path:
        """Writes the checked batch's good rows as Parquet, as `_stream` does."""
        target = self._part(kind)
        self.db.execute(
            f"COPY (SELECT {self._parquet_columns(kind)}, {self._source_file_sql(batch)} "
            f"AS source_file FROM checked WHERE rule IS NULL) TO {_sql_string(str(target))} "
            "(FORMAT parquet)"
        )
        return target

    def _claim_slice(self, key: tuple[str, str, str], file_name: str) -> None:
        """One file per slice in an import: two files holding the same force and month
        (two archive editions, a zip and its folder) would otherwise be added together."""
        holder = self.slice_files.setdefault(key, file_name)
        if holder != file_name:
            kind, force, month = key
            raise PoliceUkImportError(
                file_name,
                f"{holder} also holds {force} {kind} data for {month}: import one of them "
                "(the newer archive edition) at a time",
            )

    @staticmethod
    def _parquet_columns(kind: DatasetKind) -> str:
        if kind == DatasetKind.STOP_AND_SEARCH:
            return (
                "search_type, date, month, force, "
                "CAST(latitude AS DOUBLE) AS latitude, CAST(longitude AS DOUBLE) AS longitude, "
                "gender, age_range, self_defined_ethnicity, officer_defined_ethnicity, "
                "legislation, "
                "object_of_search, outcome, outcome_linked, removal_of_clothing, "
                "part_of_operation, policing_operation"
            )
        common = (
            "crime_id, month, reported_by, falls_within, force, "
            "CAST(longitude AS DOUBLE) AS longitude, CAST(latitude AS DOUBLE) AS latitude, "
            "location, lsoa_code, lsoa_name"
        )
        if kind == DatasetKind.OUTCOMES:
            return f"{common}, outcome AS {STORED_OUTCOME[kind]}"
        return f"{common}, crime_type, outcome AS {STORED_OUTCOME[kind]}, context"

    def _summarise(self, kind: DatasetKind, staged: str) -> None:
        """Adds a batch of outcomes or stop-and-search rows (`staged`: a relation over its
        Parquet files) to the summaries (street rows: `_summarise_street`)."""
        if kind == DatasetKind.STOP_AND_SEARCH:
            self.db.execute(
                "INSERT INTO stop_summary SELECT force, month, search_type, "
                "coalesce(object_of_search, ''), "
                "coalesce(outcome, ''), coalesce(self_defined_ethnicity, ''), count(*) "
                f"FROM {staged} GROUP BY ALL"
            )
            return
        if kind == DatasetKind.OUTCOMES:
            # Crime types come from street data of the same forces: this import's staged
            # files (read first) and what is already published.
            forces = [
                f for (f,) in self.db.execute(f"SELECT DISTINCT force FROM {staged}").fetchall()
            ]
            known = []
            if staged_street := sorted((self.staging / DatasetKind.STREET).glob("*.parquet")):
                files = "[" + ", ".join(_sql_string(str(p)) for p in staged_street) + "]"
                known.append(
                    f"SELECT crime_id, crime_type FROM read_parquet({files}) "
                    f"WHERE force IN {_sql_tuple(frozenset(forces))}"
                )
            if published := published_rows(kind=DatasetKind.STREET, forces=forces):
                known.append(f"SELECT crime_id, crime_type FROM {published}")
            crime_type = "''"
            join = ""
            if known:
                join = (
                    "LEFT JOIN (SELECT crime_id, any_value(crime_type) AS crime_type "
                    f"FROM ({' UNION ALL '.join(known)}) WHERE crime_id IS NOT NULL "
                    "GROUP BY crime_id) s USING (crime_id)"
                )
                crime_type = "coalesce(s.crime_type, '')"
            self.db.execute(
                f"INSERT INTO outcome_summary SELECT {_sql_string(kind)}, force, month, "
                f"{crime_type}, coalesce(outcome_type, ''), count(*) "
                f"FROM {staged} o {join} GROUP BY ALL"
            )
            return
        raise ValueError(f"street data is counted by _summarise_street, not {kind}")

    def _summarise_street(
        self, kind: DatasetKind, staged: str, rules: list[Rule]
    ) -> list[tuple[Any, ...]] | None:
        """Adds a batch of street rows to both summaries and returns, by force, month and
        source file, (force, month, file, rows, rows without location, rows without LSOA):
        all in one scan of the staged rows, which also tests `rules` (None: a row breaks
        one, and nothing was added).

        Crimes are counted by district, not by LSOA (a million groups nationally, then
        summed to a few thousand): each row's LSOA is looked up as it is counted. A district
        only from the force's own LSOAs: a crime another force recorded in this area is not
        counted in this area's districts, but as outside the force's area."""
        by_file = ("force", "falls_within", "month", "source_file", "has_lsoa")
        by_district = ("force", "month", "district_id", "has_lsoa", "outside_area", "crime_type")
        by_outcome = ("force", "month", "crime_type", "outcome")
        grains = self._group(
            "batch_counts",
            "(SELECT s.force, s.falls_within, s.month, s.source_file, s.lsoa_code, "
            "CASE WHEN l.force = s.force THEN l.district_id END AS district_id, "
            "s.lsoa_code IS NOT NULL AS has_lsoa, "
            "s.lsoa_code IS NOT NULL AND l.force IS DISTINCT FROM s.force AS outside_area, "
            "s.crime_type, s.outcome, s.longitude IS NULL AS without_location, "
            "s.breaks_row_rule "
            f"FROM {self._rule_rows(kind, staged, rules)} s "
            "LEFT JOIN lsoa_districts l USING (lsoa_code))",
            [by_file, by_district, by_outcome],
            rules,
            "count(*) AS n, count(*) FILTER (without_location) AS without_location, ",
        )
        if self._breaks_a_rule("batch_counts", grains, rules):
            return None
        by_file_grain, by_district_grain, by_outcome_grain = list(grains.values())[:3]
        self.db.execute(
            f"INSERT INTO crime_summary SELECT {_sql_string(kind)}, force, month, district_id, "
            "has_lsoa, outside_area, crime_type, n FROM batch_counts "
            f"WHERE grain = {by_district_grain}"
        )
        self.db.execute(
            f"INSERT INTO outcome_summary SELECT {_sql_string(kind)}, force, month, crime_type, "
            f"coalesce(outcome, ''), n FROM batch_counts WHERE grain = {by_outcome_grain}"
        )
        return self.db.execute(
            "SELECT force, month, source_file, sum(n), sum(without_location), "
            "coalesce(sum(n) FILTER (NOT has_lsoa), 0) FROM batch_counts "
            f"WHERE grain = {by_file_grain} GROUP BY force, month, source_file ORDER BY ALL"
        ).fetchall()

    def _json_to_street_csv(self, input_file: InputFile) -> Path:
        """Turns a police.uk API crimes-street response into a street-file CSV, so that the
        same rules check it: category slugs become the archive's labels and persistent_id
        becomes the Crime ID."""
        force_id = self.force_id
        if force_id not in self.force_names:
            raise PoliceUkImportError(
                input_file.name, "police.uk API files do not name their force: give --force"
            )
        records = read_api_json(input_file.path, input_file.name)
        self.json_records[input_file.name] = len(records)
        slugs = self.categories.api_slug_to_crime_type
        name = self.force_names[force_id]
        self.json_files += 1
        target = self.staging / "api-csv" / f"{self.json_files:05d}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(STREET_HEADER)
            for number, record in enumerate(records, start=1):
                writer.writerow(_api_record_to_row(record, number, input_file.name, slugs, name))
        return target

    # -- checking what was read -------------------------------------------------------------

    def scrubbed(self, text: str) -> str:
        """A message as the analyst may see it: each file by its own name, never where the
        server keeps it."""
        for path in sorted(self.path_names, key=len, reverse=True):
            text = text.replace(path, self.path_names[path])
        return text.replace(str(self.data_dir), "CRIMEPLAN_DATA_DIR")

    def shown(self, duckdb_message: str) -> str:
        """A DuckDB error message, scrubbed, with a quoted line cut short (it may be
        megabytes long) and DuckDB's advice on its own options left out."""
        lines = [
            line[:200] + " [...]" if line.startswith("Original Line:") and len(line) > 200 else line
            for line in re.split(r"\s*Possible fixes", duckdb_message)[0].splitlines()
        ]
        text = self.scrubbed(" ".join(lines))
        return text if len(text) <= MESSAGE_CHARACTERS else text[:MESSAGE_CHARACTERS] + " [...]"

    def _refuse_unreadable(self, item: PreparedFile) -> None:
        """Raises what makes a CSV file unreadable as CSV text, if anything does."""
        if item.input_file.is_json:
            return  # written by `_json_to_street_csv`, from parsed JSON
        scan = scan_file(
            item.source,
            csv_records=True,
            max_record_bytes=settings.CRIMEPLAN_IMPORT_MAX_RECORD_BYTES,
        )
        if scan.problem:
            raise PoliceUkImportError(item.input_file.name, scan.problem, line=scan.problem_line)

    def check_rows_read(self, files: list[InputFile], scans: list[FileScan]) -> None:
        """Refuses the import unless every row of every file was read, and every file gave at
        least one valid row.

        The rows read (loaded, and with `skip_bad_rows` rejected) are checked against a
        count of the file's records made from its bytes, independently of DuckDB
        (`files.RecordCounter`, which knows a line end inside a quoted field from one that
        ends a record); an API JSON file's against its records."""
        for input_file, scan in zip(files, scans, strict=True):
            if scan.problem:
                raise PoliceUkImportError(input_file.name, scan.problem, line=scan.problem_line)
            result = self.file_results[input_file.name]
            if input_file.is_json:
                held = self.json_records[input_file.name]
            else:
                held = max(scan.records - 1, 0)  # the header is not a row
            if result.rows_read != held:
                raise PoliceUkImportError(
                    input_file.name,
                    f"the file holds {held:,} rows but {result.rows_read:,} were read: the "
                    "reader stopped or skipped lines without saying so. Nothing was stored",
                )
            if not result.rows_loaded:
                if held:
                    empty = (
                        f"none of its {held:,} rows is valid: every one was rejected (the "
                        "rejected rows, with reasons, are on the import's page)"
                    )
                elif input_file.is_json:
                    empty = "the file holds no crime records (an empty list)"
                else:
                    empty = "the file holds no rows, only a header"
                raise PoliceUkImportError(input_file.name, empty)

    def check_shrink(self, *, allow_shrink: bool) -> None:
        """Refuses to replace a month with markedly fewer rows than are held for it (a
        truncated download, a file cut short), unless the analyst confirms it."""
        if allow_shrink:
            return
        percent = settings.CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT
        loaded = self.loaded_slices()
        held = {
            (kind, force, f"{month:%Y-%m}"): rows
            for kind, force, month, rows in Slice.objects.filter(
                kind__in={kind for kind, _, _ in loaded},
                force__police_uk_id__in={force for _, force, _ in loaded},
            ).values_list("kind", "force__police_uk_id", "month", "rows")
        }
        shrinking = [
            (key, held[key], stats.rows)
            for key, stats in sorted(loaded.items())
            if key in held and stats.rows < held[key] * (1 - percent / 100)
        ]
        if not shrinking:
            return
        listed = "; ".join(
            f"{force} {kind} {month}: {old:,} rows held, {new:,} in this import"
            for (kind, force, month), old, new in shrinking[:5]
        )
        more = f" (and {len(shrinking) - 5:,} more)" if len(shrinking) > 5 else ""
        raise PoliceUkImportError(
            self.slice_files[shrinking[0][0]],
            f"the import would leave {len(shrinking):,} months with over {percent:g}% fewer "
            f"rows than are held: {listed}{more}. Check that the files are whole; to replace "
            "the months anyway, import again with --allow-shrink (on the upload page, tick "
            '"Replace months even if they shrink")',
        )

    # -- publishing ------------------------------------------------------------------------

    def publish(self, finish: Callable[[], None] | None = None) -> None:
        """Publishes the staged rows and their summaries, all or nothing; `finish` records
        the import's outcome in the same transaction.

        Each kind's staged Parquet becomes a new version folder (`run-<import id>`) beside
        those in use; the database commit that points the slices at it is the switch (a
        slice's rows are its force and month's rows in its import's folder). A failure
        before the commit removes the new folders; a process killed at any point leaves only
        unreferenced folders behind, never a slice without its rows, nor published rows
        under an import still recorded as running.
        """
        placed: list[Path] = []
        kinds = sorted({kind for kind, _, _ in self.loaded_slices()})
        try:
            for kind in kinds:
                version = run_folder(self.data_dir, kind, self.run.pk)
                version.parent.mkdir(parents=True, exist_ok=True)
                placed.append(version)
                (self.staging / kind).rename(version)
            with _durable_commit(), transaction.atomic():
                if connection.vendor == "postgresql":
                    # Imports publish one at a time (several workers may run them); on
                    # SQLite the database's single writer already makes them wait.
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('crimeplan-import'))")
                self._replace_summaries()
                if finish is not None:
                    finish()
        except BaseException:
            for version in placed:
                shutil.rmtree(version, ignore_errors=True)
            raise
        # The earlier versions' folders go only now that the commit is on disk: a commit
        # lost to a power cut would otherwise leave slices pointing at removed folders.
        for kind in kinds:
            remove_unused_versions(self.data_dir, kind)

    def loaded_slices(self) -> dict[tuple[str, str, str], SliceStats]:
        """The slices this import replaces: those with at least one loaded row. A month whose
        every row was rejected is left as it was, never emptied."""
        return {key: stats for key, stats in self.slices.items() if stats.rows}

    def _replace_summaries(self) -> None:
        by_kind_force: dict[tuple[str, int], list[datetime.date]] = defaultdict(list)
        for kind, force, month in sorted(self.loaded_slices()):
            by_kind_force[(kind, self.force_pks[force])].append(_month_date(month))
        # One delete for all the forces whose months are the same (all of them, usually).
        forces_by_months: dict[tuple[str, tuple[datetime.date, ...]], list[int]] = defaultdict(list)
        for (kind, force_pk), months in by_kind_force.items():
            forces_by_months[(kind, tuple(months))].append(force_pk)
        for (kind, same_months), force_pks in forces_by_months.items():
            held = {"force_id__in": force_pks, "month__in": same_months}
            Slice.objects.filter(kind=kind, **held).delete()
            if kind == DatasetKind.STOP_AND_SEARCH:
                StopSearchCount.objects.filter(**held).delete()
            else:
                CrimeCount.objects.filter(kind=kind, **held).delete()
                OutcomeCount.objects.filter(kind=kind, **held).delete()
        # Rows come out of DuckDB ready to insert: force and district ids, and months as
        # ISO dates (YYYY-MM-01), which both databases take for a date column.
        _bulk_insert(
            CrimeCount,
            ["kind", "force_id", "month", "district_id", "has_lsoa", "crime_type", "count"],
            self._fetch(
                "SELECT s.kind, f.pk, s.month || '-01', s.district_id, s.has_lsoa, s.crime_type, "
                "sum(s.n)::BIGINT FROM crime_summary s JOIN force_ids f USING (force) GROUP BY ALL"
            ),
        )
        _bulk_insert(
            OutcomeCount,
            ["kind", "force_id", "month", "crime_type", "outcome", "count"],
            self._fetch(
                "SELECT s.kind, f.pk, s.month || '-01', s.crime_type, s.outcome, "
                "sum(s.n)::BIGINT FROM outcome_summary s JOIN force_ids f USING (force) "
                "GROUP BY ALL"
            ),
        )
        _bulk_insert(
            StopSearchCount,
            [
                "force_id",
                "month",
                "search_type",
                "object_of_search",
                "outcome",
                "self_defined_ethnicity",
                "count",
            ],
            self._fetch(
                "SELECT f.pk, s.month || '-01', s.search_type, s.object_of_search, "
                "s.outcome, s.ethnicity, sum(s.n)::BIGINT FROM stop_summary s "
                "JOIN force_ids f USING (force) GROUP BY ALL"
            ),
        )
        # Crimes placed in an LSOA outside the force's own, where the force's LSOAs are known.
        outside = {
            (kind, force, month): int(n or 0)
            for kind, force, month, n in self.db.execute(
                "SELECT kind, force, month, sum(n) FILTER (outside_area) FROM crime_summary "
                "WHERE force IN (SELECT DISTINCT force FROM lsoa_districts) GROUP BY ALL"
            ).fetchall()
        }
        # Built as rows, not model instances: Django's bulk_create spent a quarter of a
        # millisecond on each (a third of a second for a national year's slices of three kinds).
        _bulk_insert(
            Slice,
            [
                "kind",
                "force_id",
                "month",
                "import_run_id",
                "rows",
                "rows_without_location",
                "rows_without_lsoa",
                "rows_lsoa_outside_area",
                "duplicate_crime_ids",
                "rows_rejected",
                "rejected_by_reason",
            ],
            (
                (
                    kind,
                    self.force_pks[force],
                    f"{month}-01",
                    self.run.pk,
                    stats.rows,
                    stats.without_location,
                    stats.without_lsoa,
                    outside.get((kind, force, month), 0)
                    if force in self.forces_with_lsoas and kind != DatasetKind.STOP_AND_SEARCH
                    else None,
                    stats.duplicate_crime_ids,
                    stats.rejected,
                    json.dumps(dict(stats.rejected_by_reason)),
                )
                for (kind, force, month), stats in sorted(self.loaded_slices().items())
            ),
        )

    def _load_lookups(self) -> None:
        """Force ids and the loaded LSOAs' districts, as DuckDB tables to join with."""
        # Built as one VALUES list each: DuckDB's executemany inserts a row per statement.
        forces = ", ".join(f"({_sql_string(f)}, {int(pk)})" for f, pk in self.force_pks.items())
        self.db.execute(
            "CREATE OR REPLACE TEMP TABLE force_ids AS SELECT force::VARCHAR AS force, "
            "pk::BIGINT AS pk FROM "
            f"(VALUES {forces or '(NULL, NULL)'}) t(force, pk) WHERE force IS NOT NULL"
        )
        lsoas = list(
            Lsoa.objects.values_list("code", "district_id", "district__force__police_uk_id")
        )
        rows = ", ".join(f"({_sql_string(c)}, {int(d)}, {_sql_string(f)})" for c, d, f in lsoas)
        self.db.execute(
            # Typed, so that an empty list (NULL columns) still joins with text.
            "CREATE OR REPLACE TEMP TABLE lsoa_districts AS SELECT lsoa_code::VARCHAR AS "
            "lsoa_code, district_id::BIGINT AS district_id, force::VARCHAR AS force FROM "
            f"(VALUES {rows or '(NULL, NULL, NULL)'}) t(lsoa_code, district_id, force) "
            "WHERE lsoa_code IS NOT NULL"
        )
        self.forces_with_lsoas = {force for _, _, force in lsoas}

    def _fetch(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.execute(sql)
        while batch := cursor.fetchmany(50_000):
            yield from batch

    def close(self) -> None:
        if self.rejected_handle is not None:
            self.rejected_handle.close()
        self.db.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _batches(files: list[PreparedFile], size_limit: int) -> Iterator[list[PreparedFile]]:
    """Consecutive runs of files of about `size_limit` bytes (at least one file each)."""
    batch: list[PreparedFile] = []
    size = 0
    for item in files:
        if batch and size + item.size > size_limit:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item.size
    if batch:
        yield batch


def _header_of(kind: DatasetKind) -> list[str]:
    if kind == DatasetKind.STOP_AND_SEARCH:
        return STOP_SEARCH_HEADER
    return OUTCOMES_HEADER if kind == DatasetKind.OUTCOMES else STREET_HEADER


def _says(text: str, column: str) -> str:
    return f"{_sql_string(text + ': ')} || coalesce({column}, '(blank)')"


def _blank_or_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NULL OR {column} NOT IN {_sql_tuple(values)}"


def _given_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NOT NULL AND {column} NOT IN {_sql_tuple(values)}"


def _blank_or_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NULL OR NOT regexp_full_match({column}, {_sql_string(pattern)})"


def _given_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NOT NULL AND NOT regexp_full_match({column}, {_sql_string(pattern)})"


def _outside(column: str, low: float, high: float) -> str:
    number = f"TRY_CAST({column} AS DOUBLE)"
    return f"{column} IS NOT NULL AND coalesce(NOT ({number} BETWEEN {low} AND {high}), true)"


def _coordinate_rules(longitude: str, latitude: str) -> list[Rule]:
    return [
        Rule("Longitude", f"({longitude} IS NULL) <> ({latitude} IS NULL)",
             "'longitude and latitude must both be given or both be blank'"),
        Rule("Longitude", _outside(longitude, *LONGITUDE_RANGE),
             _says("not a longitude inside the UK", longitude)),
        Rule("Latitude", _outside(latitude, *LATITUDE_RANGE),
             _says("not a latitude inside the UK", latitude)),
    ]  # fmt: skip


def run_folder(data_dir: Path, kind: str, run_id: int) -> Path:
    """Where an import's rows of a kind live: Parquet files holding many slices."""
    return data_dir / "policeuk" / kind / f"run-{run_id}"


def remove_unused_versions(data_dir: Path, kind: str) -> None:
    """Removes the folders of finished imports none of whose slices is in use any more."""
    in_use = set(Slice.objects.filter(kind=kind).values_list("import_run_id", flat=True))
    running = set(
        ImportRun.objects.filter(status=ImportStatus.RUNNING).values_list("pk", flat=True)
    )
    for folder in (data_dir / "policeuk" / kind).glob("run-*"):
        run_id = int(folder.name.removeprefix("run-"))
        if run_id not in in_use and run_id not in running:
            shutil.rmtree(folder, ignore_errors=True)


def rows_missing(*, kind: str) -> bool:
    """Whether a slice in use has no rows folder (data stored in an earlier layout, or a
    data folder lost): importing its months again mends it."""
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    runs = set(Slice.objects.filter(kind=kind).values_list("import_run_id", flat=True))
    return any(not any(run_folder(data_dir, kind, run).glob("*.parquet")) for run in runs)


def published_rows(
    *, kind: str, forces: list[str] | None = None, months: list[str] | None = None
) -> str | None:
    """SQL for DuckDB: the rows of the slices in use (each slice's latest import only), of
    some forces and months (YYYY-MM) if given; None when there are none."""
    slices = Slice.objects.filter(kind=kind)
    if forces is not None:
        slices = slices.filter(force__police_uk_id__in=forces)
    by_run: dict[int, list[str]] = defaultdict(list)
    for run_id, force, month in slices.values_list(
        "import_run_id", "force__police_uk_id", "month"
    ).order_by("import_run_id", "force__police_uk_id", "month"):
        if months is None or f"{month:%Y-%m}" in months:
            by_run[run_id].append(f"({_sql_string(force)}, {_sql_string(f'{month:%Y-%m}')})")
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    selects = []
    for run_id, keys in by_run.items():
        files = sorted(run_folder(data_dir, kind, run_id).glob("*.parquet"))
        if not files:
            raise FileNotFoundError(
                f"The {kind} rows of import {run_id} are missing from "
                f"{run_folder(data_dir, kind, run_id)}: import those months again."
            )
        listed = "[" + ", ".join(_sql_string(str(f)) for f in files) + "]"
        selects.append(
            f"SELECT r.* FROM read_parquet({listed}) r SEMI JOIN (VALUES {', '.join(keys)}) "
            "s(force, month) USING (force, month)"
        )
    return "(" + " UNION ALL ".join(selects) + ")" if selects else None


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _month_date(month: str) -> datetime.date:
    return datetime.date(int(month[:4]), int(month[5:7]), 1)


def read_api_json(path: Path, name: str) -> list[Any]:
    """The records of a police.uk API crimes-street answer. A file too large to hold in
    memory, not JSON, nested deeper than Python parses, or not a list is refused by name."""
    limit_mb = settings.CRIMEPLAN_IMPORT_MAX_JSON_MB
    if (size := path.stat().st_size) > limit_mb * 1024 * 1024:
        raise PoliceUkImportError(
            name,
            f"{size:,} bytes of JSON, more than the {limit_mb:,} MB allowed "
            "(CRIMEPLAN_IMPORT_MAX_JSON_MB): give a month at a time",
        )
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PoliceUkImportError(name, f"not valid JSON: {error}") from None
    except RecursionError:
        raise PoliceUkImportError(
            name,
            "the JSON is nested too deeply to read (a police.uk crime record is three levels deep)",
        ) from None
    if not isinstance(records, list):
        raise PoliceUkImportError(name, "expected a list of crimes (a crimes-street response)")
    return records


def _api_record_to_row(
    record: Any, number: int, file_name: str, slugs: dict[str, str], force_name: str
) -> list[str]:
    if not isinstance(record, dict):
        raise PoliceUkImportError(file_name, "not a crime record", line=number, line_label="record")
    location = _mapping(record.get("location"))
    street = _mapping(location.get("street"))
    outcome = _mapping(record.get("outcome_status"))

    def text(value: Any, field_name: str) -> str:
        if value is None or isinstance(value, str | int | float):
            return str(value or "")
        raise PoliceUkImportError(
            file_name,
            f"expected text or a number, found a JSON {type(value).__name__}",
            line=number,
            field_name=field_name,
            line_label="record",
        )

    category = text(record.get("category"), "category")
    return [
        text(record.get("persistent_id"), "persistent_id"),
        text(record.get("month"), "month"),
        force_name,
        force_name,
        text(location.get("longitude"), "location.longitude"),
        text(location.get("latitude"), "location.latitude"),
        text(street.get("name"), "location.street.name"),
        "",
        "",
        slugs.get(category, category),
        text(outcome.get("category"), "outcome_status.category"),
        text(record.get("context"), "context"),
    ]


def _mapping(value: Any) -> dict[str, Any]:
    """A JSON object, or an empty one: a malformed record then fails its checks by name."""
    return value if isinstance(value, dict) else {}


def _bulk_insert(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """Inserts many rows fast: COPY on PostgreSQL, many rows to a statement elsewhere."""
    table = model._meta.db_table
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # Many rows per INSERT (as many as SQLite takes parameters, up to 500): a table with
        # an AUTOINCREMENT key (Django's, on SQLite) updates its sequence once per
        # statement, which made executemany, a statement per row, three times slower (10
        # microseconds a row, against 3). The cursor under Django's debug wrapper.
        raw = cursor.cursor
        limit = connection.features.max_query_params or 999
        per_statement = max(1, min(500, limit // len(columns)))
        row_sql = "(" + ", ".join(["?"] * len(columns)) + ")"
        while batch := list(itertools.islice(rows, per_statement)):
            raw.execute(
                f"INSERT INTO {table} ({column_sql}) VALUES {', '.join([row_sql] * len(batch))}",
                [value for row in batch for value in row],
            )
            count += len(batch)
    return count


@contextlib.contextmanager
def _durable_commit() -> Iterator[None]:
    """On SQLite, whose connections commit with synchronous=NORMAL (a commit may be lost to
    a power cut), makes the commit inside wait for the disk (PostgreSQL's always does).
    Inside a caller's transaction the commit is the caller's, and SQLite refuses the change
    there: nothing is done."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (level,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(level)}")


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
            raise PoliceUkImportError(input_file.name, f"the same file as {earlier}")


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

    Raises PoliceUkImportError for bad input (after recording the failure), and re-raises
    anything else; in both cases the stored data is as it was before.
    """
    import_runs_fail_killed()
    run_record = import_run or ImportRun.objects.create(
        kind=ImportKind.POLICE_UK,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        skip_bad_rows=skip_bad_rows,
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
            files = list(discover(paths, importer.staging / "unpacked", names))
            repeated = [name for name, n in Counter(f.name for f in files).items() if n > 1]
            if repeated:
                raise PoliceUkImportError(repeated[0], "this file is given more than once")
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
    if importer.unplaced_rejections:
        run_record.message += (
            f"{importer.unplaced_rejections:,} rejected rows had no valid force and month, "
            "so they are counted in no month's data quality; they are in the rejected rows file."
        )
    loaded = importer.loaded_slices()
    run_record.months = sorted({month for _, _, month in loaded})
    run_record.forces = sorted({force for _, force, _ in loaded})
    untouched = sorted(f"{force} {month}" for (_, force, month), stats in importer.slices.items()
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
    if isinstance(error, PoliceUkImportError):
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
