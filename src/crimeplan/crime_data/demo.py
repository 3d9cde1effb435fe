"""Demonstration crime data for `crimeplan load-demo`: the real police.uk files in shared/data."""

from pathlib import Path

from django.conf import settings

from . import policeuk, recorded_crime
from .constants import DatasetKind
from .models import RecordedCrime, Slice
from .offence_measures import offence_measures_sync

STREET = "police-uk-street-2024-jan-apr"
RECORDED_CRIME = (
    "homeoffice-prc-pfa-2017-18-and-lsoa2011-lookups/prc_pfa_2017_18_by_quarter_offence_code.csv"
)
API = "police-uk-api-cheltenham-st-marks"


def load() -> list[str]:
    """Imports the bundled files unless their months are already held (imports are idempotent,
    so this only saves time)."""
    shared = Path(settings.CRIMEPLAN_SHARED_DATA)
    lines = []
    # Imported again when the rows' files are missing (an earlier storage layout, say).
    if not Slice.objects.filter(kind=DatasetKind.STREET).exists() or policeuk.rows_missing(
        kind=DatasetKind.STREET
    ):
        run = policeuk.run(paths=[shared / STREET])
        lines.append(
            f"police.uk street files: {run.rows_loaded:,} rows for {', '.join(run.forces)}, "
            f"{run.months[0]} to {run.months[-1]}."
        )
    if not Slice.objects.filter(kind=DatasetKind.STREET_API).exists() or policeuk.rows_missing(
        kind=DatasetKind.STREET_API
    ):
        run = policeuk.run(
            paths=sorted((shared / API).glob("crimes-street_*.json")), force_id="gloucestershire"
        )
        lines.append(
            f"police.uk API extract around St Marks, Cheltenham: {run.rows_loaded:,} rows, "
            f"{run.months[0]} to {run.months[-1]}."
        )
    if not RecordedCrime.objects.exists():
        run = recorded_crime.run(path=shared / RECORDED_CRIME)
        lines.append(f"Home Office recorded crime 2017/18: {run.rows_loaded:,} rows for 43 forces.")
    report = offence_measures_sync()
    if report.created:
        lines.append(f"Offence measures: {len(report.created)} created from the shipped mapping.")
    return lines or ["Crime data already imported."]
