"""Staging: the import's own DuckDB session and folder, where each batch of files is copied
to Parquet (in one streaming pass, or from the row-by-row read's table of checked rows)
before anything is published.

The folder (`CRIMEPLAN_DATA_DIR/staging/run-<import id>`) holds links to files whose paths
DuckDB would misread, API JSON turned into street CSV, DuckDB's spill, and a folder of
Parquet parts for each kind; publishing moves those folders into place.
"""

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from ..constants import DatasetKind
from .reading import STORED_OUTCOME, InputFile, header_of
from .sql import path_list, sql_string

# A path DuckDB reads as itself, not as a pattern.
PLAIN_PATH = re.compile(r"[\w/.,:@+ ()-]+")
# Files are streamed to Parquet this many bytes at a time: the copy streams, so memory does
# not grow with the batch, and few statements keep both cores busy to the end.
DEFAULT_BATCH_BYTES = 1024 * 1024 * 1024
# The row-by-row read (`checking`) holds its files in a table: a quarter of that at a time.
CHECK_BATCH_BYTES = 256 * 1024 * 1024
# A DuckDB message is cut to this many characters: it may quote a whole (hostile) line.
MESSAGE_CHARACTERS = 400


@dataclass
class PreparedFile:
    """A file as DuckDB reads it (API JSON is turned into a street CSV first)."""

    input_file: InputFile
    source: Path
    kind: DatasetKind
    line_label: str
    size: int
    number: int  # the file's place in the import (ImportRun.files), stored with its rows


def batches(files: list[PreparedFile], size_limit: int) -> Iterator[list[PreparedFile]]:
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


class Staging:
    """An import's DuckDB session and staging folder, and how its messages name files."""

    def __init__(self, run_id: int, *, skip_bad_rows: bool) -> None:
        self.skip_bad_rows = skip_bad_rows
        self.data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
        self.folder = self.data_dir / "staging" / f"run-{run_id}"
        self.parts = 0
        self.json_files = 0
        self.sources: set[str] = set()
        # How messages name each path DuckDB may quote: the file's own name, never where
        # the server keeps it.
        self.path_names: dict[str, str] = {}
        self.db = duckdb.connect()
        # Inside the staging folder, so that a killed import's spill goes with it.
        spill = self.folder / "duckdb-tmp"
        spill.mkdir(parents=True, exist_ok=True)
        self.db.execute(f"SET temp_directory = {sql_string(str(spill))}")
        self.db.execute(f"SET memory_limit = {sql_string(settings.CRIMEPLAN_DUCKDB_MEMORY)}")
        self.db.execute("SET preserve_insertion_order = true")

    # -- the files DuckDB reads ------------------------------------------------------------

    def name_path(self, path: Path | str, name: str) -> None:
        """Messages quoting `path` name it `name`."""
        self.path_names[str(path)] = name

    def prepare(self, number: int, input_file: InputFile) -> PreparedFile:
        """What DuckDB reads for a CSV file: the file itself, or a link to it under a
        generated name when its path holds a character DuckDB would read as a pattern (`*`,
        `?`, `[...]`) or is read twice."""
        source = input_file.path.resolve()
        if not PLAIN_PATH.fullmatch(str(source)) or str(source) in self.sources:
            source = self.folder / "inputs" / f"input-{number:05d}.csv"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.symlink_to(input_file.path.resolve())
        self.sources.add(str(source))
        self.name_path(source, input_file.name)
        size = source.stat().st_size
        return PreparedFile(input_file, source, input_file.kind, "line", size, number)

    def json_target(self) -> Path:
        """Where the next API JSON file is written as a street CSV."""
        self.json_files += 1
        return self.folder / "api-csv" / f"{self.json_files:05d}.csv"

    def read_csv_sql(self, paths: list[str], header: list[str]) -> str:
        columns = "{" + ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in header) + "}"
        lenient = ", ignore_errors=true, store_rejects=true" if self.skip_bad_rows else ""
        return (
            f"read_csv({path_list(paths)}, header=true, delim=',', quote='\"', escape='\"', "
            f"auto_detect=false, columns={columns}, strict_mode=true, encoding='utf-8', "
            # A folder named key=value is not a column.
            f"filename=true, hive_partitioning=false{lenient})"
        )

    @staticmethod
    def source_file_sql(batch: list[PreparedFile]) -> str:
        """SQL giving a row's source file number (its place in ImportRun.files)."""
        numbers = ", ".join(f"{sql_string(str(p.source))}: {p.number}" for p in batch)
        return f"MAP {{{numbers}}}[filename]"

    # -- staged Parquet --------------------------------------------------------------------

    def part(self, kind: DatasetKind) -> Path:
        """Where the next batch's good rows are staged: one file each, in the kind's folder."""
        self.parts += 1
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"part-{self.parts:05d}.parquet"

    @staticmethod
    def parquet_columns(kind: DatasetKind) -> str:
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

    def stream(
        self, target: Path, kind: DatasetKind, batch: list[PreparedFile], typed: dict[str, str]
    ) -> bool:
        """One pass, as DuckDB's own CSV-to-Parquet copy makes it, into one Parquet file, in
        the files' order, each row with its force, month and source file (`typed`: the
        columns, from `rules`). Returns whether every row was read (False: the copy could
        not read a line or convert a value); the rules are tested afterwards, as the rows
        are counted (`Summaries.account`). Any other failure is raised."""
        selected = ", ".join(f"{expr} AS {name}" for name, expr in typed.items())
        paths = [str(p.source) for p in batch]
        try:
            self.db.execute(
                f"COPY (SELECT {self.parquet_columns(kind)}, source_file FROM ("
                f"SELECT {selected}, {self.source_file_sql(batch)} AS source_file "
                f"FROM {self.read_csv_sql(paths, header_of(kind))})) "
                f"TO {sql_string(str(target))} (FORMAT parquet)"
            )
        except duckdb.Error:
            return False  # a malformed line, or a value that is not a number: named by checking
        return True

    def stage(self, kind: DatasetKind, batch: list[PreparedFile]) -> Path:
        """Writes the checked batch's good rows (the `checking` table) as Parquet, as
        `stream` does."""
        target = self.part(kind)
        self.db.execute(
            f"COPY (SELECT {self.parquet_columns(kind)}, {self.source_file_sql(batch)} "
            f"AS source_file FROM checked WHERE rule IS NULL) TO {sql_string(str(target))} "
            "(FORMAT parquet)"
        )
        return target

    def fetch(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.execute(sql)
        while batch := cursor.fetchmany(50_000):
            yield from batch

    # -- messages --------------------------------------------------------------------------

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

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)
