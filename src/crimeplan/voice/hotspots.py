"""Hotspots of unsafe-place reports: counts in H3 cells, Getis-Ord Gi* (esda) and a kernel
density, and the rule that only cells with enough reports are ever published.

Pure: report cells and the study area's cells in, one result per cell out. The method and its
parameters travel with the results so every page and export can state them.
"""

import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import h3
import numpy as np
from esda import fdr
from esda.getisord import G_Local
from libpysal.weights import W
from sklearn.neighbors import KernelDensity

EARTH_RADIUS_M = 6_371_008.8
DEFAULT_MIN_COUNT = 5
COUNTY_RESOLUTION = 8  # about 0.7 km² a cell: some 4,000 cells for a county, not 28,000


@dataclass(frozen=True)
class Method:
    resolution: int = 9  # H3 resolution of the analysis cells (about 0.1 km² each)
    # (the whole county is analysed at COUNTY_RESOLUTION, so it stays quick)
    rings: int = 1  # Gi* neighbourhood: the cell and the rings of cells around it
    # Conditional permutations for pseudo p-values: with sparse counts the normal
    # approximation (0 here) flags cells in uniform data, so it is not the default.
    permutations: int = 999
    alpha: float = 0.05  # false discovery rate (Benjamini-Hochberg) over all cells
    seed: int = 12345
    bandwidth_m: float = 400.0  # Gaussian kernel bandwidth for the density
    min_count: int = DEFAULT_MIN_COUNT  # cells with fewer reports are never published

    def describe(self, gettext: Callable[[str], str] = str) -> str:
        """The method in words; a public page passes Django's `gettext` for its language (this
        module imports nothing from Django; the messages are found by their calls here)."""
        area = h3.average_hexagon_area(self.resolution, unit="km^2")
        inference = (
            gettext("%(permutations)s conditional permutations")
            % {"permutations": self.permutations}
            if self.permutations
            # an analyst's choice, not the default
            else gettext("p-values from the normal approximation")
        )
        return gettext(
            "Reports counted in H3 cells of resolution %(resolution)s (about %(area)s km² "
            "each). Getis-Ord Gi* (esda) over each cell and %(rings)s ring(s) of neighbours, "
            "binary weights, %(inference)s; a hotspot is a cell with a positive z-score whose "
            "p-value passes a false discovery rate of %(alpha)s across all cells. Where "
            "reports are sparse most cells hold none, so a single report can stand out: only "
            "cells that also meet the minimum below are shown. Kernel density: Gaussian, "
            "bandwidth %(bandwidth)s m, reports per km². Only cells with at least %(min)s "
            "reports are shown."
        ) % {
            "resolution": self.resolution,
            "area": f"{area:.2f}",
            "rings": self.rings,
            "inference": inference,
            "alpha": f"{self.alpha:g}",
            "bandwidth": f"{self.bandwidth_m:g}",
            "min": self.min_count,
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CellResult:
    cell: str
    count: int
    z: float
    p_value: float
    hotspot: bool
    density: float  # reports per km²
    latitude: float
    longitude: float


def area_cells(geometries: Iterable[Mapping[str, Any]], resolution: int) -> set[str]:
    """Cells whose centres fall inside any of the GeoJSON geometries."""
    cells: set[str] = set()
    for geometry in geometries:
        cells |= set(h3.geo_to_cells(dict(geometry), resolution))
    return cells


def at_resolution(cells: Iterable[str], resolution: int) -> list[str]:
    """Report cells (stored finer) as the analysis cells that contain them."""
    return [
        h3.cell_to_parent(c, resolution) if h3.get_resolution(c) > resolution else c for c in cells
    ]


def analyse(
    *, report_cells: Sequence[str], study_area: set[str], method: Method = Method()
) -> list[CellResult]:
    """Gi* and density for every cell of the study area and around every report."""
    counts = Counter(at_resolution(report_cells, method.resolution))
    # The neighbours of every report cell are in the analysis too, so no report sits on an
    # island with nothing to compare it with.
    around = {n for c in counts for n in h3.grid_disk(c, method.rings)}
    cells = sorted(study_area | around)
    if not cells:
        return []
    y = np.array([counts.get(c, 0) for c in cells], dtype=float)
    z, p, hot = _gi_star(cells, y, method)
    density = _density(cells, counts, method)
    results = []
    for i, cell in enumerate(cells):
        lat, lng = h3.cell_to_latlng(cell)
        results.append(
            CellResult(
                cell, int(y[i]), float(z[i]), float(p[i]), bool(hot[i]), density[i], lat, lng
            )
        )
    return results


def _gi_star(
    cells: list[str], y: np.ndarray, method: Method
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    flat = np.zeros(len(cells))
    if y.sum() == 0 or len(cells) < 3 or np.all(y == y[0]):
        return flat, np.ones(len(cells)), np.zeros(len(cells), dtype=bool)
    index = {c: i for i, c in enumerate(cells)}
    neighbours = {
        c: [n for n in h3.grid_disk(c, method.rings) if n != c and n in index] for c in cells
    }
    with warnings.catch_warnings():
        # Islands (a cell with no neighbour in the area) are expected at the edges.
        warnings.simplefilter("ignore")
        weights = W(neighbours, silence_warnings=True)
        gi = G_Local(
            y,
            weights,
            star=True,
            transform="B",
            permutations=method.permutations,
            seed=method.seed,
            n_jobs=1,
        )
    z = np.nan_to_num(np.asarray(gi.Zs, dtype=float))
    # p_norm is one-sided on |z|, the upper tail for the positive z of a hotspot.
    p = np.asarray(gi.p_sim if method.permutations else gi.p_norm, dtype=float)
    threshold = fdr(p, method.alpha)
    return z, p, (z > 0) & (p <= threshold)


def _density(cells: list[str], counts: Mapping[str, int], method: Method) -> list[float]:
    points = [h3.cell_to_latlng(c) for c, n in counts.items() for _ in range(n)]
    if not points:
        return [0.0] * len(cells)
    bandwidth = method.bandwidth_m / EARTH_RADIUS_M
    kde = KernelDensity(bandwidth=bandwidth, kernel="gaussian", metric="haversine")
    kde.fit(np.radians(points))
    at = np.radians([h3.cell_to_latlng(c) for c in cells])
    # Density per steradian x number of reports, turned into reports per km².
    per_sr = np.exp(kde.score_samples(at)) * len(points)
    return [float(d / (EARTH_RADIUS_M / 1000) ** 2) for d in per_sr]


def published(
    results: Iterable[CellResult], min_count: int = DEFAULT_MIN_COUNT
) -> list[CellResult]:
    """The only cells any page, export or command may show: those with at least `min_count`
    reports, so no single reporter can be picked out."""
    return [r for r in results if r.count >= min_count]


def compare(earlier: Iterable[CellResult], later: Iterable[CellResult]) -> list[dict[str, Any]]:
    """Published cells of two periods side by side: counts and whether each was a hotspot."""
    before = {r.cell: r for r in earlier}
    after = {r.cell: r for r in later}
    rows = []
    for cell in sorted(set(before) | set(after)):
        b, a = before.get(cell), after.get(cell)
        rows.append(
            {
                "cell": cell,
                "earlier_count": b.count if b else None,
                "later_count": a.count if a else None,
                "earlier_hotspot": bool(b and b.hotspot),
                "later_hotspot": bool(a and a.hotspot),
            }
        )
    return rows


def geojson(results: Iterable[CellResult], method: Method) -> dict[str, Any]:
    features = []
    for r in results:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(r.cell)]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "cell": r.cell,
                    "count": r.count,
                    "gi_z": round(r.z, 3),
                    "p_value": round(r.p_value, 4),
                    "hotspot": r.hotspot,
                    "density_per_km2": round(r.density, 2),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "method": method.as_dict(),
        "method_text": method.describe(),
    }
