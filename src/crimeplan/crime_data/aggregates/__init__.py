"""Imports the aggregated-data and population templates (CSV or XLSX): figures police.uk lacks.

The files are read by `aggregates.reading` (cells, values, areas, each file's rows); this
module saves what was read, in one transaction, and keeps the import record.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.geography.models import Force
from crimeplan.geography.services import force_population_set

from ..constants import AreaKind, ImportKind, ImportStatus
from ..importing import (
    RejectedRows,
    file_record,
    import_run_fail,
    import_run_running,
    import_run_start,
)
from ..models import AggregateValue, AreaPopulation, ImportRun
from .reading import (
    AGGREGATE_COLUMNS,
    POPULATION_COLUMNS,
    AggregateRow,
    Area,
    AreaIndex,
    Cell,
    FileContents,
    FileReader,
    PercentCell,
    PopulationRow,
    Template,
    _text,
    parse_measure,
    parse_month,
    parse_population,
    parse_value,
    parse_year,
)

__all__ = [
    "AGGREGATE_COLUMNS",
    "POPULATION_COLUMNS",
    "AggregateRow",
    "Area",
    "AreaIndex",
    "Cell",
    "FileContents",
    "FileReader",
    "PercentCell",
    "PopulationRow",
    "Template",
    "_text",
    "parse_measure",
    "parse_month",
    "parse_population",
    "parse_value",
    "parse_year",
    "run",
]


# -- saving ----------------------------------------------------------------------------------


def _save_aggregates(rows: list[AggregateRow], run: ImportRun) -> None:
    """Adds or replaces each figure by its natural key: measure, area and period."""
    AggregateValue.objects.bulk_create(
        (
            AggregateValue(
                measure=row.measure,
                area_kind=row.area.kind,
                area_code=row.area.code,
                force=row.area.force,
                period_start=row.period_start,
                period_end=row.period_end,
                value=row.value,
                import_run=run,
            )
            for row in rows
        ),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["measure", "area_kind", "area_code", "period_start", "period_end"],
        update_fields=["value", "force", "import_run"],
    )


def _save_populations(rows: list[PopulationRow], run: ImportRun, actor: Any) -> None:
    """Force figures go through the geography service (audited, marked as the analyst's);
    district and group figures are added or replaced by area and year."""
    for row in rows:
        if row.area.kind == AreaKind.FORCE:
            force_population_set(
                force=row.area.force,
                year=row.year,
                population=row.population,
                source=row.source,
                actor=actor,
            )
    AreaPopulation.objects.bulk_create(
        (
            AreaPopulation(
                area_kind=row.area.kind,
                area_code=row.area.code,
                force=row.area.force,
                year=row.year,
                population=row.population,
                source=row.source,
                import_run=run,
            )
            for row in rows
            if row.area.kind != AreaKind.FORCE
        ),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["area_kind", "area_code", "year"],
        update_fields=["population", "source", "force", "import_run"],
    )


def _finish(run: ImportRun, contents: list[FileContents], rejected: RejectedRows) -> None:
    for record, file in zip(run.files, contents, strict=True):
        record.update(
            kind=file.template,
            rows_read=file.rows_read,
            rows_loaded=file.rows_read - file.rows_rejected,
            rows_rejected=file.rows_rejected,
        )
    run.rows_read = run.rows_expected = sum(file.rows_read for file in contents)
    run.rows_rejected = sum(file.rows_rejected for file in contents)
    run.rows_loaded = run.rows_read - run.rows_rejected
    aggregates = [row for file in contents for row in file.aggregates]
    populations = [row for file in contents for row in file.populations]
    months = {row.period_start for row in aggregates} | {row.period_end for row in aggregates}
    run.months = sorted(f"{month:%Y-%m}" for month in months)
    areas = [row.area for row in aggregates] + [row.area for row in populations]
    run.forces = sorted({area.force.police_uk_id for area in areas})
    run.message = " ".join(
        part
        for part in (
            f"Loaded {len(aggregates):,} figures and {len(populations):,} populations from "
            + (f"{len(contents)} files." if len(contents) > 1 else "1 file."),
            rejected.summary(),
        )
        if part
    )
    if rejected.rows:
        run.rejected_rows_file = rejected.write(run)
    run.status, run.finished_at = ImportStatus.SUCCEEDED, timezone.now()
    run.save()


def run(
    *,
    paths: list[Path],
    actor: Any = None,
    skip_bad_rows: bool = False,
    force_id: str | None = None,
    import_run: ImportRun | None = None,
    names: list[str] | None = None,
) -> ImportRun:
    """Imports aggregated-data and population template files (CSV or XLSX), all or nothing.
    `names` say how messages name `paths` (uploads: the names they were uploaded under).

    Each file's header says which template it is. Every row is checked; a bad row stops the
    import with the file, line (or sheet row) and field named (ImportFileError, after the
    failed run is recorded) unless `skip_bad_rows` is set. Figures replace stored ones with
    the same natural key, in one transaction, so importing a file twice leaves the same
    data. `msg` stands for the comparison group of `force_id` (default: CRIMEPLAN_FORCE).
    """
    if not paths:
        raise ValueError("give at least one file")
    group_force_id = force_id or settings.CRIMEPLAN_FORCE
    if force_id is not None and not Force.objects.filter(police_uk_id=force_id).exists():
        raise ValueError(f"{force_id!r} is not a police.uk force id")
    if import_run is None:
        import_run = import_run_start(
            kind=ImportKind.AGGREGATES, actor=actor, skip_bad_rows=skip_bad_rows
        )
    import_run.kind, import_run.skip_bad_rows = ImportKind.AGGREGATES, skip_bad_rows
    shown = names or [str(path) for path in paths]
    with import_run_running(import_run):
        try:
            import_run.files = [
                file_record(path, kind="", name=name)
                for path, name in zip(paths, shown, strict=True)
            ]
            import_run.save()
            areas = AreaIndex(group_force_id=group_force_id)
            rejected = RejectedRows()
            seen: dict[tuple[object, ...], tuple[str, str]] = {}
            contents = [
                FileReader(path, areas, rejected, skip_bad_rows, seen, name).read()
                for path, name in zip(paths, shown, strict=True)
            ]
            if all(file.template == Template.POPULATIONS for file in contents):
                import_run.kind = ImportKind.POPULATIONS
            with transaction.atomic():
                _save_aggregates([row for file in contents for row in file.aggregates], import_run)
                _save_populations(
                    [row for file in contents for row in file.populations], import_run, actor
                )
                _finish(import_run, contents, rejected)
                audit_record(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    instance=import_run,
                    summary=f"Aggregated-data import: {import_run.message}",
                )
        except BaseException as error:
            import_run_fail(import_run, error, actor=actor, label="Aggregated-data import")
            raise
    return import_run
