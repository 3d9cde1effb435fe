"""The crime-data page's monthly chart: its figures from the real police.uk files, its words,
and that it is drawn once for each state of the data."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data import charts, policeuk
from crimeplan.geography.models import Force

pytestmark = pytest.mark.django_db
STREET_DIR = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"


def _counted_from_file(month: str) -> tuple[int, int]:
    """(crimes, anti-social behaviour incidents) in the Gloucestershire file of `month`."""
    path = STREET_DIR / month / f"{month}-gloucestershire-street.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        types = Counter(
            row["Crime type"] == "Anti-social behaviour" for row in csv.DictReader(handle)
        )
    return types[False], types[True]


def test_month_rows_part_anti_social_behaviour_from_crime() -> None:
    rows = charts.month_rows(
        [
            {"month": "2024-02", "crime_type": "Burglary", "count": 5},
            {"month": "2024-01", "crime_type": "Anti-social behaviour", "count": 3},
            {"month": "2024-01", "crime_type": "Burglary", "count": 1200},
            {"month": "2024-01", "crime_type": "Shoplifting", "count": 7},
        ]
    )
    assert rows == (
        charts.MonthRow("2024-01", crimes=1207, asb=3),
        charts.MonthRow("2024-02", crimes=5, asb=0),
    )
    assert charts.summary(rows) == (
        "In February 2024, 5 crimes and 0 anti-social behaviour incidents were recorded. "
        "Over the 2 months from January 2024 to February 2024: crimes ranged from 5 "
        "(February 2024) to 1,207 (January 2024); incidents ranged from 0 (February 2024) "
        "to 3 (January 2024)."
    )
    one = (charts.MonthRow("2024-03", crimes=1, asb=1),)
    assert charts.summary(one) == (
        "In March 2024, 1 crime and 1 anti-social behaviour incident were recorded."
    )


def test_a_month_not_held_is_said_and_left_as_a_gap() -> None:
    rows = (
        charts.MonthRow("2023-11", crimes=10, asb=1),
        charts.MonthRow("2024-02", crimes=12, asb=2),
    )
    assert charts.months_spanned(rows) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    said = charts.summary(rows)
    assert "Over the 4 months from November 2023 to February 2024" in said
    assert said.endswith(
        "No figures are held for December 2023, January 2024: the chart leaves a gap."
    )
    values = charts.chart_spec(rows)["data"]["values"]
    assert [v["count"] for v in values if v["series"] == "Crimes"] == [10, None, None, 12]


def test_the_page_charts_each_month_from_the_files(client, reference: None) -> None:
    world: World = build_world()
    policeuk.run(paths=[STREET_DIR / "2024-01", STREET_DIR / "2024-03"])
    client.force_login(world.people[Role.PARTNER_VIEWER])
    url = reverse("crime_data:force_summary", kwargs={"police_uk_id": "gloucestershire"})
    response = client.get(url, {"by": "district"})
    chart = response.context["chart"]
    assert [(r.month, r.crimes, r.asb) for r in chart.rows] == [
        ("2024-01", *_counted_from_file("2024-01")),
        ("2024-03", *_counted_from_file("2024-03")),
    ]
    page = response.content.decode()
    assert chart.summary in page and chart.summary.startswith("In March 2024, ")
    assert "<svg" in page and 'role="img"' in chart.svg
    assert '<title id="crime-chart-title">Gloucestershire' in chart.svg
    assert '<th scope="row" class="govuk-table__header">January 2024</th>' in page
    # A month range narrows the chart as it narrows the table.
    narrowed = client.get(url, {"start": "2024-02"}).context["chart"]
    assert [r.month for r in narrowed.rows] == ["2024-03"]
    # No months held in the range: no chart, and the table says so.
    empty = client.get(url, {"start": "2025-01"})
    assert empty.context["chart"] is None
    assert "No data for these months." in empty.content.decode()


def test_the_chart_is_drawn_once_for_each_state_of_the_data(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-01"])
    force = Force.objects.get(police_uk_id="gloucestershire")
    drawn = []
    real = charts.render_svg

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "render_svg", counted)
    first = charts.monthly_chart(force=force)
    assert charts.monthly_chart(force=force) == first
    assert len(drawn) == 1
    # Another server process, its own memo empty, reads it from the shared cache.
    charts.CHARTS.clear()
    assert charts.monthly_chart(force=force) == first
    assert len(drawn) == 1
    # A month loaded changes the data: a new chart.
    policeuk.run(paths=[STREET_DIR / "2024-02"])
    assert charts.monthly_chart(force=force) != first
    assert len(drawn) == 2
