"""Hotspot detection on synthetic report sets, and the publication minimum."""

import json
from pathlib import Path

import h3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crimeplan.voice import hotspots

BOUNDARIES = Path(__file__).resolve().parents[5] / (
    "shared/data/ons-lad-boundaries-may2024-buc/gloucestershire_lad_may2024_buc.geojson"
)


def _area(name: str, resolution: int = 9) -> list[str]:
    features = json.loads(BOUNDARIES.read_text())["features"]
    geometry = next(f["geometry"] for f in features if f["properties"]["name"] == name)
    return sorted(hotspots.area_cells([geometry], resolution))


def _uniform(cells: list[str], rate: float, seed: int) -> list[str]:
    counts = np.random.default_rng(seed).poisson(rate, len(cells))
    return [c for c, n in zip(cells, counts, strict=True) for _ in range(int(n))]


def test_a_planted_cluster_is_found() -> None:
    cells = _area("Cheltenham")
    centre = cells[len(cells) // 2]
    cluster = set(h3.grid_disk(centre, 1))
    reports = _uniform(cells, 0.3, seed=7) + [c for c in cluster for _ in range(6)]
    results = hotspots.analyse(report_cells=reports, study_area=set(cells))
    hot = {r.cell for r in results if r.hotspot}
    assert centre in hot
    # Everything flagged is the planted cluster or touches it.
    assert hot <= set(h3.grid_disk(centre, 2))
    assert len(hot & cluster) >= 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_uniform_reports_give_no_hotspot(seed: int) -> None:
    cells = _area("Cheltenham")
    reports = _uniform(cells, 2.0, seed=seed)
    results = hotspots.analyse(report_cells=reports, study_area=set(cells))
    assert sum(r.count for r in results) == len(reports)
    assert [r.cell for r in results if r.hotspot] == []


def test_finer_report_cells_are_counted_in_their_analysis_cell() -> None:
    cells = _area("Cheltenham")
    fine = [h3.cell_to_center_child(cells[0], 10)] * 3
    results = {r.cell: r for r in hotspots.analyse(report_cells=fine, study_area=set(cells))}
    assert results[cells[0]].count == 3
    assert results[cells[0]].density > results[cells[-1]].density


def test_the_method_is_described_with_its_parameters() -> None:
    text = hotspots.Method(resolution=8, min_count=7).describe()
    assert "resolution 8" in text and "at least 7 reports" in text and "Gi*" in text


cells_strategy = st.lists(st.sampled_from(_area("Tewkesbury", 8)[:40]), min_size=0, max_size=120)


@settings(max_examples=30, deadline=None)
@given(reports=cells_strategy, min_count=st.integers(min_value=5, max_value=9))
def test_published_cells_never_fall_under_the_minimum(reports: list[str], min_count: int) -> None:
    method = hotspots.Method(resolution=8, permutations=99, min_count=min_count)
    results = hotspots.analyse(report_cells=reports, study_area=set(), method=method)
    shown = hotspots.published(results, min_count)
    assert all(r.count >= min_count for r in shown)
    # Every cell that has enough reports is shown, with its true count.
    expected = {c: reports.count(c) for c in set(reports) if reports.count(c) >= min_count}
    assert {r.cell: r.count for r in shown} == expected
    collection = hotspots.geojson(shown, method)
    assert all(f["properties"]["count"] >= min_count for f in collection["features"])
