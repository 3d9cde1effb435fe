"""Imports the Home Office police recorded crime tables and sums them into measure counts."""

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.geography.models import Force

from .constants import ImportKind, ImportStatus
from .importing import (
    ImportFileError,
    RejectedRows,
    csv_records,
    file_record,
    import_run_fail,
    import_run_running,
    import_run_start,
    refuse_empty,
    rows_text,
)
from .models import ImportRun, OffenceMeasure, RecordedCrime

REQUIRED_COLUMNS = (
    "Financial_Year",
    "Financial_Quarter",
    "Force_Name",
    "Offence_Description",
    "Offence_Group",
    "Offence_Subgroup",
    "Offence_Code",
    "Number_of_Offences",
)
# The tables list these beside the 43 territorial forces. No force area contains them, so
# their rows are counted and reported, never loaded and never silently dropped.
NON_TERRITORIAL_BODIES = frozenset(
    {
        "British Transport Police",
        "Action Fraud",
        "CIFAS",
        "UK Finance",
        "Financial Fraud Action UK",
    }
)
FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
# A quarter's count can be negative: the tables net crimes cancelled later (e.g. found not to
# be crimes) into the quarter of the cancellation, and the published totals include them.
WHOLE_NUMBER = re.compile(r"^-?(?:\d+|\d{1,3}(?:,\d{3})+)$")
# The range of an integer column on every database crimeplan supports.
MAX_COUNT = 2_147_483_647


# -- reading the Home Office file -----------------------------------------------------------


@dataclass(frozen=True)
class RecordedCrimeRow:
    line: int
    force: str  # a police.uk force id, or the name of a body that is not a territorial force
    financial_year: str
    quarter: int
    offence_code: str
    offence_description: str
    offence_group: str
    offence_subgroup: str
    count: int


@dataclass
class RecordedCrimeFile:
    """What a file held: counts for the territorial forces, and what was skipped or rejected.

    The tables give homicide as four rows per force and quarter under one combined code
    ("1/4.1/4.10/4.2": murder, manslaughter, corporate manslaughter, infanticide) with the
    same description, so rows sharing a key and a description are added together and counted
    in `rows_combined`.
    """

    counts: dict[tuple[str, str, int, str], RecordedCrimeRow] = field(default_factory=dict)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_combined: int = 0
    skipped_rows: Counter[str] = field(default_factory=Counter)
    skipped_offences: Counter[str] = field(default_factory=Counter)
    rejected: RejectedRows = field(default_factory=RejectedRows)

    @property
    def rows(self) -> list[RecordedCrimeRow]:
        """One row per force, year, quarter and offence code, for the territorial forces."""
        return [row for row in self.counts.values() if row.force not in NON_TERRITORIAL_BODIES]

    def add(self, name: str, row: RecordedCrimeRow) -> None:
        key = (row.force, row.financial_year, row.quarter, row.offence_code)
        earlier = self.counts.get(key)
        if earlier is not None:
            if _labels(earlier) != _labels(row):
                raise ImportFileError(
                    name,
                    f"offence code {row.offence_code!r} has different labels on line "
                    f"{earlier.line} for the same force and quarter",
                    line=row.line,
                    field_name="Offence_Description",
                )
            self.counts[key] = replace(earlier, count=earlier.count + row.count)
        else:
            self.counts[key] = row
        if row.force in NON_TERRITORIAL_BODIES:
            self.skipped_rows[row.force] += 1
            self.skipped_offences[row.force] += row.count
        else:
            self.rows_loaded += 1
            if earlier is not None:
                self.rows_combined += 1


def _labels(row: RecordedCrimeRow) -> tuple[str, str, str]:
    return (row.offence_description, row.offence_group, row.offence_subgroup)


