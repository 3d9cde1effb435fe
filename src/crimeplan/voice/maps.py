"""Maps drawn on the server as SVG from the area's own boundary GeoJSON (no online tiles):
the map a reporter can click, and hotspot cells over the district boundaries."""

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import h3
from shapely.geometry import shape

from .hotspots import CellResult

WIDTH = 600.0


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled by the cosine of the middle latitude: simple, and exact enough
    to invert in the browser for a click on a county-sized map."""

    west: float
    north: float
    scale: float  # SVG units per degree of latitude
    aspect: float  # cos(middle latitude)
    height: float

    def point(self, lng: float, lat: float) -> tuple[float, float]:
        return (
            round((lng - self.west) * self.aspect * self.scale, 1),
            round((self.north - lat) * self.scale, 1),
        )


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    for polygon in polygons:
        yield from polygon


def projection_for(geometries: Sequence[dict[str, Any]]) -> Projection:
    points = [p for g in geometries for ring in _rings(g) for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    aspect = math.cos(math.radians((north + south) / 2))
    scale = WIDTH / ((east - west) * aspect)
    return Projection(west, north, scale, aspect, round((north - south) * scale, 1))


def _path(projection: Projection, rings: Iterable[Sequence[Sequence[float]]]) -> str:
    parts = []
    for ring in rings:
        xy = [projection.point(lng, lat) for lng, lat in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
    return " ".join(parts)


def boundary_paths(projection: Projection, areas: Sequence[tuple[str, dict[str, Any]]]) -> str:
    return "".join(
        f'<path d="{_path(projection, _rings(geometry))}" fill="#f3f2f1" stroke="#0b0c0c" '
        f'stroke-width="1"><title>{html.escape(name)}</title></path>'
        for name, geometry in areas
    )


def place_names(projection: Projection, areas: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """Each district's name at a point inside it (shapely's representative point, which lies
    inside even a hollow or crescent shape), with a white halo so it reads over a boundary.
    Drawn before the cells, so that a name never hides a hotspot. The names take no clicks: a
    click on the reporter's map goes to the map beneath."""
    labels = []
    for name, geometry in areas:
        point = shape(geometry).representative_point()
        x, y = projection.point(point.x, point.y)
        labels.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="14" font-weight="700" '
            'font-family="Atkinson Hyperlegible, Arial, sans-serif" '
            'fill="#0b0c0c" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
            f'pointer-events="none" aria-hidden="true">{html.escape(name)}</text>'
        )
    return "".join(labels)


def hotspot_map(
    *,
    key: str,
    areas: Sequence[tuple[str, dict[str, Any]]],
    cells: Sequence[CellResult],
    title: str,
    description: str,
) -> str:
    """Published cells shaded by their count, hotspots outlined thickly, over the boundaries."""
    projection = projection_for([g for _, g in areas])
    largest = max((c.count for c in cells), default=1)
    shapes = []
    for cell in cells:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell.cell)]
        opacity = 0.25 + 0.75 * cell.count / largest
        stroke = ' stroke="#d4351c" stroke-width="3"' if cell.hotspot else ' stroke="none"'
        shapes.append(
            f'<path d="{_path(projection, [ring])}" fill="#1d70b8" fill-opacity="{opacity:.2f}"'
            f"{stroke}><title>{cell.count} reports{' (hotspot)' if cell.hotspot else ''}"
            "</title></path>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-5 -5 {WIDTH + 10} '
        f'{projection.height + 10}" class="voice-map" role="img" '
        f'aria-labelledby="{key}-title {key}-desc">'
        f'<title id="{key}-title">{html.escape(title)}</title>'
        f'<desc id="{key}-desc">{html.escape(description)}</desc>'
        f"{boundary_paths(projection, areas)}{place_names(projection, areas)}{''.join(shapes)}"
        "</svg>"
    )


def clickable_map(areas: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The reporter's map: boundary paths and the numbers the browser needs to turn a click
    into a latitude and longitude."""
    projection = projection_for([g for _, g in areas])
    return {
        "paths": boundary_paths(projection, areas) + place_names(projection, areas),
        "width": WIDTH,
        "height": projection.height,
        "west": projection.west,
        "north": projection.north,
        "scale": projection.scale,
        "aspect": projection.aspect,
    }
