"""Survey files and reports for tests, built from the real district populations."""

import datetime
from pathlib import Path

import factory
from django.db.models import Sum

from crimeplan.geography.models import District
from crimeplan.voice import synthetic
from crimeplan.voice.constants import LocationSource, ReportedToPolice, ReportStatus, TimeBand
from crimeplan.voice.models import Survey, UnsafePlaceReport
from crimeplan.voice.survey import population_load, survey_import


def district_populations() -> dict[str, int]:
    return {
        d.code: d.population
        for d in District.objects.annotate(population=Sum("lsoas__population_2021"))
    }


def synthetic_survey(folder: Path, *, year: int = 2025, per_district: int = 80) -> Survey:
    files = synthetic.write(folder, district_populations(), year=year, per_district=per_district)
    population_load(path=files.population)
    return survey_import(
        year=year,
        codebook_path=files.codebook,
        responses_path=files.responses,
        population_year=year,
        synthetic=True,
    )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnsafePlaceReport

    district = factory.LazyFunction(lambda: District.objects.get(name="Cheltenham"))
    location_source = LocationSource.MAP
    grid_cell = "89195da49b7ffff"
    latitude = 51.9
    longitude = -2.07
    incident_date = datetime.date(2025, 10, 1)
    time_band = TimeBand.EVENING
    what_happened = factory.LazyFunction(lambda: ["followed"])
    place_reasons = factory.LazyFunction(lambda: ["badly_lit"])
    reported_to_police = ReportedToPolice.NO
    status = ReportStatus.PUBLISHED


def planted_hotspot(*, latitude: float, longitude: float, reports: int = 12) -> str:
    """Accepted reports enough to make the cell at this point a county hotspot: a cluster
    there and single reports spread over the county, so the cluster stands out. Returns the
    county cell (the hotspot finding's key)."""
    from crimeplan.voice import hotspots, places

    cheltenham = District.objects.get(name="Cheltenham")
    spots = [(latitude, longitude)] * reports + [
        (51.70 + 0.03 * i, -2.40 + 0.04 * i) for i in range(12)
    ]
    for lat, lng in spots:
        cell = places.snap(lat, lng)
        ReportFactory(
            district=cheltenham,
            grid_cell=cell.cell,
            latitude=cell.latitude,
            longitude=cell.longitude,
        )
    snapped = places.snap(latitude, longitude)
    return hotspots.at_resolution([snapped.cell], hotspots.COUNTY_RESOLUTION)[0]
