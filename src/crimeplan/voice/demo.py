"""Demonstration content for `crimeplan load-demo`: a SYNTHETIC perception survey for two
years, drawn from the real Census 2021 district populations, and FICTIONAL unsafe-place
reports, some clustered so the hotspot pages have something to find. Fixed seeds: every run
makes the same data, and a second run changes nothing."""

import datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from shapely.geometry import Point, shape

from crimeplan.geography.models import District

from . import places, synthetic
from .constants import (
    LocationSource,
    PlaceReason,
    ReportedToPolice,
    ReportStatus,
    TimeBand,
    WhatHappened,
)
from .models import Survey, UnsafePlaceReport
from .survey import population_load, survey_import, survey_publish

SURVEY_YEARS = (2024, 2025)
SEED = 20251125
# Fictional clusters: (district name, latitude, longitude, reports), near real town centres.
CLUSTERS = [
    ("Cheltenham", 51.8994, -2.0783, 14),
    ("Gloucester", 51.8642, -2.2441, 11),
    ("Stroud", 51.7453, -2.2178, 7),
]
BACKGROUND_PER_DISTRICT = 30
LAST_DAY = datetime.date(2025, 10, 31)


def load() -> list[str]:
    lines = []
    if not Survey.objects.exists():
        lines += _load_survey()
    if not UnsafePlaceReport.objects.filter(fictional=True).exists():
        lines += _load_reports()
    return lines or ["Survey and unsafe-place reports already loaded."]


def _load_survey() -> list[str]:
    populations = {
        d.code: d.residents
        for d in District.objects.annotate(residents=Sum("lsoas__population_2021"))
        if d.residents
    }
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "voice-demo"
    lines = []
    for year in SURVEY_YEARS:
        files = synthetic.write(folder, populations, year=year, seed=SEED)
        population_load(path=files.population)
        survey = survey_import(
            year=year,
            codebook_path=files.codebook,
            responses_path=files.responses,
            population_year=year,
            synthetic=True,
        )
        lines.append(
            f"SYNTHETIC perception survey {year}: {survey.respondents} made-up responses, "
            f"design effect {survey.design_effect:.2f}."
        )
    # Published (as the OPCC would after checking them), so the public survey page has results.
    for survey in Survey.objects.filter(year__in=SURVEY_YEARS):
        survey_publish(survey=survey, actor=None)
    return lines


def _load_reports() -> list[str]:
    rng = np.random.default_rng(SEED)
    districts = list(District.objects.exclude(boundary__isnull=True).order_by("code"))
    by_name = {d.name: d for d in districts}
    made = []
    for district in districts:
        area = shape(district.boundary)
        west, south, east, north = area.bounds
        placed = 0
        while placed < BACKGROUND_PER_DISTRICT:
            lng, lat = rng.uniform(west, east), rng.uniform(south, north)
            if area.covers(Point(lng, lat)):
                made.append(_report(rng, district, lat, lng))
                placed += 1
    for name, lat, lng, count in CLUSTERS:
        if name in by_name:
            for _ in range(count):
                jitter = rng.normal(0, 0.0006, 2)
                made.append(_report(rng, by_name[name], lat + jitter[0], lng + jitter[1]))
    for index, report in enumerate(made):
        # A few wait for moderation and two are spam, so the moderation queue has work.
        if index % 25 == 3:
            report.status = ReportStatus.PENDING
        elif index % 97 == 5:
            report.status = ReportStatus.SPAM
    with transaction.atomic():
        UnsafePlaceReport.objects.bulk_create(made)
    return [f"FICTIONAL unsafe-place reports: {len(made)}, with clusters in three towns."]


def _report(
    rng: np.random.Generator, district: District, lat: float, lng: float
) -> UnsafePlaceReport:
    snapped = places.snap(float(lat), float(lng))
    happened = rng.choice(WhatHappened.values, size=int(rng.integers(1, 3)), replace=False)
    reasons = rng.choice(PlaceReason.values, size=int(rng.integers(0, 3)), replace=False)
    return UnsafePlaceReport(
        district=district,
        location_source=LocationSource.MAP,
        grid_cell=snapped.cell,
        latitude=snapped.latitude,
        longitude=snapped.longitude,
        place_description="Fictional report for the demonstration",
        incident_date=LAST_DAY - datetime.timedelta(days=int(rng.integers(0, 700))),
        time_band=str(rng.choice(TimeBand.values)),
        what_happened=[str(h) for h in happened],
        place_reasons=[str(r) for r in reasons],
        reported_to_police=str(rng.choice(ReportedToPolice.values, p=[0.2, 0.8])),
        status=ReportStatus.PUBLISHED,
        fictional=True,
    )
