"""Publishing: the staged Parquet moved into place and the summary tables in the app
database replaced, all or nothing, in one transaction that also records the import's
outcome (see `publish`)."""

import contextlib
import datetime
import itertools
import json
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ..constants import DatasetKind
from ..models import CrimeCount, OutcomeCount, Slice, StopSearchCount
from .staging import Staging
from .store import remove_unused_versions, run_folder
from .summaries import Summaries


def publish(
    *, staging: Staging, summaries: Summaries, run_id: int, finish: Callable[[], None] | None
) -> None:
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
    kinds = sorted({kind for kind, _, _ in summaries.loaded_slices()})
    try:
        for kind in kinds:
            version = run_folder(staging.data_dir, kind, run_id)
            version.parent.mkdir(parents=True, exist_ok=True)
            placed.append(version)
            (staging.folder / kind).rename(version)
        with durable_commit(), transaction.atomic():
            if connection.vendor == "postgresql":
                # Imports publish one at a time (several workers may run them); on
                # SQLite the database's single writer already makes them wait.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('crimeplan-import'))")
            replace_summaries(staging, summaries, run_id)
            if finish is not None:
                finish()
    except BaseException:
        for version in placed:
            shutil.rmtree(version, ignore_errors=True)
        raise
    # The earlier versions' folders go only now that the commit is on disk: a commit
    # lost to a power cut would otherwise leave slices pointing at removed folders.
    for kind in kinds:
        remove_unused_versions(staging.data_dir, kind)


def replace_summaries(staging: Staging, summaries: Summaries, run_id: int) -> None:
    """Replaces the slices the import loaded, and their summary rows, with its own."""
    loaded = summaries.loaded_slices()
    force_pks = summaries.force_pks
    by_kind_force: dict[tuple[str, int], list[datetime.date]] = defaultdict(list)
    for kind, force, month in sorted(loaded):
        by_kind_force[(kind, force_pks[force])].append(_month_date(month))
    # One delete for all the forces whose months are the same (all of them, usually).
    forces_by_months: dict[tuple[str, tuple[datetime.date, ...]], list[int]] = defaultdict(list)
    for (kind, force_pk), months in by_kind_force.items():
        forces_by_months[(kind, tuple(months))].append(force_pk)
    for (kind, same_months), pks in forces_by_months.items():
        held = {"force_id__in": pks, "month__in": same_months}
        Slice.objects.filter(kind=kind, **held).delete()
        if kind == DatasetKind.STOP_AND_SEARCH:
            StopSearchCount.objects.filter(**held).delete()
        else:
            CrimeCount.objects.filter(kind=kind, **held).delete()
            OutcomeCount.objects.filter(kind=kind, **held).delete()
    # Rows come out of DuckDB ready to insert: force and district ids, and months as
    # ISO dates (YYYY-MM-01), which both databases take for a date column.
    bulk_insert(
        CrimeCount,
        ["kind", "force_id", "month", "district_id", "has_lsoa", "crime_type", "count"],
        staging.fetch(
            "SELECT s.kind, f.pk, s.month || '-01', s.district_id, s.has_lsoa, s.crime_type, "
            "sum(s.n)::BIGINT FROM crime_summary s JOIN force_ids f USING (force) GROUP BY ALL"
        ),
    )
    bulk_insert(
        OutcomeCount,
        ["kind", "force_id", "month", "crime_type", "outcome", "count"],
        staging.fetch(
            "SELECT s.kind, f.pk, s.month || '-01', s.crime_type, s.outcome, "
            "sum(s.n)::BIGINT FROM outcome_summary s JOIN force_ids f USING (force) "
            "GROUP BY ALL"
        ),
    )
    bulk_insert(
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
        staging.fetch(
            "SELECT f.pk, s.month || '-01', s.search_type, s.object_of_search, "
            "s.outcome, s.ethnicity, sum(s.n)::BIGINT FROM stop_summary s "
            "JOIN force_ids f USING (force) GROUP BY ALL"
        ),
    )
    # Crimes placed in an LSOA outside the force's own, where the force's LSOAs are known.
    outside = {
        (kind, force, month): int(n or 0)
        for kind, force, month, n in staging.db.execute(
            "SELECT kind, force, month, sum(n) FILTER (outside_area) FROM crime_summary "
            "WHERE force IN (SELECT DISTINCT force FROM lsoa_districts) GROUP BY ALL"
        ).fetchall()
    }
    # Built as rows, not model instances: Django's bulk_create spent a quarter of a
    # millisecond on each (a third of a second for a national year's slices of three kinds).
    bulk_insert(
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
                force_pks[force],
                f"{month}-01",
                run_id,
                stats.rows,
                stats.without_location,
                stats.without_lsoa,
                outside.get((kind, force, month), 0)
                if force in summaries.forces_with_lsoas and kind != DatasetKind.STOP_AND_SEARCH
                else None,
                stats.duplicate_crime_ids,
                stats.rejected,
                json.dumps(dict(stats.rejected_by_reason)),
            )
            for (kind, force, month), stats in sorted(loaded.items())
        ),
    )


def bulk_insert(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
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
def durable_commit() -> Iterator[None]:
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


def _month_date(month: str) -> datetime.date:
    return datetime.date(int(month[:4]), int(month[5:7]), 1)
