"""Imports police.uk data: archive zips, extracted folders, monthly CSVs and API JSON.

`run()` is what `crimeplan import-policeuk` and the web upload's background task call. Each
file is parsed and validated by DuckDB in one pass (every row against the published
categories, month format, known forces, UK coordinates, LSOA code shape), its good rows
are written to Parquet under a staging folder, and its counts are added to summaries held in
DuckDB. Only when every file has been read are the (force, month, kind) slices swapped into
place and the summary tables in the app database replaced, in one transaction: importing
the same files twice leaves the same totals, and a failure leaves what was there before.

A malformed row stops the import with the file, line and field named, unless
`skip_bad_rows` is set: then good rows load and the rejected ones are written, with their
reasons, to a CSV file beside the import record.
"""

import csv
import datetime
import hashlib
import json
import logging
import re
import shutil
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.geography.models import Force, Lsoa

from .categories import police_uk_categories
from .constants import DatasetKind, ImportKind, ImportStatus
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
STOP_SEARCH_NAME = re.compile(r"(\d{4}-\d{2})-(?P<force>[a-z-]+)-stop-and-search\.csv$")
# The United Kingdom's extent, with a margin: police.uk snap points never fall outside it.
LONGITUDE_RANGE = (-8.7, 1.8)
LATITUDE_RANGE = (49.8, 60.9)
LSOA_PATTERN = "[EW]01[0-9]{6}"
MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
DATETIME_PATTERN = (
    MONTH_PATTERN
    + "-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?)?([+-][0-9]{2}:?[0-9]{2}|Z)?"
)
Rule = tuple[str, str, str]  # (field named in the message, SQL: the row breaks it, SQL: why)


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
    parts: list[Path] = field(default_factory=list)


ProgressCallback = Callable[[int, int], None]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_list(values: list[str] | frozenset[str]) -> str:
    return "[" + ", ".join(_sql_string(v) for v in sorted(values)) + "]"


def detect_kind(path: Path, display_name: str) -> tuple[DatasetKind, bool]:
    """Tells a file's kind from its header (CSV) or its records (police.uk API JSON)."""
    with path.open("rb") as handle:
        start = handle.read(4096)
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


def discover(paths: list[Path], workdir: Path) -> Iterator[InputFile]:
    """The files to import, in a stable order: zips are unpacked into `workdir`."""
    for given in paths:
        if not given.exists():
            raise PoliceUkImportError(str(given), "file or folder not found")
        if given.is_dir():
            members = sorted(p for p in given.rglob("*") if p.suffix.lower() in {".csv", ".json"})
            if not members:
                raise PoliceUkImportError(str(given), "the folder holds no .csv or .json files")
            for member in members:
                yield _input_file(member, str(member))
        elif zipfile.is_zipfile(given):
            yield from _unpack(given, workdir)
        else:
            yield _input_file(given, str(given))


