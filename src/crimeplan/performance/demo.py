"""Demonstration performance frameworks for `crimeplan load-demo`.

1. The published Gloucestershire table (2019 against the 12 months to September 2023): its
   real counts and populations are loaded through the aggregated-data template, so the demo
   shows the published figures with the tests the publication lacked.
2. A short police.uk framework on the bundled January-April 2024 street-level files, which
   shows monthly charts, the group's ranks and district figures.
"""

from pathlib import Path

from django.conf import settings

from crimeplan.crime_data import aggregates
from crimeplan.crime_data.constants import AreaKind
from crimeplan.crime_data.models import AggregateValue

from . import services
from .example import write_templates
from .models import Framework

REFERENCE = Path(__file__).resolve().parent / "reference"
PUBLISHED_SLUG = "gloucestershire-2021-25"
POLICE_UK_SLUG = "police-uk-early-2024"


def load() -> list[str]:
    lines = []
    if settings.CRIMEPLAN_FORCE != "gloucestershire":
        return ["Performance: the demonstration frameworks are Gloucestershire's; none loaded."]
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "demo" / "performance"
    folder.mkdir(parents=True, exist_ok=True)
    framework, data, populations = write_templates(folder)
    if not AggregateValue.objects.filter(
        area_kind=AreaKind.GROUP, area_code="gloucestershire", measure="all-crime"
    ).exists():
        run = aggregates.run(paths=[data, populations], force_id="gloucestershire")
        lines.append(
            f"Performance: the published table's figures, {run.rows_loaded} rows of the "
            "aggregated-data and population templates."
        )
    for slug, path in (
        (PUBLISHED_SLUG, framework),
        (POLICE_UK_SLUG, REFERENCE / "police-uk-2024.toml"),
    ):
        if not Framework.objects.filter(slug=slug).exists():
            services.framework_save(
                actor=None,
                slug=slug,
                toml=path.read_text(encoding="utf-8"),
                note="Demonstration framework loaded by load-demo",
            )
            lines.append(f"Performance framework {slug} saved.")
    return lines or ["Performance frameworks already loaded."]
