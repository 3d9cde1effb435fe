"""The voice demo: a synthetic survey and fictional reports, the same on every run."""

import pytest

from crimeplan.geography.models import District
from crimeplan.voice import demo, hotspots, selectors
from crimeplan.voice.constants import ReportStatus
from crimeplan.voice.models import Survey, SurveyEstimate, UnsafePlaceReport

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_is_marked(reference, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_DATA_DIR = tmp_path
    lines = demo.load()
    assert any("SYNTHETIC perception survey 2025" in line for line in lines)
    assert any("FICTIONAL unsafe-place reports" in line for line in lines)
    assert list(Survey.objects.values_list("year", "synthetic")) == [(2025, True), (2024, True)]
    assert all(r.fictional for r in UnsafePlaceReport.objects.all())
    # 2025 is compared with 2024.
    county = SurveyEstimate.objects.get(
        question__survey__year=2025, question__code="Q1", district=None
    )
    assert county.change_points is not None
    estimates = list(SurveyEstimate.objects.values_list("percent", flat=True).order_by("pk"))
    reports = UnsafePlaceReport.objects.count()
    # The planted Cheltenham cluster is found and published.
    cheltenham = next(d for d in District.objects.all() if d.name == "Cheltenham")
    found = selectors.published_hotspots(district=cheltenham)
    assert any(c.hotspot and c.count >= hotspots.DEFAULT_MIN_COUNT for c in found)
    assert demo.load() == ["Survey and unsafe-place reports already loaded."]
    assert UnsafePlaceReport.objects.count() == reports
    assert list(SurveyEstimate.objects.values_list("percent", flat=True).order_by("pk")) == (
        estimates
    )


def test_an_analysis_is_worked_out_once_per_state_of_the_reports(  # type: ignore[no-untyped-def]
    reference, settings, tmp_path, monkeypatch
) -> None:
    settings.CRIMEPLAN_DATA_DIR = tmp_path
    demo.load()
    selectors.ANALYSES.clear()
    runs = []
    real = hotspots.analyse

    def counted(**kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        return real(**kwargs)

    monkeypatch.setattr(hotspots, "analyse", counted)
    cheltenham = District.objects.get(name="Cheltenham")
    first = selectors.published_hotspots(district=cheltenham)
    assert selectors.published_hotspots(district=cheltenham) == first
    assert len(runs) == 1
    # A report moderated out changes the data: the analysis is worked out again.
    report = selectors.published_reports(district=cheltenham).exclude(grid_cell="").first()
    assert report is not None
    report.status = ReportStatus.SPAM
    report.save()
    second = selectors.published_hotspots(district=cheltenham)
    assert len(runs) == 2
    # Another server process (its own memo empty) reads the analysis from the shared cache.
    selectors.ANALYSES.clear()
    assert selectors.published_hotspots(district=cheltenham) == second
    assert len(runs) == 2
