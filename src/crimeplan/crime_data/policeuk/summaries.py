"""Summaries: each batch's staged rows counted into its slices' data quality (rows, without
location or LSOA, repeated crime ids, rejections) and into the summary tables held in
DuckDB (crimes by district and type, outcomes, stop and search), which publishing copies
into the app database.

A slice is one force's month of one kind; an import replaces a slice only where it loaded
at least one row for it, and takes each slice from one file.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy
from django.conf import settings

from crimeplan.geography.models import Lsoa

from ..constants import DatasetKind
from ..importing import ImportFileError
from ..models import Slice
from .rules import MONTH_PATTERN, Rule, breaks_a_rule, group, rule_rows
from .sql import path_list, sql_string, sql_tuple
from .staging import Staging
from .store import published_rows

SliceKey = tuple[str, str, str]  # (kind, force's police.uk id, month as YYYY-MM)


@dataclass
class SliceStats:
    rows: int = 0
    without_location: int = 0
    without_lsoa: int = 0
    duplicate_crime_ids: int = 0
    rejected: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)


class Summaries:
    """What an import has counted so far, by slice, and its summary tables in DuckDB."""

    def __init__(self, staging: Staging, force_pks: dict[str, int]) -> None:
        self.staging = staging
        self.db = staging.db
        self.force_pks = force_pks
        self.slices: dict[SliceKey, SliceStats] = defaultdict(SliceStats)
        # The file each slice was taken from, by the name messages give it.
        self.slice_files: dict[SliceKey, str] = {}
        # Each file's name by its number (its place in ImportRun.files).
        self.file_names: dict[int, str] = {}
        self.unplaced_rejections = 0
        self.forces_with_lsoas: set[str] = set()
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

    def _load_lookups(self) -> None:
        """Force ids and the loaded LSOAs' districts, as DuckDB tables to join with."""
        # Built as one VALUES list each: DuckDB's executemany inserts a row per statement.
        forces = ", ".join(f"({sql_string(f)}, {int(pk)})" for f, pk in self.force_pks.items())
        self.db.execute(
            "CREATE OR REPLACE TEMP TABLE force_ids AS SELECT force::VARCHAR AS force, "
            "pk::BIGINT AS pk FROM "
            f"(VALUES {forces or '(NULL, NULL)'}) t(force, pk) WHERE force IS NOT NULL"
        )
        lsoas = list(
            Lsoa.objects.values_list("code", "district_id", "district__force__police_uk_id")
        )
        rows = ", ".join(f"({sql_string(c)}, {int(d)}, {sql_string(f)})" for c, d, f in lsoas)
        self.db.execute(
            # Typed, so that an empty list (NULL columns) still joins with text.
            "CREATE OR REPLACE TEMP TABLE lsoa_districts AS SELECT lsoa_code::VARCHAR AS "
            "lsoa_code, district_id::BIGINT AS district_id, force::VARCHAR AS force FROM "
            f"(VALUES {rows or '(NULL, NULL, NULL)'}) t(lsoa_code, district_id, force) "
            "WHERE lsoa_code IS NOT NULL"
        )
        self.forces_with_lsoas = {force for _, _, force in lsoas}

    # -- counting a batch ------------------------------------------------------------------

    def account(
        self, kind: DatasetKind, parts: list[Path], rules: list[Rule] | None = None
    ) -> dict[int, int] | None:
        """Counts a batch's staged rows into its slices' data quality and the summaries;
        returns the rows loaded by source file. Given `rules`, tests them first (street data:
        in the counting scan; other kinds: in a scan of their own), and returns None,
        counting nothing, if a row breaks one."""
        if not parts:
            return {}
        staged = f"read_parquet({path_list(parts)})"
        crimes = kind != DatasetKind.STOP_AND_SEARCH
        if kind in (DatasetKind.STREET, DatasetKind.STREET_API):
            slices = self._summarise_street(kind, staged, rules or [])
            if slices is None:
                return None
        else:
            if rules:
                rows = rule_rows(kind, staged, rules)
                grains = group(self.db, "rule_values", rows, [], rules, "")
                if breaks_a_rule(self.db, "rule_values", grains, rules):
                    return None
            slices = self.db.execute(
                "SELECT force, month, source_file, count(*), count(*) FILTER (longitude IS NULL), "
                + ("count(*) FILTER (lsoa_code IS NULL) " if crimes else "0 ")
                + f"FROM {staged} GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            self._summarise(kind, staged)
        loaded: dict[int, int] = defaultdict(int)
        for force, month, source, rows, without_location, without_lsoa in slices:
            self._claim_slice((kind, force, month), self.file_names[source])
            stats = self.slices[(kind, force, month)]
            stats.rows += rows
            stats.without_location += without_location
            stats.without_lsoa += without_lsoa
            loaded[int(source)] += rows
        if crimes:
            self._count_repeated_ids(kind, staged)
        return loaded

    def count_rejection(
        self, kind: DatasetKind, force: str | None, month: str | None, reason: str
    ) -> None:
        if force and month and re.fullmatch(MONTH_PATTERN, month):
            stats = self.slices[(kind, force, month)]
            stats.rejected += 1
            stats.rejected_by_reason[reason] += 1
        else:
            self.unplaced_rejections += 1

    def _claim_slice(self, key: SliceKey, file_name: str) -> None:
        """One file per slice in an import: two files holding the same force and month
        (two archive editions, a zip and its folder) would otherwise be added together."""
        holder = self.slice_files.setdefault(key, file_name)
        if holder != file_name:
            kind, force, month = key
            raise ImportFileError(
                file_name,
                f"{holder} also holds {force} {kind} data for {month}: import one of them "
                "(the newer archive edition) at a time",
            )

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
            staged_street = sorted((self.staging.folder / DatasetKind.STREET).glob("*.parquet"))
            if staged_street:
                known.append(
                    f"SELECT crime_id, crime_type FROM read_parquet({path_list(staged_street)}) "
                    f"WHERE force IN {sql_tuple(frozenset(forces))}"
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
                f"INSERT INTO outcome_summary SELECT {sql_string(kind)}, force, month, "
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
        grains = group(
            self.db,
            "batch_counts",
            "(SELECT s.force, s.falls_within, s.month, s.source_file, s.lsoa_code, "
            "CASE WHEN l.force = s.force THEN l.district_id END AS district_id, "
            "s.lsoa_code IS NOT NULL AS has_lsoa, "
            "s.lsoa_code IS NOT NULL AND l.force IS DISTINCT FROM s.force AS outside_area, "
            "s.crime_type, s.outcome, s.longitude IS NULL AS without_location, "
            "s.breaks_row_rule "
            f"FROM {rule_rows(kind, staged, rules)} s "
            "LEFT JOIN lsoa_districts l USING (lsoa_code))",
            [by_file, by_district, by_outcome],
            rules,
            "count(*) AS n, count(*) FILTER (without_location) AS without_location, ",
        )
        if breaks_a_rule(self.db, "batch_counts", grains, rules):
            return None
        by_file_grain, by_district_grain, by_outcome_grain = list(grains.values())[:3]
        self.db.execute(
            f"INSERT INTO crime_summary SELECT {sql_string(kind)}, force, month, district_id, "
            "has_lsoa, outside_area, crime_type, n FROM batch_counts "
            f"WHERE grain = {by_district_grain}"
        )
        self.db.execute(
            f"INSERT INTO outcome_summary SELECT {sql_string(kind)}, force, month, crime_type, "
            f"coalesce(outcome, ''), n FROM batch_counts WHERE grain = {by_outcome_grain}"
        )
        return self.db.execute(
            "SELECT force, month, source_file, sum(n), sum(without_location), "
            "coalesce(sum(n) FILTER (NOT has_lsoa), 0) FROM batch_counts "
            f"WHERE grain = {by_file_grain} GROUP BY force, month, source_file ORDER BY ALL"
        ).fetchall()

    # -- what the import replaces ----------------------------------------------------------

    def loaded_slices(self) -> dict[SliceKey, SliceStats]:
        """The slices this import replaces: those with at least one loaded row. A month whose
        every row was rejected is left as it was, never emptied."""
        return {key: stats for key, stats in self.slices.items() if stats.rows}

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
        raise ImportFileError(
            self.slice_files[shrinking[0][0]],
            f"the import would leave {len(shrinking):,} months with over {percent:g}% fewer "
            f"rows than are held: {listed}{more}. Check that the files are whole; to replace "
            "the months anyway, import again with --allow-shrink (on the upload page, tick "
            '"Replace months even if they shrink")',
        )
