"""Loading the ONS table into crimeplan: the figures a file holds as they would be stored
(a force's rate worked out from its population where the file gives none), and the atomic,
idempotent load that stores them and records it in the audit trail."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.crime_data.contracts import sha256_of
from crimeplan.geography.models import Force, ForcePopulation

from ..models import AsbYearFigure
from .reading import RATE_PLACES, AreaIndex, LoadReport, ParsedFigure, TableReader
from .sheets import AsbFileError, read_sheets

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "ons-asb"
DEMO_FILE = REFERENCE / "asb-by-pfa-fixture.xlsx"
FROM_FILE = "as published in the file"


def _with_rates(figures: Iterable[ParsedFigure]) -> list[dict[str, Any]]:
    """Each figure's stored fields; a force's rate comes from the file when it gives one, else
    from its incidents and the ONS mid-year population of the year the year ending March
    starts in (mid-2019 for the year ending March 2020), when crimeplan holds it."""
    figures = list(figures)
    populations = {
        (p.force.police_uk_id, p.year): p.population
        for p in ForcePopulation.objects.select_related("force").filter(
            year__in={f.year - 1 for f in figures}
        )
    }
    stored = []
    for figure in figures:
        population = None
        rate, rate_source = figure.rate, FROM_FILE if figure.rate is not None else ""
        if rate is None and figure.incidents is not None and figure.area.kind == "force":
            population = populations.get((figure.area.code, figure.year - 1))
            if population:
                rate = (Decimal(figure.incidents) * 1000 / population).quantize(
                    RATE_PLACES, rounding=ROUND_HALF_UP
                )
                rate_source = (
                    f"incidents per 1,000 of the ONS mid-{figure.year - 1} population "
                    f"({population:,})"
                )
        stored.append(
            {
                "area_kind": figure.area.kind.value,
                "area_code": figure.area.code,
                "year_ending_march": figure.year,
                "area_label": figure.area.name,
                "incidents": figure.incidents,
                "population": population,
                "rate_per_1000": rate,
                "rate_source": rate_source,
                "source": figure.source,
            }
        )
    return stored


def parse_file(
    path: Path, *, force_id: str | None = None, source: str = ""
) -> tuple[list[dict[str, Any]], LoadReport]:
    """The figures a file holds, as they would be stored, and what was read; writes nothing."""
    name = path.name
    group_force = Force.objects.filter(police_uk_id=force_id).first() if force_id else None
    if force_id and group_force is None:
        raise AsbFileError(name, f"{force_id!r} is not a police.uk force id")
    sheets = read_sheets(path, name)
    report = LoadReport(file_name=name, sha256=sha256_of(path))
    reader = TableReader(name, AreaIndex(group_force), report, source)
    for sheet in sheets:
        if not reader.read(sheet):
            report.sheets_without_table.append(sheet.name or name)
    if len(report.sheets_without_table) == len(sheets):
        raise AsbFileError(
            name,
            "no table found: no row starts with the headings 'Area code' and 'Area name' "
            "(the ONS layout: area code, area name, then one column per year ending March)",
        )
    if not reader.figures:
        raise AsbFileError(name, "the table holds no figures: nothing to load")
    figures = _with_rates(reader.figures.values())
    for figure in figures:
        figure |= {"source_file": name, "file_sha256": report.sha256}
    return figures, report


KEY_FIELDS = ("area_kind", "area_code", "year_ending_march")
RATE_FIELDS = ("rate_per_1000", "rate_source", "population")


def _merged(existing: AsbYearFigure, values: dict[str, Any]) -> dict[str, Any]:
    """A file sets what it gives: incidents from a counts table leave a rate loaded from a
    rates table alone, and the reverse; a rate worked out from a population does not replace
    a published rate for the same count."""
    merged = dict(values)
    if merged["incidents"] is None:
        merged["incidents"] = existing.incidents
    keep_rate = values["rate_per_1000"] is None or (
        values["rate_source"] != FROM_FILE
        and existing.rate_source == FROM_FILE
        and existing.incidents == merged["incidents"]
    )
    if keep_rate:
        merged |= {name: getattr(existing, name) for name in RATE_FIELDS}
    return merged


def run(
    path: Path, *, force_id: str | None = None, source: str = "", actor: Any = None
) -> LoadReport:
    """Loads one ONS ASB-by-police-force-area file. Idempotent (figures are keyed by area and
    year, and a figure loaded again unchanged is left alone) and atomic: a file with any error
    stores nothing, and the error names the file, the sheet row and the column. A later file
    replaces the figures it gives (see `_merged`)."""
    figures, report = parse_file(path, force_id=force_id, source=source)
    with transaction.atomic():
        held = {
            tuple(getattr(f, k) for k in KEY_FIELDS): f
            for f in AsbYearFigure.objects.select_for_update().filter(
                year_ending_march__in={f["year_ending_march"] for f in figures}
            )
        }
        for values in figures:
            key = tuple(values[k] for k in KEY_FIELDS)
            existing = held.get(key)
            if existing is None:
                AsbYearFigure.objects.create(**values)
                report.figures_created += 1
            elif any(getattr(existing, k) != v for k, v in _merged(existing, values).items()):
                for k, v in _merged(existing, values).items():
                    setattr(existing, k, v)
                existing.save()
                report.figures_changed += 1
            else:
                report.figures_unchanged += 1
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="performance.asbyearfigure",
            object_label=f"ONS ASB incidents by police force area: {report.file_name}",
            summary=" ".join(report.lines())[:500],
        )
    return report


def load_demo() -> list[str]:
    """The fixture of Gloucestershire's published figures, for `crimeplan load-demo`."""
    if settings.CRIMEPLAN_FORCE != "gloucestershire":
        return ["ASB long-run series: the fixture is Gloucestershire's; not loaded."]
    report = run(DEMO_FILE, force_id="gloucestershire")
    return ["ASB long-run series: " + " ".join(report.lines())]
