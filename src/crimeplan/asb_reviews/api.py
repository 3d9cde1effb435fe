"""The published ASB Case Review figures as JSON (public: counts only, never a case)."""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from . import selectors

router = Router(tags=["asb-reviews"])


class FiguresRow(Schema):
    year: int
    month: str
    district: str
    applications_received: int
    threshold_not_met: int
    reviews_carried_out: int
    reviews_with_recommendations: int
    received_by_web: int
    received_by_phone: int
    received_by_email: int
    received_by_post: int
    repeat_applicants: int
    repeat_locations: int
    median_working_days_to_acknowledge: float | None
    median_working_days_to_threshold_decision: float | None
    median_working_days_to_review: float | None
    median_working_days_to_outcome: float | None


class InvalidRequest(Schema):
    detail: list[dict[str, Any]]


@router.get(
    "/figures/{year}",
    response={200: list[FiguresRow], 422: InvalidRequest},
    url_name="asb_reviews_figures",
)
def asb_reviews_figures(
    request: HttpRequest, year: int = Path(..., ge=2014, le=2100)
) -> list[FiguresRow]:
    """The year's figures by district and month, each district's year, then the total."""
    return [
        FiguresRow(**{key: (None if value == "" else value) for key, value in row.items()})  # type: ignore[arg-type]
        for row in selectors.annual_figures(year=year)
    ]
