"""The importer of one run: reads the files batch by batch into staging, checks them
against the rules, counts them into the summaries, and publishes, each stage in its own
module (`staging`, `rules`, `checking`, `summaries`, `publishing`)."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crimeplan.geography.models import Force

from ..categories import police_uk_categories
from ..constants import DatasetKind
from ..files import FileScan
from ..importing import ImportFileError
from ..models import ImportRun
from . import publishing
from .checking import RowCheck
from .reading import InputFile, read_api_json, write_street_csv
from .rules import Columns, Rule, crime_columns, stop_search_columns
from .staging import CHECK_BATCH_BYTES, PreparedFile, Staging, batches
from .summaries import SliceKey, SliceStats, Summaries

ProgressCallback = Callable[[int, int], None]
# Street files first: outcomes take their crime types from street data.
KIND_ORDER = [DatasetKind.STREET, DatasetKind.STREET_API, DatasetKind.OUTCOMES,
              DatasetKind.STOP_AND_SEARCH]  # fmt: skip


@dataclass
class FileResult:
    name: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0


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
        self.batch_bytes = batch_bytes
        known = list(Force.objects.values_list("police_uk_id", "name", "pk"))
        self.forces = {name: force_id for force_id, name, _ in known}
        self.force_names = {force_id: name for force_id, name, _ in known}
        self.categories = police_uk_categories()
        self.file_results: dict[str, FileResult] = {}
        self.rows_done = 0
        # Rows each API JSON file holds (CSV files are counted by their scans).
        self.json_records: dict[str, int] = {}
        self.staging = Staging(run.pk, skip_bad_rows=run.skip_bad_rows)
        self.summaries = Summaries(self.staging, {f: pk for f, _, pk in known})
        self.row_check = RowCheck(self.staging, self.summaries, run)

    # -- reading ---------------------------------------------------------------------------

    def read(self, files: list[InputFile]) -> None:
        """Reads the files in batches of one kind, about `batch_bytes` at a time, so that
        DuckDB works on many files per statement but memory stays bounded."""
        prepared = [self._prepare(number, f) for number, f in enumerate(files)]
        for kind in sorted({p.kind for p in prepared}, key=KIND_ORDER.index):
            for batch in batches([p for p in prepared if p.kind == kind], self.batch_bytes):
                self.read_batch(kind, batch)

    def _prepare(self, number: int, input_file: InputFile) -> PreparedFile:
        """What DuckDB reads for a file (see `Staging.prepare`); API JSON becomes a
        street-file CSV first."""
        self.staging.name_path(input_file.path, input_file.name)
        self.staging.name_path(input_file.path.resolve(), input_file.name)
        if input_file.is_json:
            source = self._json_to_street_csv(input_file)
            self.staging.name_path(source, input_file.name)
            kind = DatasetKind.STREET if self.api_covers_force else DatasetKind.STREET_API
            return PreparedFile(input_file, source, kind, "record", source.stat().st_size, number)
        if input_file.kind == DatasetKind.STOP_AND_SEARCH:
            self._stop_search_force(input_file)
        return self.staging.prepare(number, input_file)

    def _json_to_street_csv(self, input_file: InputFile) -> Path:
        """Turns a police.uk API crimes-street response into a street-file CSV, so that the
        same rules check it."""
        force_id = self.force_id
        if force_id not in self.force_names:
            raise ImportFileError(
                input_file.name, "police.uk API files do not name their force: give --force"
            )
        records = read_api_json(input_file.path, input_file.name)
        self.json_records[input_file.name] = len(records)
        slugs = self.categories.api_slug_to_crime_type
        name = self.force_names[force_id]
        target = self.staging.json_target()
        write_street_csv(records, target, file_name=input_file.name, slugs=slugs, force_name=name)
        return target

    def _stop_search_force(self, input_file: InputFile) -> str:
        """The force of a stop-and-search file: its name says it (as the archive's do), or
        --force does; when both do, they must agree."""
        named, given = input_file.force_hint, self.force_id
        if named and given and named != given:
            raise ImportFileError(
                input_file.name, f"the file name says {named!r} but --force says {given!r}"
            )
        force = named or given
        if force not in self.force_names:
            raise ImportFileError(
                input_file.name,
                "stop-and-search files do not name their force: name the file "
                "YYYY-MM-<force id>-stop-and-search.csv or give --force",
            )
        return str(force)

    def _columns(self, kind: DatasetKind, batch: list[PreparedFile]) -> tuple[Columns, list[Rule]]:
        """The typed columns (name -> SQL over the CSV's columns) and the rules of a kind."""
        if kind == DatasetKind.STOP_AND_SEARCH:
            forces = {str(p.source): self._stop_search_force(p.input_file) for p in batch}
            return stop_search_columns(forces, categories=self.categories)
        return crime_columns(kind, forces=self.forces, categories=self.categories)

    def read_batch(self, kind: DatasetKind, batch: list[PreparedFile]) -> None:
        """Reads a batch into staged Parquet, then counts it into the slices and summaries.

        Without `skip_bad_rows`, the batch is read in one streaming pass straight to Parquet
        (`Staging.stream`), then tested against the rules and counted
        (`Summaries.account`: street data in one scan, other kinds in a scan of their own
        first); only if a row breaks a rule (or the copy cannot read it) is the batch read
        again, row by row into a table (`RowCheck.check`), to name the file, line and field.
        With `skip_bad_rows`, `RowCheck.check` reads it to sort the good rows from the
        rejected.
        """
        self.summaries.file_names.update({p.number: p.input_file.name for p in batch})
        counts: dict[str, tuple[int, int]] | None = None
        loaded: dict[int, int] | None = None
        if not self.run.skip_bad_rows:
            part = self.staging.part(kind)
            typed, rules = self._columns(kind, batch)
            if self.staging.stream(part, kind, batch, typed):
                loaded = self.summaries.account(kind, [part], rules=rules)
            if loaded is None:
                part.unlink(missing_ok=True)
        if loaded is None:  # a broken row (raised below, named), or skip_bad_rows
            counts, parts = {}, []
            for files in batches(batch, min(self.batch_bytes, CHECK_BATCH_BYTES)):
                checked_part, checked_counts = self.row_check.check(
                    kind, files, *self._columns(kind, files)
                )
                parts.append(checked_part)
                counts |= checked_counts
            loaded = self.summaries.account(kind, parts) or {}
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

    # -- checking what was read ------------------------------------------------------------

    def check_rows_read(self, files: list[InputFile], scans: list[FileScan]) -> None:
        """Refuses the import unless every row of every file was read, and every file gave at
        least one valid row.

        The rows read (loaded, and with `skip_bad_rows` rejected) are checked against a
        count of the file's records made from its bytes, independently of DuckDB
        (`files.RecordCounter`, which knows a line end inside a quoted field from one that
        ends a record); an API JSON file's against its records."""
        for input_file, scan in zip(files, scans, strict=True):
            if scan.problem:
                raise ImportFileError(input_file.name, scan.problem, line=scan.problem_line)
            result = self.file_results[input_file.name]
            if input_file.is_json:
                held = self.json_records[input_file.name]
            else:
                held = max(scan.records - 1, 0)  # the header is not a row
            if result.rows_read != held:
                raise ImportFileError(
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
                raise ImportFileError(input_file.name, empty)

    def check_shrink(self, *, allow_shrink: bool) -> None:
        self.summaries.check_shrink(allow_shrink=allow_shrink)

    def loaded_slices(self) -> dict[SliceKey, SliceStats]:
        return self.summaries.loaded_slices()

    # -- publishing ------------------------------------------------------------------------

    def publish(self, finish: Callable[[], None] | None = None) -> None:
        """Publishes the staged rows and their summaries, all or nothing (`publishing`)."""
        publishing.publish(
            staging=self.staging, summaries=self.summaries, run_id=self.run.pk, finish=finish
        )

    def scrubbed(self, text: str) -> str:
        return self.staging.scrubbed(text)

    def close(self) -> None:
        self.row_check.close()
        self.staging.close()
