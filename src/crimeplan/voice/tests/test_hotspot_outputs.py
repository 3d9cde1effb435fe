"""The hotspot command and exports, and the police.uk street-crime overlay."""

import csv
import io
import json
from collections import Counter
from pathlib import Path

import h3
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from crimeplan.crime_data import policeuk
from crimeplan.geography.models import District
from crimeplan.voice import overlay, places

from .factories import ReportFactory

pytestmark = pytest.mark.django_db
STREET = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr/2024-01"
CLUSTER = (51.899312, -2.078431)


def _reports() -> str:
    cheltenham = District.objects.get(name="Cheltenham")
    snapped = places.snap(*CLUSTER)
    for _ in range(12):
        ReportFactory(
            district=cheltenham,
            grid_cell=snapped.cell,
            latitude=snapped.latitude,
            longitude=snapped.longitude,
        )
    lone = places.snap(51.91, -2.05)
    for _ in range(2):
        ReportFactory(
            district=cheltenham,
            grid_cell=lone.cell,
            latitude=lone.latitude,
            longitude=lone.longitude,
        )
    return h3.cell_to_parent(snapped.cell, 9)


def test_the_command_prints_only_published_cells_as_geojson(reference) -> None:
    cell = _reports()
    out, err = io.StringIO(), io.StringIO()
    call_command("unsafe_places", "hotspots", "--district", "E07000078", stdout=out, stderr=err)
    collection = json.loads(out.getvalue())
    features = collection["features"]
    assert [f["properties"]["cell"] for f in features] == [cell]
    assert features[0]["properties"]["count"] == 12
    assert features[0]["properties"]["hotspot"] is True
    # No police.uk data loaded: the area is named by its district alone.
    assert features[0]["properties"]["place"] == "In Cheltenham"
    assert collection["method"]["min_count"] == 5
    assert "Getis-Ord Gi*" in err.getvalue()


def test_the_command_prints_csv_and_refuses_a_minimum_under_five(reference) -> None:
    _reports()
    out = io.StringIO()
    call_command(
        "unsafe_places",
        "hotspots",
        "--district",
        "E07000078",
        "--format",
        "csv",
        stdout=out,
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["reports"]) for r in rows] == [12]
    assert [r["place"] for r in rows] == ["In Cheltenham"]
    with pytest.raises(CommandError, match="at least 5"):
        call_command("unsafe_places", "hotspots", "--min-count", "2")
    with pytest.raises(CommandError, match="no district"):
        call_command("unsafe_places", "hotspots", "--district", "E99999999")


def test_street_crime_is_counted_in_the_hotspot_cells(reference) -> None:
    source = STREET / "2024-01-gloucestershire-street.csv"
    run = policeuk.run(paths=[source])
    assert run.rows_loaded > 0
    wanted = {"Anti-social behaviour", "Violence and sexual offences"}
    crimes = overlay.street_crime_cells(crime_types=wanted, resolution=9)
    with source.open(newline="") as handle:
        expected = Counter(
            h3.latlng_to_cell(float(r["Latitude"]), float(r["Longitude"]), 9)
            for r in csv.DictReader(handle)
            if r["Crime type"] in wanted and r["Latitude"] and r["Longitude"]
        )
    assert crimes == expected
    with pytest.raises(ValueError, match=r"not police\.uk crime types: Jaywalking"):
        overlay.street_crime_cells(crime_types=["Jaywalking"], resolution=9)


def test_hotspots_are_compared_with_the_period_before(reference) -> None:
    import datetime

    from crimeplan.voice import selectors

    cell = _reports()  # twelve reports on 1 October 2025 (the factory's date)
    snapped = places.snap(*CLUSTER)
    cheltenham = District.objects.get(name="Cheltenham")
    for _ in range(6):
        ReportFactory(
            district=cheltenham,
            grid_cell=snapped.cell,
            latitude=snapped.latitude,
            longitude=snapped.longitude,
            incident_date=datetime.date(2024, 11, 2),
        )
    found = selectors.hotspot_comparison(district=cheltenham)
    assert found is not None
    assert found["later"] == (datetime.date(2024, 10, 2), datetime.date(2025, 10, 1))
    assert found["earlier"] == (datetime.date(2023, 10, 3), datetime.date(2024, 10, 1))
    assert found["rows"] == [
        {
            "cell": cell,
            "earlier_count": None,
            "later_count": 18,
            "earlier_hotspot": False,
            "later_hotspot": True,
        }
    ]
