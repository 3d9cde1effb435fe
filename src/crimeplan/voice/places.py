"""Where a report is: a map point snapped to a grid cell and placed in a district, or a place
typed in words matched against the area's own district and LSOA names. (What identifies a
person in the free text is removed by voice/redaction.py.)

No postcode or gazetteer file is in shared/data, so typed places are matched to district and
LSOA names only, and such a report carries its district but no grid cell.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import h3
from shapely.geometry import Point, shape

SNAP_RESOLUTION = 10  # H3 cells of about 0.015 km² (edges of about 65 m)


@dataclass(frozen=True)
class Snapped:
    cell: str
    latitude: float
    longitude: float


def snap(latitude: float, longitude: float) -> Snapped:
    """The point replaced by the centre of its grid cell: the exact spot is never stored."""
    cell = h3.latlng_to_cell(latitude, longitude, SNAP_RESOLUTION)
    lat, lng = h3.cell_to_latlng(cell)
    return Snapped(cell, round(lat, 6), round(lng, 6))


def district_finder(
    boundaries: Iterable[tuple[str, dict[str, Any]]],
) -> Callable[[float, float], str | None]:
    """A lookup of the key (code or name) of the district whose boundary holds a point
    (latitude, longitude), or None if outside all; the shapes are built once for many points."""
    shapes = [(key, shape(geometry)) for key, geometry in boundaries if geometry]

    def find(latitude: float, longitude: float) -> str | None:
        point = Point(longitude, latitude)
        return next((key for key, area in shapes if area.covers(point)), None)

    return find


def district_at(
    latitude: float, longitude: float, boundaries: Iterable[tuple[str, dict[str, Any]]]
) -> str | None:
    """The code of the district whose boundary holds the point, or None if outside all."""
    return district_finder(boundaries)(latitude, longitude)


def district_named(text: str, names: Iterable[tuple[str, str, str]]) -> str | None:
    """The district a typed place names: `names` is (district code, name, kind) for every
    district and LSOA; the longest name found in the text wins. None if nothing matches."""
    words = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    best: tuple[int, str] | None = None
    for code, name, _kind in names:
        key = " " + re.sub(r"[^a-z0-9]+", " ", name.lower()).strip() + " "
        if key.strip() and key in words and (best is None or len(key) > best[0]):
            best = (len(key), code)
    return best[1] if best else None