def _financial_year(text: str) -> str:
    match = FINANCIAL_YEAR.match(text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{text!r} is not a financial year like 2017/18")
    return text


def _quarter(text: str) -> int:
    if text not in {"1", "2", "3", "4"}:
        raise ValueError(f"{text!r} is not a quarter of the financial year (1 to 4)")
    return int(text)


def _required_text(text: str) -> str:
    if not text:
        raise ValueError("missing")
    return text


def _optional_text(text: str) -> str:
    return text


def _count(text: str) -> int:
    if not WHOLE_NUMBER.match(text):
        raise ValueError(f"{text!r} is not a whole number of offences")
    value = int(text.replace(",", ""))
    if abs(value) > MAX_COUNT:
        raise ValueError(f"{value:,} is beyond the counts crimeplan can hold")
    return value


PARSERS: dict[str, Callable[[str], object]] = {
    "Financial_Year": _financial_year,
    "Financial_Quarter": _quarter,
    "Force_Name": _required_text,
    "Offence_Description": _required_text,
    "Offence_Group": _optional_text,
    "Offence_Subgroup": _optional_text,
    "Offence_Code": _required_text,
    "Number_of_Offences": _count,
}


def _column_positions(name: str, header: list[str]) -> dict[str, int]:
    """Where each required column is. Spaces count as underscores and case is ignored, so
    the Home Office's own headings ("Force Name") work as well as this file's."""
    positions: dict[str, int] = {}
    wanted = {column.casefold(): column for column in REQUIRED_COLUMNS}
    for position, heading in enumerate(header):
        column = wanted.get(heading.strip().replace(" ", "_").casefold())
        if column is None:
            continue
        if column in positions:
            raise ImportFileError(name, "the column appears twice", line=1, field_name=column)
        positions[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise ImportFileError(name, f"missing columns: {', '.join(missing)}", line=1)
    return positions


def _parse_row(
    name: str, line: int, cells: list[str], positions: dict[str, int], forces: Mapping[str, str]
) -> RecordedCrimeRow:
    values: dict[str, Any] = {}
    for column, position in positions.items():
        try:
            values[column] = PARSERS[column](cells[position].strip())
        except ValueError as error:
            raise ImportFileError(name, str(error), line=line, field_name=column) from None
    body = values["Force_Name"]
    if body not in NON_TERRITORIAL_BODIES and body not in forces:
        raise ImportFileError(
            name,
            f"{body!r} is not the Home Office name of a known force (see the forces' "
            "home_office_name; run `crimeplan load-reference` if none are loaded)",
            line=line,
            field_name="Force_Name",
        )
    return RecordedCrimeRow(
        line=line,
        force=forces.get(body, body),
        financial_year=values["Financial_Year"],
        quarter=values["Financial_Quarter"],
        offence_code=values["Offence_Code"],
        offence_description=values["Offence_Description"],
        offence_group=values["Offence_Group"],
        offence_subgroup=values["Offence_Subgroup"],
        count=values["Number_of_Offences"],
    )


def read_recorded_crime(
    path: Path, *, forces: Mapping[str, str], skip_bad_rows: bool
) -> RecordedCrimeFile:
    """Reads and checks every row; `forces` maps Home Office force names to police.uk ids.

    Raises ImportFileError at the first bad row unless `skip_bad_rows` is set, in which case
    bad rows are kept, with their reasons, in the result's `rejected`.
    """
    name = str(path)
    result = RecordedCrimeFile()
    records = csv_records(path)
    first = next(records, None)
    if first is None:
        raise ImportFileError(name, "the file is empty", line=1)
    header = first[1]
    positions = _column_positions(name, header)
    for line, cells in records:
        result.rows_read += 1
        try:
            if len(cells) != len(header):
                raise ImportFileError(
                    name, f"{len(cells)} fields where the header has {len(header)}", line=line
                )
            result.add(name, _parse_row(name, line, cells, positions, forces))
        except ImportFileError as error:
            if not skip_bad_rows:
                raise
            result.rejected.add(error, cells)
    refuse_empty(name, rows_read=result.rows_read, rejections=result.rejected.rows)
    return result


def quarter_months(financial_year: str, quarter: int) -> list[str]:
    """The three months (YYYY-MM) of a quarter of a financial year, which starts in April."""
    first_year = int(financial_year[:4])
    months = []
    for offset in range(3):
        month_number = 4 + 3 * (quarter - 1) + offset  # 13 to 15 are the next January to March
        months.append(f"{first_year + (month_number - 1) // 12}-{(month_number - 1) % 12 + 1:02d}")
    return months


def _skipped_text(skipped: RecordedCrimeFile) -> str:
    if not skipped.skipped_rows:
        return ""
    bodies = "; ".join(
        f"{body} {rows_text(rows)} ({skipped.skipped_offences[body]:,} offences)"
        for body, rows in sorted(skipped.skipped_rows.items())
    )
    return (
        f"Skipped {rows_text(sum(skipped.skipped_rows.values()))} for bodies that are not "
        f"territorial forces: {bodies}."
    )


def _save_rows(rows: list[RecordedCrimeRow], run: ImportRun) -> None:
    """Adds or replaces each row by its natural key (force, year, quarter, offence code)."""
    force_pks = dict(Force.objects.values_list("police_uk_id", "pk"))
    RecordedCrime.objects.bulk_create(
        (
            RecordedCrime(
                force_id=force_pks[row.force],
                financial_year=row.financial_year,
                quarter=row.quarter,
                offence_code=row.offence_code,
                offence_description=row.offence_description,
                offence_group=row.offence_group,
                offence_subgroup=row.offence_subgroup,
                count=row.count,
                import_run=run,
            )
            for row in rows
        ),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["force", "financial_year", "quarter", "offence_code"],
        update_fields=[
            "offence_description",
            "offence_group",
            "offence_subgroup",
            "count",
            "import_run",
        ],
    )


def _finish(run: ImportRun, parsed: RecordedCrimeFile) -> None:
    rows = parsed.rows
    run.files[0].update(
        rows_read=parsed.rows_read,
        rows_loaded=parsed.rows_loaded,
        rows_rejected=len(parsed.rejected.rows),
        rows_skipped=sum(parsed.skipped_rows.values()),
        rows_combined=parsed.rows_combined,
        skipped_bodies={
            body: {"rows": n, "offences": parsed.skipped_offences[body]}
            for body, n in sorted(parsed.skipped_rows.items())
        },
    )
    run.rows_read = run.rows_expected = parsed.rows_read
    run.rows_loaded, run.rows_rejected = parsed.rows_loaded, len(parsed.rejected.rows)
    quarters = sorted({(row.financial_year, row.quarter) for row in rows})
    run.months = [month for year, quarter in quarters for month in quarter_months(year, quarter)]
    run.forces = sorted({row.force for row in rows})
    periods = ", ".join(f"{year} Q{quarter}" for year, quarter in quarters) or "no quarters"
    combined = (
        f" ({parsed.rows_combined:,} of them added to an earlier row with the same force, "
        "quarter, offence code and description, as the tables give homicide)"
        if parsed.rows_combined
        else ""
    )
    run.message = " ".join(
        part
        for part in (
            f"Loaded {rows_text(parsed.rows_loaded)}{combined} as {len(rows):,} counts for "
            f"{len(run.forces)} forces ({periods}).",
            _skipped_text(parsed),
            parsed.rejected.summary(),
        )
        if part
    )
    if parsed.rejected.rows:
        run.rejected_rows_file = parsed.rejected.write(run)
    run.status, run.finished_at = ImportStatus.SUCCEEDED, timezone.now()
    run.save()


def run(*, path: Path, actor: Any = None, skip_bad_rows: bool = False) -> ImportRun:
    """Imports a Home Office recorded-crime table (force by quarter by offence code).

    Every row is checked; rows for bodies that are not territorial forces are skipped and
    reported by body. A bad row stops the import with the file, line and field named
    (ImportFileError, after the failed run is recorded) unless `skip_bad_rows` is set. Rows
    replace stored ones with the same force, financial year, quarter and offence code, all in
    one transaction: a failure leaves the stored data as it was, and importing the same file
    twice leaves the same data.
    """
    import_run = import_run_start(
        kind=ImportKind.RECORDED_CRIME, actor=actor, skip_bad_rows=skip_bad_rows
    )
    with import_run_running(import_run):
        try:
            import_run.files = [file_record(path, kind=ImportKind.RECORDED_CRIME)]
            import_run.save()
            forces = dict(Force.objects.values_list("home_office_name", "police_uk_id"))
            parsed = read_recorded_crime(path, forces=forces, skip_bad_rows=skip_bad_rows)
            with transaction.atomic():
                _save_rows(parsed.rows, import_run)
                _finish(import_run, parsed)
                audit_record(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    instance=import_run,
                    summary=f"Home Office recorded crime import: {import_run.rows_loaded:,} "
                    f"rows loaded, {import_run.rows_rejected:,} rejected, "
                    f"{sum(parsed.skipped_rows.values()):,} skipped (not territorial forces)",
                )
        except BaseException as error:
            import_run_fail(
                import_run, error, actor=actor, label="Home Office recorded crime import"
            )
            raise
    return import_run


# -- counts ----------------------------------------------------------------------------------


class QuarterKey(NamedTuple):
    force: str
    financial_year: str
    quarter: int


# (police.uk force id, financial year, quarter, offence code, count)
CountRow = tuple[str, str, int, str, int]


def quarter_totals(
    rows: Iterable[CountRow], *, offence_codes: Collection[str] | None = None
) -> dict[QuarterKey, int]:
    """Sums counts by force and quarter over the given offence codes (every code if None).

    A force and quarter with rows for the codes appears even when they sum to 0, so an
    absent key means no data, never zero crimes.
    """
    wanted = None if offence_codes is None else frozenset(offence_codes)
    totals: dict[QuarterKey, int] = {}
    for force, financial_year, quarter, code, count in rows:
        if wanted is None or code in wanted:
            key = QuarterKey(force, financial_year, quarter)
            totals[key] = totals.get(key, 0) + count
    return totals


def force_totals(
    totals: Mapping[QuarterKey, int], *, quarters: Collection[int] | None = None
) -> dict[str, int]:
    """Sums quarter totals by force, over the given quarters (every quarter if None)."""
    by_force: dict[str, int] = {}
    for key, count in totals.items():
        if quarters is None or key.quarter in quarters:
            by_force[key.force] = by_force.get(key.force, 0) + count
    return by_force


def _offence_codes(measure: OffenceMeasure | str) -> list[str]:
    if isinstance(measure, str):
        measure = OffenceMeasure.objects.get(slug=measure)
    return list(measure.offence_codes)


def recorded_crime_totals(
    *,
    force: Force | str | None = None,
    financial_year: str | None = None,
    measure: OffenceMeasure | str | None = None,
) -> dict[QuarterKey, int]:
    """Recorded crime by force and quarter, for a measure's offence codes or all codes.

    `force` and `measure` may be given as objects or as a police.uk id and a slug.
    """
    rows = RecordedCrime.objects.all()
    if force is not None:
        rows = rows.filter(
            force__police_uk_id=force if isinstance(force, str) else force.police_uk_id
        )
    if financial_year is not None:
        rows = rows.filter(financial_year=financial_year)
    codes = None
    if measure is not None:
        codes = _offence_codes(measure)
        rows = rows.filter(offence_code__in=codes)
    values = rows.values_list(
        "force__police_uk_id", "financial_year", "quarter", "offence_code", "count"
    )
    return quarter_totals(values.iterator(chunk_size=5000), offence_codes=codes)


def measure_counts(
    *,
    measure: OffenceMeasure | str,
    financial_year: str,
    quarters: Collection[int] | None = None,
) -> dict[str, int]:
    """The measure's count for each force (police.uk id) over a financial year's quarters.

    A force with no rows for the measure's codes in the year is absent (rows of 0 count as
    rows); a force missing a quarter is summed over the quarters it has, so check
    `recorded_crime_totals` where completeness matters.
    """
    totals = recorded_crime_totals(financial_year=financial_year, measure=measure)
    return force_totals(totals, quarters=quarters)
