"""The voice app's JSON API: published hotspot cells (public) and survey estimates (members
who may see the survey: OPCC staff for every district, partners for their own)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.bounds import EARLIEST_YEAR, LATEST_YEAR

from . import selectors
from .models import Survey
from .permissions import SURVEY_READERS

router = Router(tags=["voice"])


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    """django-ninja's answer to a parameter out of its bounds."""

    detail: list[dict[str, Any]]


class HotspotCellOut(Schema):
    cell: str
    latitude: float
    longitude: float
    reports: int
    hotspot: bool
    gi_z: float
    p_value: float


class HotspotsOut(Schema):
    method: str
    min_count: int
    cells: list[HotspotCellOut]


class EstimateOut(Schema):
    year: int
    question: str
    area_code: str
    area: str
    base: int
    suppressed: bool
    percent: float | None
    lower_95: float | None
    upper_95: float | None
    change_points: float | None
    change_p_value: float | None
    synthetic: bool


@router.get("/unsafe-places/hotspots", response=HotspotsOut, url_name="voice_hotspots")
def published_hotspots(request: HttpRequest) -> HotspotsOut:
    """Cells of the whole area with at least the minimum of accepted reports."""
    method = selectors.method_for(None)
    cells = selectors.published_hotspots(method=method)
    return HotspotsOut(
        method=method.describe(),
        min_count=method.min_count,
        cells=[
            HotspotCellOut(
                cell=c.cell,
                latitude=round(c.latitude, 5),
                longitude=round(c.longitude, 5),
                reports=c.count,
                hotspot=c.hotspot,
                gi_z=round(c.z, 3),
                p_value=round(c.p_value, 4),
            )
            for c in cells
        ],
    )


@router.get(
    "/surveys/{year}/estimates",
    response={
        200: list[EstimateOut],
        401: Message,
        403: Message,
        404: Message,
        422: InvalidRequest,
    },
    auth=django_auth,
    url_name="voice_survey_estimates",
)
def survey_estimates(
    request: HttpRequest, year: int = Path(..., ge=EARLIEST_YEAR, le=LATEST_YEAR)
) -> list[EstimateOut]:
    """Every district and the county for OPCC staff; a partner's own districts and the
    county for a partner; refused to anyone else."""
    viewer = viewer_for(request.user)
    if not viewer.has_any(SURVEY_READERS):
        raise HttpError(403, "Your role cannot see survey estimates")
    survey = get_object_or_404(Survey, year=year)
    rows = selectors.estimate_rows(survey=survey)
    if not viewer.is_opcc_staff:
        own = set(selectors.districts_for(viewer=viewer).values_list("code", flat=True))
        rows = [r for r in rows if r["area_code"] in own | {"county"}]
    return [EstimateOut(**{k: r[k] for k in EstimateOut.model_fields}) for r in rows]