def _unpack(archive: Path, workdir: Path) -> Iterator[InputFile]:
    target = workdir / f"zip-{hashlib.sha1(str(archive).encode()).hexdigest()[:12]}"  # noqa: S324 - a name
    with zipfile.ZipFile(archive) as bundle:
        names = sorted(n for n in bundle.namelist() if n.lower().endswith((".csv", ".json")))
        if not names:
            raise PoliceUkImportError(str(archive), "the archive holds no .csv or .json files")
        for name in names:
            destination = target / Path(name).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(name) as source, destination.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
            yield _input_file(destination, f"{archive}:{name}")


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
    ) -> None:
        self.run = run
        self.force_id = force_id
        self.api_covers_force = api_covers_force
        self.progress = progress
        self.data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
        self.staging = self.data_dir / "staging" / f"run-{run.pk}"
        self.trash = self.data_dir / "trash" / f"run-{run.pk}"
        self.forces = {f.name: f.police_uk_id for f in Force.objects.all()}
        self.force_pks = dict(Force.objects.values_list("police_uk_id", "pk"))
        self.force_names = {f.police_uk_id: f.name for f in Force.objects.all()}
        self.categories = police_uk_categories()
        self.slices: dict[tuple[str, str, str], SliceStats] = defaultdict(SliceStats)
        self.file_results: list[FileResult] = []
        self.rejected_writer: Any = None
        self.rejected_handle: Any = None
        self.rows_done = 0
        self.db = duckdb.connect()
        spill = self.data_dir / "duckdb-tmp"
        spill.mkdir(parents=True, exist_ok=True)
        self.db.execute(f"SET temp_directory = {_sql_string(str(spill))}")
        self.db.execute(f"SET memory_limit = {_sql_string(settings.CRIMEPLAN_DUCKDB_MEMORY)}")
        self.db.execute("SET preserve_insertion_order = true")
        self.db.execute(
            "CREATE TEMP TABLE crime_summary (kind VARCHAR, force VARCHAR, month VARCHAR, "
            "lsoa_code VARCHAR, crime_type VARCHAR, n BIGINT)"
        )
        self.db.execute(
            "CREATE TEMP TABLE outcome_summary (kind VARCHAR, force VARCHAR, month VARCHAR, "
            "crime_type VARCHAR, outcome VARCHAR, n BIGINT)"
        )
        self.db.execute(
            "CREATE TEMP TABLE stop_summary (force VARCHAR, month VARCHAR, search_type VARCHAR, "
            "object_of_search VARCHAR, outcome VARCHAR, ethnicity VARCHAR, n BIGINT)"
        )

    # -- reading ---------------------------------------------------------------------------

    def read(self, files: list[InputFile]) -> None:
        for number, input_file in enumerate(files):
            result = self._read_file(number, input_file)
            self.file_results.append(result)
            self.rows_done += result.rows_read
            if self.progress:
                self.progress(self.rows_done, result.rows_read)

    def _read_file(self, number: int, input_file: InputFile) -> FileResult:
        kind = input_file.kind
        source = input_file.path
        line_label = "line"
        if input_file.is_json:
            source = self._json_to_street_csv(input_file)
            kind = DatasetKind.STREET if self.api_covers_force else DatasetKind.STREET_API
            line_label = "record"
        if kind == DatasetKind.STOP_AND_SEARCH:
            force_for_file = self.force_id or input_file.force_hint
            if force_for_file not in self.force_names:
                raise PoliceUkImportError(
                    input_file.name,
                    "stop-and-search files do not name their force: name the file "
                    "YYYY-MM-<force id>-stop-and-search.csv or give --force",
                )
        self._load_table(source, input_file, kind)
        rows_read, rows_rejected = self.db.execute(
            "SELECT count(*), count(reason) FROM checked"
        ).fetchone() or (0, 0)
        structural = self._structural_rejects(input_file)
        rows_read += len(structural)
        if (rows_rejected or structural) and not self.run.skip_bad_rows:
            self._raise_first_error(input_file, structural, line_label)
        if rows_rejected or structural:
            self._write_rejected(input_file, structural, line_label, kind)
        self._stage_slices(number, kind, len(structural))
        self._summarise(kind)
        return FileResult(
            name=input_file.name,
            kind=kind,
            rows_read=rows_read,
            rows_loaded=rows_read - rows_rejected - len(structural),
            rows_rejected=rows_rejected + len(structural),
        )

    def _read_csv_sql(self, path: Path, header: list[str]) -> str:
        columns = "{" + ", ".join(f"{_sql_string(c)}: 'VARCHAR'" for c in header) + "}"
        lenient = ", ignore_errors=true, store_rejects=true" if self.run.skip_bad_rows else ""
        return (
            f"read_csv({_sql_string(str(path))}, header=true, delim=',', quote='\"', escape='\"', "
            f"auto_detect=false, columns={columns}, strict_mode=true, encoding='utf-8'{lenient})"
        )

    def _load_table(self, source: Path, input_file: InputFile, kind: DatasetKind) -> None:
        header = (
            STOP_SEARCH_HEADER
            if kind == DatasetKind.STOP_AND_SEARCH
            else (OUTCOMES_HEADER if kind == DatasetKind.OUTCOMES else STREET_HEADER)
        )
        select = self._checked_select(kind, input_file)
        try:
            self.db.execute("DROP TABLE IF EXISTS checked")
            self.db.execute(
                f"CREATE TEMP TABLE checked AS SELECT {select} "
                f"FROM {self._read_csv_sql(source, header)}"
            )
        except duckdb.Error as error:
            message = str(error).split("\n\nPossible fixes")[0].replace("\n", " ")
            match = re.search(r"CSV Error on Line: (\d+)", message)
            raise PoliceUkImportError(
                input_file.name,
                f"the file is not a well-formed CSV: {message}",
                line=int(match.group(1)) if match else None,
            ) from None

    def _checked_select(self, kind: DatasetKind, input_file: InputFile) -> str:
        """Typed columns and the first broken rule of each row; scalar expressions only, so
        the table keeps the file's order and a row's position gives its line."""
        if kind == DatasetKind.STOP_AND_SEARCH:
            typed, rules = self._stop_search_columns(input_file)
        else:
            typed, rules = self._crime_columns(kind)
        field_case = " ".join(f"WHEN {cond} THEN {_sql_string(name)}" for name, cond, _ in rules)
        reason_case = " ".join(f"WHEN {cond} THEN {message}" for _, cond, message in rules)
        selected = [f"{expr} AS {name}" for name, expr in typed.items()]
        return ", ".join(
            [*selected, f"CASE {field_case} END AS bad_field", f"CASE {reason_case} END AS reason"]
        )

    def _crime_columns(self, kind: DatasetKind) -> tuple[dict[str, str], list[Rule]]:
        cats = self.categories
        c = {
            "crime_id": _clean("Crime ID"),
            "month": _clean("Month"),
            "reported_by": _clean("Reported by"),
            "falls_within": _clean("Falls within"),
            "longitude": _clean("Longitude"),
            "latitude": _clean("Latitude"),
            "location": _clean("Location"),
            "lsoa_code": _clean("LSOA code"),
            "lsoa_name": _clean("LSOA name"),
        }
        forces = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in self.forces.items())
        force = f"MAP {{{forces}}}[{c['falls_within']}]"
        rules: list[Rule] = [
            ("Month", _blank_or_unlike(c["month"], MONTH_PATTERN),
             _says("not a month in the form YYYY-MM", c["month"])),
            ("Falls within", f"{force} IS NULL",
             _says("not a territorial police force of England and Wales", c["falls_within"])),
        ]  # fmt: skip
        if kind == DatasetKind.OUTCOMES:
            c["outcome"] = _clean("Outcome type")
            rules.append(("Outcome type", _blank_or_not_in(c["outcome"], cats.outcomes),
                          _says("not a published outcome", c["outcome"])))  # fmt: skip
        else:
            c["crime_type"] = _clean("Crime type")
            c["outcome"] = _clean("Last outcome category")
            c["context"] = _clean("Context")
            rules.append(("Crime type", _blank_or_not_in(c["crime_type"], cats.crime_types),
                          _says("not a published crime type", c["crime_type"])))  # fmt: skip
            rules.append(("Last outcome category", _given_not_in(c["outcome"], cats.outcomes),
                          _says("not a published outcome", c["outcome"])))  # fmt: skip
        rules += _coordinate_rules(c["longitude"], c["latitude"])
        rules.append(("LSOA code", _given_unlike(c["lsoa_code"], LSOA_PATTERN),
                      _says("not an LSOA code", c["lsoa_code"])))  # fmt: skip
        return {**c, "force": force}, rules

    def _stop_search_columns(self, input_file: InputFile) -> tuple[dict[str, str], list[Rule]]:
        cats = self.categories
        c = {
            "search_type": _clean("Type"),
            "date": _clean("Date"),
            "latitude": _clean("Latitude"),
            "longitude": _clean("Longitude"),
            "gender": _clean("Gender"),
            "age_range": _clean("Age range"),
            "self_defined_ethnicity": _clean("Self-defined ethnicity"),
            "officer_defined_ethnicity": _clean("Officer-defined ethnicity"),
            "legislation": _clean("Legislation"),
            "object_of_search": _clean("Object of search"),
            "outcome": _clean("Outcome"),
            "outcome_linked": _clean("Outcome linked to object of search"),
            "removal_of_clothing": _clean("Removal of more than just outer clothing"),
            "part_of_operation": _clean("Part of a policing operation"),
            "policing_operation": _clean("Policing operation"),
        }
        rules: list[Rule] = [
            ("Date", _blank_or_unlike(c["date"], DATETIME_PATTERN),
             _says("not a date and time", c["date"])),
            ("Type", _blank_or_not_in(c["search_type"], cats.stop_search_types),
             _says("not a published search type", c["search_type"])),
            ("Outcome", _given_not_in(c["outcome"], cats.stop_search_outcomes),
             _says("not a published outcome", c["outcome"])),
            *_coordinate_rules(c["longitude"], c["latitude"]),
        ]  # fmt: skip
        force_id = self.force_id or input_file.force_hint or ""
        return {**c, "force": _sql_string(force_id), "month": f"substr({c['date']}, 1, 7)"}, rules

    def _structural_rejects(self, input_file: InputFile) -> list[tuple[int, str, str, str]]:
        """Lines DuckDB could not parse (skip mode only): (line, field, reason, raw line)."""
        if not self.run.skip_bad_rows:
            return []
        rows = self.db.execute(
            "SELECT line, coalesce(column_name, ''), error_type || ': ' || error_message, csv_line "
            "FROM reject_errors ORDER BY line"
        ).fetchall()
        self.db.execute("DELETE FROM reject_errors")
        self.db.execute("DELETE FROM reject_scans")
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def _line_of(self, position: int, structural_lines: list[int]) -> int:
        """A parsed row's line: its position, the header, and the unparseable lines before it."""
        line = position + 2
        for bad in structural_lines:
            if bad <= line:
                line += 1
        return line

    def _raise_first_error(
        self, input_file: InputFile, structural: list[tuple[int, str, str, str]], line_label: str
    ) -> None:
        row = self.db.execute(
            "SELECT rowid, bad_field, reason FROM checked "
            "WHERE reason IS NOT NULL ORDER BY rowid LIMIT 1"
        ).fetchone()
        if row is not None:
            position, field_name, reason = row
            line = position + 1 if line_label == "record" else self._line_of(position, [])
            raise PoliceUkImportError(
                input_file.name, reason, line=line, field_name=field_name, line_label=line_label
            )
        line, field_name, reason, _ = structural[0]
        raise PoliceUkImportError(input_file.name, reason, line=line, field_name=field_name or None)

    def _write_rejected(
        self,
        input_file: InputFile,
        structural: list[tuple[int, str, str, str]],
        line_label: str,
        kind: DatasetKind,
    ) -> None:
        if self.rejected_writer is None:
            path = self.data_dir / "imports" / f"run-{self.run.pk}" / "rejected-rows.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.rejected_handle = path.open("w", newline="", encoding="utf-8")
            self.rejected_writer = csv.writer(self.rejected_handle)
            self.rejected_writer.writerow(["file", "line", "field", "reason", "values"])
            self.run.rejected_rows_file = str(path)
        structural_lines = [s[0] for s in structural]
        cursor = self.db.execute(
            "SELECT * EXCLUDE (bad_field, reason), rowid AS position, bad_field, reason, "
            "force, month "
            "FROM checked WHERE reason IS NOT NULL ORDER BY rowid"
        )
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(10_000):
            for values in batch:
                record = dict(zip(names, values, strict=True))
                position = record.pop("position")
                line = (
                    position + 1
                    if line_label == "record"
                    else self._line_of(position, structural_lines)
                )
                self.rejected_writer.writerow(
                    [
                        input_file.name,
                        line,
                        record["bad_field"],
                        record["reason"],
                        json.dumps(
                            {k: v for k, v in record.items() if k not in {"bad_field", "reason"}}
                        ),
                    ]
                )
                self._count_rejection(
                    kind, record.get("force"), record.get("month"), record["bad_field"]
                )
        for line, field_name, reason, raw in structural:
            self.rejected_writer.writerow([input_file.name, line, field_name, reason, raw])
            self._count_rejection(kind, None, None, "malformed line")

    def _count_rejection(
        self, kind: DatasetKind, force: str | None, month: str | None, reason: str
    ) -> None:
        if force and month and re.fullmatch(MONTH_PATTERN, month):
            stats = self.slices[(kind, force, month)]
            stats.rejected += 1
            stats.rejected_by_reason[reason] += 1
        else:
            self.run.message = "Some rejected rows could not be given a force and month."

    # -- staging -------------------------------------------------------------------------

    def _stage_slices(self, number: int, kind: DatasetKind, _structural: int) -> None:
        slices = self.db.execute(
            "SELECT force, month, count(*), count(*) FILTER (longitude IS NULL) "
            + (
                ", 0, 0 "
                if kind == DatasetKind.STOP_AND_SEARCH
                else ", count(*) FILTER (lsoa_code IS NULL), "
                "count(crime_id) - count(DISTINCT crime_id) "
            )
            + "FROM checked WHERE reason IS NULL GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        columns = self._parquet_columns(kind)
        for force, month, rows, without_location, without_lsoa, duplicates in slices:
            stats = self.slices[(kind, force, month)]
            stats.rows += rows
            stats.without_location += without_location
            stats.without_lsoa += without_lsoa
            stats.duplicate_crime_ids += duplicates
            target = (
                self.staging
                / kind
                / f"force={force}"
                / f"month={month}"
                / f"part-{number:05d}.parquet"
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            self.db.execute(
                f"COPY (SELECT {columns} FROM checked "
                "WHERE reason IS NULL AND force = ? AND month = ?) "
                f"TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)",
                [force, month],
            )
            stats.parts.append(target)

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
            return common + ", outcome AS outcome_type"
        return common + ", crime_type, outcome AS last_outcome_category, context"

    def _summarise(self, kind: DatasetKind) -> None:
        if kind == DatasetKind.STOP_AND_SEARCH:
            self.db.execute(
                "INSERT INTO stop_summary SELECT force, month, search_type, "
                "coalesce(object_of_search, ''), "
                "coalesce(outcome, ''), coalesce(self_defined_ethnicity, ''), count(*) "
                "FROM checked WHERE reason IS NULL GROUP BY ALL"
            )
            return
        if kind == DatasetKind.OUTCOMES:
            street = self.data_dir / "policeuk" / DatasetKind.STREET
            known = sorted(street.glob("force=*/month=*/*.parquet"))
            crime_type = "''"
            join = ""
            if known:
                files = "[" + ", ".join(_sql_string(str(p)) for p in known) + "]"
                join = (
                    f"LEFT JOIN (SELECT DISTINCT crime_id, crime_type FROM read_parquet({files}) "
                    "WHERE crime_id IS NOT NULL) s USING (crime_id)"
                )
                crime_type = "coalesce(s.crime_type, '')"
            self.db.execute(
                f"INSERT INTO outcome_summary SELECT {_sql_string(kind)}, force, month, "
                f"{crime_type}, coalesce(outcome, ''), count(*) "
                f"FROM checked {join} WHERE reason IS NULL GROUP BY ALL"
            )
            return
        self.db.execute(
            f"INSERT INTO crime_summary SELECT {_sql_string(kind)}, force, month, "
            "coalesce(lsoa_code, ''), "
            "crime_type, count(*) FROM checked WHERE reason IS NULL GROUP BY ALL"
        )
        self.db.execute(
            f"INSERT INTO outcome_summary SELECT {_sql_string(kind)}, force, month, crime_type, "
            "coalesce(outcome, ''), count(*) FROM checked WHERE reason IS NULL GROUP BY ALL"
        )

    def _json_to_street_csv(self, input_file: InputFile) -> Path:
        """Turns a police.uk API crimes-street response into a street-file CSV, so that the
        same rules check it: category slugs become the archive's labels and persistent_id
        becomes the Crime ID."""
        force_id = self.force_id
        if force_id not in self.force_names:
            raise PoliceUkImportError(
                input_file.name, "police.uk API files do not name their force: give --force"
            )
        try:
            records = json.loads(input_file.path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise PoliceUkImportError(input_file.name, f"not valid JSON: {error}") from None
        if not isinstance(records, list):
            raise PoliceUkImportError(
                input_file.name, "expected a list of crimes (a crimes-street response)"
            )
        slugs = self.categories.api_slug_to_crime_type
        name = self.force_names[force_id]
        target = self.staging / "api-csv" / f"{len(self.file_results):05d}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(STREET_HEADER)
            for number, record in enumerate(records, start=1):
                writer.writerow(_api_record_to_row(record, number, input_file.name, slugs, name))
        return target

    # -- publishing ------------------------------------------------------------------------

    def publish(self) -> None:
        """Swaps the staged slices into place and replaces their summaries, all or nothing."""
        moved: list[tuple[Path, Path | None]] = []
        try:
            with transaction.atomic():
                self._replace_summaries()
                for kind, force, month in sorted(self.slices):
                    final = self.data_dir / "policeuk" / kind / f"force={force}" / f"month={month}"
                    backup = None
                    if final.exists():
                        backup = self.trash / kind / f"force={force}" / f"month={month}"
                        backup.parent.mkdir(parents=True, exist_ok=True)
                        final.rename(backup)
                    staged = self.staging / kind / f"force={force}" / f"month={month}"
                    final.parent.mkdir(parents=True, exist_ok=True)
                    if staged.exists():
                        staged.rename(final)
                    moved.append((final, backup))
        except BaseException:
            for final, backup in reversed(moved):
                if final.exists():
                    shutil.rmtree(final)
                if backup is not None:
                    backup.rename(final)
            raise
        shutil.rmtree(self.trash, ignore_errors=True)

    def _replace_summaries(self) -> None:
        lsoa_district = dict(Lsoa.objects.values_list("code", "district_id"))
        force_lsoas: dict[str, set[str]] = defaultdict(set)
        for code, force_id in Lsoa.objects.values_list("code", "district__force__police_uk_id"):
            force_lsoas[force_id].add(code)
        keys = sorted(self.slices)
        for kind, force, month in keys:
            filters = {"force_id": self.force_pks[force], "month": _month_date(month)}
            Slice.objects.filter(kind=kind, **filters).delete()
            if kind == DatasetKind.STOP_AND_SEARCH:
                StopSearchCount.objects.filter(**filters).delete()
            else:
                CrimeCount.objects.filter(kind=kind, **filters).delete()
                OutcomeCount.objects.filter(kind=kind, **filters).delete()
        outside: Counter[tuple[str, str, str]] = Counter()
        crime_rows = self._crime_rows(lsoa_district, force_lsoas, outside)
        _bulk_insert(
            CrimeCount,
            ["kind", "force_id", "month", "district_id", "lsoa_code", "crime_type", "count"],
            crime_rows,
        )
        _bulk_insert(
            OutcomeCount,
            ["kind", "force_id", "month", "crime_type", "outcome", "count"],
            (
                (k, self.force_pks[f], _month_date(m), ct, o, n)
                for k, f, m, ct, o, n in self._fetch(
                    "SELECT kind, force, month, crime_type, outcome, sum(n) FROM outcome_summary "
                    "GROUP BY ALL ORDER BY ALL"
                )
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
            (
                (self.force_pks[f], _month_date(m), t, o, out, e, n)
                for f, m, t, o, out, e, n in self._fetch(
                    "SELECT force, month, search_type, object_of_search, outcome, ethnicity, "
                    "sum(n) "
                    "FROM stop_summary GROUP BY ALL ORDER BY ALL"
                )
            ),
        )
        Slice.objects.bulk_create(
            Slice(
                kind=kind,
                force_id=self.force_pks[force],
                month=_month_date(month),
                import_run=self.run,
                rows=stats.rows,
                rows_without_location=stats.without_location,
                rows_without_lsoa=stats.without_lsoa,
                rows_lsoa_outside_area=(
                    outside[(kind, force, month)]
                    if force_lsoas.get(force) and kind != DatasetKind.STOP_AND_SEARCH
                    else None
                ),
                duplicate_crime_ids=stats.duplicate_crime_ids,
                rows_rejected=stats.rejected,
                rejected_by_reason=dict(stats.rejected_by_reason),
            )
            for (kind, force, month), stats in sorted(self.slices.items())
        )

    def _crime_rows(
        self,
        lsoa_district: dict[str, int],
        force_lsoas: dict[str, set[str]],
        outside: Counter[tuple[str, str, str]],
    ) -> Iterator[tuple[Any, ...]]:
        for kind, force, month, lsoa, crime_type, n in self._fetch(
            "SELECT kind, force, month, lsoa_code, crime_type, sum(n) FROM crime_summary "
            "GROUP BY ALL ORDER BY ALL"
        ):
            own = force_lsoas.get(force)
            if lsoa and own and lsoa not in own:
                outside[(kind, force, month)] += n
            yield (
                kind,
                self.force_pks[force],
                _month_date(month),
                lsoa_district.get(lsoa),
                lsoa,
                crime_type,
                n,
            )

    def _fetch(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.execute(sql)
        while batch := cursor.fetchmany(50_000):
            yield from batch

    def close(self) -> None:
        if self.rejected_handle is not None:
            self.rejected_handle.close()
        self.db.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _clean(column: str) -> str:
    return f"NULLIF(trim({_quoted(column)}), '')"


def _says(text: str, column: str) -> str:
    return f"{_sql_string(text + ': ')} || coalesce({column}, '(blank)')"


def _blank_or_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NULL OR NOT list_contains({_sql_list(values)}, {column})"


def _given_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NOT NULL AND NOT list_contains({_sql_list(values)}, {column})"


def _blank_or_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NULL OR NOT regexp_full_match({column}, {_sql_string(pattern)})"


def _given_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NOT NULL AND NOT regexp_full_match({column}, {_sql_string(pattern)})"


def _outside(column: str, low: float, high: float) -> str:
    number = f"TRY_CAST({column} AS DOUBLE)"
    return f"{column} IS NOT NULL AND coalesce(NOT ({number} BETWEEN {low} AND {high}), true)"


def _coordinate_rules(longitude: str, latitude: str) -> list[Rule]:
    return [
        ("Longitude", f"({longitude} IS NULL) <> ({latitude} IS NULL)",
         "'longitude and latitude must both be given or both be blank'"),
        ("Longitude", _outside(longitude, *LONGITUDE_RANGE),
         _says("not a longitude inside the UK", longitude)),
        ("Latitude", _outside(latitude, *LATITUDE_RANGE),
         _says("not a latitude inside the UK", latitude)),
    ]  # fmt: skip


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _month_date(month: str) -> datetime.date:
    return datetime.date(int(month[:4]), int(month[5:7]), 1)


def _api_record_to_row(
    record: Any, number: int, file_name: str, slugs: dict[str, str], force_name: str
) -> list[str]:
    if not isinstance(record, dict):
        raise PoliceUkImportError(file_name, "not a crime record", line=number, line_label="record")
    location = record.get("location") or {}
    street = location.get("street") or {}
    outcome = record.get("outcome_status") or {}
    category = str(record.get("category") or "")
    return [
        str(record.get("persistent_id") or ""),
        str(record.get("month") or ""),
        force_name,
        force_name,
        str(location.get("longitude") or ""),
        str(location.get("latitude") or ""),
        str(street.get("name") or ""),
        "",
        "",
        slugs.get(category, category),
        str(outcome.get("category") or ""),
        str(record.get("context") or ""),
    ]


def _bulk_insert(model: Any, columns: list[str], rows: Any) -> int:
    """Inserts many rows fast: COPY on PostgreSQL, executemany elsewhere."""
    table = model._meta.db_table
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def run(
    *,
    paths: list[Path],
    actor: Any = None,
    skip_bad_rows: bool = False,
    force_id: str | None = None,
    api_covers_force: bool = False,
    progress: ProgressCallback | None = None,
    import_run: ImportRun | None = None,
) -> ImportRun:
    """Imports police.uk files; returns the import record (status succeeded or failed).

    Raises PoliceUkImportError for bad input (after recording the failure), and re-raises
    anything else; in both cases the stored data is as it was before.
    """
    run_record = import_run or ImportRun.objects.create(
        kind=ImportKind.POLICE_UK,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        skip_bad_rows=skip_bad_rows,
    )
    run_record.status, run_record.started_at = ImportStatus.RUNNING, timezone.now()
    run_record.skip_bad_rows = skip_bad_rows
    workdir = Path(tempfile.mkdtemp(prefix="crimeplan-import-"))
    importer = Importer(
        run_record, force_id=force_id, api_covers_force=api_covers_force, progress=progress
    )
    try:
        files = list(discover(paths, workdir))
        run_record.files = [
            {
                "name": f.name,
                "kind": f.kind,
                "bytes": f.path.stat().st_size,
                "sha256": sha256_of(f.path),
            }
            for f in files
        ]
        # About 120 bytes a row in police.uk street files: good enough for a progress bar.
        run_record.rows_expected = sum(f.path.stat().st_size for f in files) // 120
        run_record.save()
        importer.read(files)
        importer.publish()
    except BaseException as error:
        importer.close()
        shutil.rmtree(workdir, ignore_errors=True)
        run_record.status, run_record.finished_at = ImportStatus.FAILED, timezone.now()
        run_record.message = (
            str(error)
            if isinstance(error, PoliceUkImportError)
            else (f"The import stopped ({error.__class__.__name__}: {error}); nothing was changed.")
        )
        run_record.save()
        raise
    importer.close()
    shutil.rmtree(workdir, ignore_errors=True)
    for record, result in zip(run_record.files, importer.file_results, strict=True):
        record.update(
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_rejected=result.rows_rejected,
            kind=result.kind,
        )
    run_record.rows_read = sum(r.rows_read for r in importer.file_results)
    run_record.rows_loaded = sum(r.rows_loaded for r in importer.file_results)
    run_record.rows_rejected = sum(r.rows_rejected for r in importer.file_results)
    run_record.months = sorted({month for _, _, month in importer.slices})
    run_record.forces = sorted({force for _, force, _ in importer.slices})
    run_record.status, run_record.finished_at = ImportStatus.SUCCEEDED, timezone.now()
    run_record.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=run_record,
        summary=f"police.uk import: {run_record.rows_loaded:,} rows loaded, "
        f"{run_record.rows_rejected:,} rejected, {len(run_record.files)} files",
    )
    return run_record
