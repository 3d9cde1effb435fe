"""Names for the small areas of the hotspot maps and tables, so that a reader sees "near
Winchcombe Street, Cheltenham" rather than a latitude and longitude.

The street is the one police.uk names most often inside the area: police.uk places each crime
on an anonymised map point named "On or near" a street, or a kind of place ("Supermarket"),
which names no area and is passed over. The district is the one whose boundary holds the
area's centre. The streets are read from the imported street-level Parquet with DuckDB once
for each state of the data (a memo shared through the cache)."""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import h3
from django.conf import settings
from django.utils.translation import gettext

from crimeplan.core.memo import Memo
from crimeplan.crime_data.constants import DatasetKind
from crimeplan.crime_data.contracts import published_rows

from .hotspots import CellResult
from .places import district_finder

logger = logging.getLogger(__name__)

PREFIX = "On or near "
# police.uk's names for a kind of place rather than a street: they say what is there, not
# where, so they do not name an area.
PLACE_TYPES = frozenset(
    {
        "Airport/Airfield",
        "Motorway Service Area",
        "Bus/Coach Station",
        "Conference/Exhibition Centre",
        "Further/Higher Educational Building",
        "Hospital",
        "Nightclub",
        "Park/Open Space",
        "Parking Area",
        "Pedestrian Subway",
        "Petrol Station",
        "Police Station",
        "Prison",
        "Race Track",
        "Shopping Area",
        "Shopping Mall",
        "Sports/Recreation Area",
        "Supermarket",
        "Theatre/Concert Hall",
        "Theme/Adventure Park",
    }
)


@dataclass(frozen=True)
class Place:
    street: str  # "" where police.uk names no street inside the area
    district: str  # "" where the centre is in no district held

    def label(self) -> str:
        if self.street and self.district:
            return gettext("Near %(street)s, %(district)s") % {
                "street": self.street,
                "district": self.district,
            }
        if self.street:
            return gettext("Near %(street)s") % {"street": self.street}
        if self.district:
            return gettext("In %(district)s") % {"district": self.district}
        return ""


def street_name(location: str | None) -> str:
    """The street of a police.uk location ("On or near Winchcombe Street"), or "" for a kind
    of place, no location or anything else."""
    if not location or not location.startswith(PREFIX):
        return ""
    name = location.removeprefix(PREFIX).strip()
    return "" if name in PLACE_TYPES else name


def most_named(points: Iterable[tuple[str, float, float, int]], resolution: int) -> dict[str, str]:
    """For each H3 cell of `resolution`, the street with the most crimes at its map points
    (ties to the name first in the alphabet); `points` are (location, latitude, longitude,
    crimes there)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for location, lat, lng, crimes in points:
        name = street_name(location)
        if name:
            counts[h3.latlng_to_cell(lat, lng, resolution)][name] += crimes
    return {
        cell: min(names.items(), key=lambda item: (-item[1], item[0]))[0]
        for cell, names in counts.items()
    }


STREETS: Memo[dict[str, str]] = Memo(size=16, shared="street-names")


def streets_by_cell(resolution: int, force_id: str | None = None) -> dict[str, str]:
    """`most_named` over the force's imported street-level crime; empty when none is held."""
    try:
        rows = published_rows(
            kind=DatasetKind.STREET, forces=[force_id or settings.CRIMEPLAN_FORCE]
        )
    except FileNotFoundError:
        logger.warning("street-level files missing: areas are named by district only")
        return {}
    if rows is None:
        return {}

    def read() -> dict[str, str]:
        connection = duckdb.connect()
        try:
            points = connection.execute(
                f"SELECT location, latitude, longitude, count(*) FROM {rows} "  # noqa: S608 - published_rows quotes values
                "WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND location IS NOT NULL "
                "GROUP BY ALL"
            ).fetchall()
        finally:
            connection.close()
        return most_named(points, resolution)

    # The SQL names each import's files and the force and months read from them: it changes
    # whenever the data does. Names are a help, not the page: files that cannot be read (lost,
    # or removed by an import finishing meanwhile) leave the areas named by district, and
    # nothing is kept, so the next view tries again.
    try:
        return STREETS.get_or_make((rows, resolution), read)
    except duckdb.Error:
        logger.warning("street-level files unreadable: areas are named by district only")
        return {}


def places_for(
    cells: Sequence[CellResult],
    *,
    areas: Sequence[tuple[str, dict[str, Any]]],
    resolution: int,
    force_id: str | None = None,
) -> dict[str, Place]:
    """Each cell's place: its most named street and the district (of `areas`, name and
    boundary) holding its centre."""
    streets = streets_by_cell(resolution, force_id) if cells else {}
    district_of = district_finder(areas)
    return {
        cell.cell: Place(
            streets.get(cell.cell, ""), district_of(cell.latitude, cell.longitude) or ""
        )
        for cell in cells
    }
