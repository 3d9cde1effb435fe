"""Hotspot areas named by their street and district: the rules on police.uk's location names,
and the names read back from real imported street-level files."""

import csv
from collections import Counter
from pathlib import Path

import h3
import pytest
from django.conf import settings
from shapely.geometry import Point, shape

from crimeplan.crime_data import policeuk
from crimeplan.geography.models import District
from crimeplan.voice import area_names
from crimeplan.voice.hotspots import COUNTY_RESOLUTION, CellResult

JANUARY = (
    Path(settings.CRIMEPLAN_SHARED_DATA)
    / "police-uk-street-2024-jan-apr"
    / "2024-01"
    / "2024-01-gloucestershire-street.csv"
)


def test_a_street_is_named_and_a_kind_of_place_is_not() -> None:
    assert area_names.street_name("On or near Winchcombe Street") == "Winchcombe Street"
    assert area_names.street_name("On or near Supermarket") == ""
    for kind in ("Sports/Recreation Area", "Shopping Mall", "Motorway Service Area", "Race Track"):
        assert area_names.street_name(f"On or near {kind}") == "", kind
    assert area_names.street_name("No Location") == ""
    assert area_names.street_name("") == "" and area_names.street_name(None) == ""


def test_the_street_with_the_most_crimes_names_the_cell() -> None:
    lat, lng = 51.8994, -2.0784
    cell = h3.latlng_to_cell(lat, lng, 9)
    named = area_names.most_named(
        [
            ("On or near Parking Area", lat, lng, 50),  # a kind of place: never the name
            ("On or near Rodney Road", lat, lng, 3),
            ("On or near Albion Street", lat, lng, 3),  # a tie: the first in the alphabet
            ("On or near Bath Road", 51.5, -2.5, 9),  # elsewhere
        ],
        9,
    )
    assert named[cell] == "Albion Street"
    assert named[h3.latlng_to_cell(51.5, -2.5, 9)] == "Bath Road"
    assert area_names.most_named([("On or near Supermarket", lat, lng, 4)], 9) == {}


def test_a_place_says_what_it_knows() -> None:
    assert area_names.Place("High Street", "Stroud").label() == "Near High Street, Stroud"
    assert area_names.Place("High Street", "").label() == "Near High Street"
    assert area_names.Place("", "Stroud").label() == "In Stroud"
    assert area_names.Place("", "").label() == ""


def _busiest_cell_and_street() -> tuple[str, str]:
    """From the police.uk file itself: the county-sized cell with the most located crimes,
    and the street named most often in it."""
    by_cell: dict[str, Counter[str]] = {}
    with JANUARY.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if not row["Latitude"]:
                continue
            cell = h3.latlng_to_cell(
                float(row["Latitude"]), float(row["Longitude"]), COUNTY_RESOLUTION
            )
            by_cell.setdefault(cell, Counter())[row["Location"]] += 1
    cell = max(by_cell, key=lambda c: sum(by_cell[c].values()))
    streets = Counter(
        {
            name.removeprefix("On or near "): n
            for name, n in by_cell[cell].items()
            if name.startswith("On or near ")
            and name.removeprefix("On or near ") not in area_names.PLACE_TYPES
        }
    )
    return cell, min(streets.items(), key=lambda item: (-item[1], item[0]))[0]


@pytest.mark.django_db
def test_lost_street_files_leave_areas_named_by_district(reference: None) -> None:
    policeuk.run(paths=[JANUARY])
    assert area_names.streets_by_cell(COUNTY_RESOLUTION)
    area_names.STREETS.clear()
    from django.core.cache import cache

    cache.clear()
    for folder in (Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk" / "street").glob("run-*"):
        for part in folder.glob("*.parquet"):
            part.unlink()
    assert area_names.streets_by_cell(COUNTY_RESOLUTION) == {}


@pytest.mark.django_db
def test_areas_are_named_from_the_imported_street_files(reference: None) -> None:
    policeuk.run(paths=[JANUARY])
    cell, street = _busiest_cell_and_street()
    lat, lng = h3.cell_to_latlng(cell)
    result = CellResult(
        cell=cell,
        latitude=lat,
        longitude=lng,
        count=9,
        z=3.0,
        p_value=0.001,
        density=1.0,
        hotspot=True,
    )
    areas = [(d.name, d.boundary) for d in District.objects.exclude(boundary__isnull=True)]
    places = area_names.places_for([result], areas=areas, resolution=COUNTY_RESOLUTION)
    district = next(name for name, boundary in areas if shape(boundary).contains(Point(lng, lat)))
    assert places[cell] == area_names.Place(street, district)
