"""The row-by-row read: a batch read into a table, each row with the first rule it breaks,
so that a broken row's file, line and field can be named (or, with skip_bad_rows, the good
rows sorted from the rejected, which are written with their reasons).

Only a batch the streaming pass could not read, or one with a row that breaks a rule, is
read this way (and every batch with skip_bad_rows): see `importer.Importer.read_batch`.
"""

import json
import re
from collections import defaultdict
from pathlib import Path

import duckdb
from django.conf import settings

from ..constants import DatasetKind
from ..files import scan_file
from ..importing import ImportFileError, RejectedRowsFile
from ..models import ImportRun
from .reading import header_of
from .rules import Rule, broken_rule_sql
from .staging import PreparedFile, Staging
from .summaries import Summaries

BadLine = tuple[int, str, str, str]  # (line, field, reason, the raw line)


class RowCheck:
    """Reads batches row by row for one import; keeps its rejected rows file open."""

    def __init__(self, staging: Staging, summaries: Summaries, run: ImportRun) -> None:
        self.staging = staging
        self.db = staging.db
        self.summaries = summaries
        self.run = run
        self.rules: dict[str, list[Rule]] = {}
        self.rejected: RejectedRowsFile | None = None  # opened for the first row set aside

    def check(
        self, kind: DatasetKind, batch: list[PreparedFile], typed: dict[str, str], rules: list[Rule]
    ) -> tuple[Path, dict[str, tuple[int, int]]]:
        """Reads the batch into a table, each row with the first rule it breaks (`typed`
        and `rules`: the kind's columns and rules), so that a broken row's file, line and
        field can be named; raises for the first unless `skip_bad_rows`, else writes the
        rejected rows. Returns the good rows' Parquet file and, by file, (rows read, rows
        rejected)."""
        by_path = {str(p.source): p for p in batch}
        self._load_table(kind, batch, typed, rules)
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
        part = self.staging.stage(kind, batch)
        read_and_rejected = {}
        for item in batch:
            _, rows, rejected = counts.get(str(item.source), (0, 0, 0))
            bad_lines = len(structural.get(str(item.source), []))
            read_and_rejected[str(item.source)] = (rows + bad_lines, rejected + bad_lines)
        return part, read_and_rejected

    def close(self) -> None:
        if self.rejected is not None:
            self.rejected.close()

    def _load_table(
        self, kind: DatasetKind, batch: list[PreparedFile], typed: dict[str, str], rules: list[Rule]
    ) -> None:
        header = header_of(kind)
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
                f"FROM (SELECT {selected}, filename FROM "
                f"{self.staging.read_csv_sql(paths, header)})"
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
                refuse_unreadable(item)
            raise ImportFileError(
                culprit.input_file.name if culprit else ", ".join(p.input_file.name for p in batch),
                "the file is not a well-formed CSV: " + self.staging.shown(message),
                line=int(line.group(1)) if line else None,
            ) from None

    def _structural_rejects(self, by_path: dict[str, PreparedFile]) -> dict[str, list[BadLine]]:
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
    def _line_of(position: int, item: PreparedFile, bad_lines: list[BadLine]) -> int:
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
        batch: list[PreparedFile],
        counts: dict[str, tuple[int, int, int]],
        structural: dict[str, list[BadLine]],
    ) -> None:
        for item in batch:
            path = str(item.source)
            first, _, rejected = counts.get(path, (0, 0, 0))
            if rejected:
                rowid, field_name, reason = self.db.execute(
                    f"SELECT rowid, {broken_rule_sql(self.rules[item.kind])} FROM checked "
                    "WHERE filename = ? AND rule IS NOT NULL ORDER BY rowid LIMIT 1",
                    [path],
                ).fetchall()[0]
                raise ImportFileError(
                    item.input_file.name,
                    reason,
                    line=self._line_of(rowid - first, item, []),
                    field_name=field_name,
                    line_label=item.line_label,
                )
            if structural.get(path):
                line, field_name, reason, _ = structural[path][0]
                raise ImportFileError(
                    item.input_file.name, reason, line=line, field_name=field_name or None
                )

    def _write_rejected(
        self,
        kind: DatasetKind,
        by_path: dict[str, PreparedFile],
        counts: dict[str, tuple[int, int, int]],
        structural: dict[str, list[BadLine]],
    ) -> None:
        if self.rejected is None:
            self.rejected = RejectedRowsFile(self.run)
            self.run.rejected_rows_file = str(self.rejected.path)
        rejected = self.rejected
        cursor = self.db.execute(
            "SELECT * EXCLUDE (rule, filename), rowid AS position, filename, "
            f"{broken_rule_sql(self.rules[kind])} FROM checked WHERE rule IS NOT NULL "
            "ORDER BY rowid"
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
                rejected.add(item.input_file.name, line, field_name, reason, json.dumps(record))
                self.summaries.count_rejection(
                    kind, record.get("force"), record.get("month"), field_name
                )
        for bad_path, bad_lines in structural.items():
            for line, field_name, reason, raw in bad_lines:
                rejected.add(by_path[bad_path].input_file.name, line, field_name, reason, raw)
                self.summaries.count_rejection(kind, None, None, "malformed line")


def refuse_unreadable(item: PreparedFile) -> None:
    """Raises what makes a CSV file unreadable as CSV text, if anything does."""
    if item.input_file.is_json:
        return  # written from parsed JSON (`reading.write_street_csv`)
    scan = scan_file(
        item.source,
        csv_records=True,
        max_record_bytes=settings.CRIMEPLAN_IMPORT_MAX_RECORD_BYTES,
    )
    if scan.problem:
        raise ImportFileError(item.input_file.name, scan.problem, line=scan.problem_line)
