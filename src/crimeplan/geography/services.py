"""Changes an analyst makes to reference data; each is audited."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import audited_change

from .models import ComparisonGroup, Force, ForcePopulation


def force_population_set(
    *, force: Force, year: int, population: int, source: str, actor: Any
) -> ForcePopulation:
    """Adds or replaces one year's population for a force, as an analyst's figure."""
    if population <= 0:
        raise ValidationError({"population": "Population must be a positive whole number."})
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": "Year must be between 1990 and 2100."})
    if not source.strip():
        raise ValidationError({"source": "Say where the figure comes from."})
    with transaction.atomic():
        existing = (
            ForcePopulation.objects.select_for_update().filter(force=force, year=year).first()
        )
        figure = existing or ForcePopulation(force=force, year=year)
        with audited_change(
            figure, actor=actor, summary=f"Population of {force} for {year} set to {population:,}"
        ):
            figure.population, figure.source, figure.entered_by_analyst = (
                population,
                source.strip(),
                True,
            )
            figure.full_clean()
            figure.save()
    return figure


def comparison_group_update(
    *,
    force: Force,
    members: list[Force],
    source: str,
    as_of: datetime.date,
    illustrative: bool,
    actor: Any,
) -> ComparisonGroup:
    """Replaces a force's comparison group; load-reference will not overwrite it after this."""
    if not members:
        raise ValidationError({"members": "Choose at least one force."})
    if force in members:
        raise ValidationError({"members": "A force cannot be in its own comparison group."})
    if not source.strip():
        raise ValidationError({"source": "Say where this group comes from."})
    with transaction.atomic():
        group = ComparisonGroup.objects.filter(force=force).first() or ComparisonGroup(force=force)
        with audited_change(
            group, actor=actor, summary=f"Comparison group of {force} changed"
        ) as change:
            if change.before is not None:
                change.before["members"] = sorted(m.police_uk_id for m in group.members.all())
            group.source, group.as_of, group.illustrative = source.strip(), as_of, illustrative
            group.edited_by_analyst = True
            group.save()
            group.members.set(members)
            change.after_extra["members"] = sorted(m.police_uk_id for m in members)
    return group


class PopulationFileError(Exception):
    pass


@dataclass(frozen=True)
class PopulationFileResult:
    saved: int


def force_populations_import(*, path: Path, actor: Any) -> PopulationFileResult:
    """Loads `area,year,population,source` rows (area a police.uk force id); all or nothing."""
    forces = {force.police_uk_id: force for force in Force.objects.all()}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"area", "year", "population", "source"} - set(reader.fieldnames or [])
        if missing:
            raise PopulationFileError(
                f"{path}, line 1: missing columns: {', '.join(sorted(missing))}"
            )
        rows = list(enumerate(reader, start=2))
    saved = 0
    with transaction.atomic():
        for line, row in rows:
            force = forces.get((row["area"] or "").strip())
            if force is None:
                raise PopulationFileError(
                    f"{path}, line {line}, field 'area': unknown force {row['area']!r}"
                )
            try:
                year, population = int(row["year"]), int(row["population"].replace(",", ""))
            except ValueError:
                raise PopulationFileError(
                    f"{path}, line {line}, field 'year' or 'population': not a whole number"
                ) from None
            try:
                force_population_set(
                    force=force,
                    year=year,
                    population=population,
                    source=row["source"] or "",
                    actor=actor,
                )
            except ValidationError as error:
                field_name, messages = next(iter(error.message_dict.items()))
                raise PopulationFileError(
                    f"{path}, line {line}, field {field_name!r}: {messages[0]}"
                ) from None
            saved += 1
    return PopulationFileResult(saved=saved)
