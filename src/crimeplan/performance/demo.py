"""Demonstration performance frameworks for `crimeplan load-demo`.

1. The published Gloucestershire table (2019 against the 12 months to September 2023): its
   real counts and populations are loaded through the aggregated-data template, so the demo
   shows the published figures with the tests the publication lacked.
2. A short police.uk framework on the bundled January-April 2024 street-level files, which
   shows monthly charts, the group's ranks and district figures.
3. The update's other published tables (reference/plan-update-2023-24): anti-social behaviour
   with its personal, environmental and nuisance shares, the Crime Survey for England and
   Wales in its two parts, and the constabulary's uplift target and 999 ranks. No median 999
   answer time is published, so the demo has no duration measure.
"""

import tomllib
from pathlib import Path

from django.conf import settings

from crimeplan.crime_data import contracts as crime_data
from crimeplan.crime_data.constants import AreaKind
from crimeplan.crime_data.models import AggregateValue

from . import longrun, services
from .example import write_templates
from .models import AsbYearFigure, Commentary, Framework

REFERENCE = Path(__file__).resolve().parent / "reference"
PUBLISHED_SLUG = "gloucestershire-2021-25"
POLICE_UK_SLUG = "police-uk-early-2024"
PLAN_UPDATE = REFERENCE / "plan-update-2023-24"
# slug → (framework, the template files holding its figures, a measure whose force figure
# shows they are loaded)
PLAN_UPDATE_TABLES = {
    f"{PUBLISHED_SLUG}-asb": (
        PLAN_UPDATE / f"{PUBLISHED_SLUG}-asb.toml",
        (PLAN_UPDATE / "asb-aggregates.csv", PLAN_UPDATE / "asb-populations.csv"),
        "asb-nuisance",
    ),
    f"{PUBLISHED_SLUG}-csew": (
        PLAN_UPDATE / f"{PUBLISHED_SLUG}-csew.toml",
        (PLAN_UPDATE / "csew-aggregates.csv",),
        "percentage-witnessed-experienced-asb",
    ),
    f"{PUBLISHED_SLUG}-constabulary": (
        PLAN_UPDATE / f"{PUBLISHED_SLUG}-constabulary.toml",
        (PLAN_UPDATE / "constabulary-aggregates.csv",),
        "police-officer-uplift",
    ),
}


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
        run = crime_data.aggregates_import(paths=[data, populations], force_id="gloucestershire")
        lines.append(
            f"Performance: the published table's figures, {run.rows_loaded} rows of the "
            "aggregated-data and population templates."
        )
    for slug, (_, files, marker) in PLAN_UPDATE_TABLES.items():
        if not AggregateValue.objects.filter(
            area_kind=AreaKind.FORCE, area_code="gloucestershire", measure=marker
        ).exists():
            run = crime_data.aggregates_import(paths=list(files), force_id="gloucestershire")
            lines.append(f"Performance: {slug}'s published figures, {run.rows_loaded} rows.")
    for slug, path in (
        (PUBLISHED_SLUG, framework),
        (POLICE_UK_SLUG, REFERENCE / "police-uk-2024.toml"),
        *((slug, toml) for slug, (toml, _, _) in PLAN_UPDATE_TABLES.items()),
    ):
        if not Framework.objects.filter(slug=slug).exists():
            services.framework_save(
                actor=None,
                slug=slug,
                toml=path.read_text(encoding="utf-8"),
                note="Demonstration framework loaded by load-demo",
            )
            lines.append(f"Performance framework {slug} saved.")
    lines += _load_commentary()
    if not AsbYearFigure.objects.exists():
        lines += longrun.load_demo()
    return lines or ["Performance frameworks already loaded."]


def _load_commentary() -> list[str]:
    """The plan-update tables' comments, for measures that have none yet."""
    texts = tomllib.loads((PLAN_UPDATE / "commentary.toml").read_text(encoding="utf-8"))
    saved = 0
    for slug, comments in texts.items():
        record = Framework.objects.get(slug=slug)
        held = set(Commentary.objects.filter(framework=record).values_list("measure_id", flat=True))
        for measure_id, text in comments.items():
            if measure_id not in held:
                services.commentary_save(
                    actor=None, record=record, measure_id=measure_id, text=text
                )
                saved += 1
    return [f"Performance: {saved} comments on the plan update's tables."] if saved else []
