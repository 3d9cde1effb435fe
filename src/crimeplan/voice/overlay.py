"""Police.uk street crime of chosen types counted in the same H3 cells as the hotspots, for
patrol planning. Reads the imported Parquet (crime_data's published slices) with DuckDB."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

import duckdb
import h3
from django.conf import settings

from crimeplan.crime_data.categories import police_uk_categories
from crimeplan.crime_data.constants import DatasetKind
from crimeplan.crime_data.contracts import published_rows

from .area_names import Place
from .hotspots import CellResult

OVERLAY_COLUMNS = [
    "cell",
    "place",
    "latitude",
    "longitude",
    "reports",
    "gi_z",
    "p_value",
    "hotspot",
    "density_per_km2",
    "street_crimes",
]


def street_crime_cells(
    *, crime_types: Iterable[str], resolution: int, force_id: str | None = None
) -> Counter[str]:
    """Street crimes of `crime_types` in every imported month, counted per H3 cell."""
    wanted = sorted(set(crime_types))
    unknown = set(wanted) - police_uk_categories().crime_types
    if unknown:
        raise ValueError(f"not police.uk crime types: {', '.join(sorted(unknown))}")
    rows = published_rows(kind=DatasetKind.STREET, forces=[force_id or settings.CRIMEPLAN_FORCE])
    if rows is None or not wanted:
        return Counter()
    connection = duckdb.connect()
    try:
        points = connection.execute(
            f"SELECT latitude, longitude FROM {rows} "  # noqa: S608 - published_rows quotes values
            "WHERE latitude IS NOT NULL AND longitude IS NOT NULL "
            "AND list_contains(?, crime_type)",
            [wanted],
        ).fetchall()
    finally:
        connection.close()
    return Counter(h3.latlng_to_cell(lat, lng, resolution) for lat, lng in points)


def overlay_rows(
    results: Iterable[CellResult], crimes: Counter[str], places: dict[str, Place] | None = None
) -> list[dict[str, Any]]:
    """Published hotspot cells with their place (area_names) and the street crimes in each,
    for the staff table and its export."""
    places = places or {}
    return [
        {
            "cell": r.cell,
            "place": places[r.cell].label() if r.cell in places else "",
            "latitude": round(r.latitude, 5),
            "longitude": round(r.longitude, 5),
            "reports": r.count,
            "gi_z": round(r.z, 3),
            "p_value": round(r.p_value, 4),
            "hotspot": r.hotspot,
            "density_per_km2": round(r.density, 2),
            "street_crimes": crimes.get(r.cell, 0),
        }
        for r in results
    ]
