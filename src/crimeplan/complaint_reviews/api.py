"""The published complaint review figures as JSON (public: counts only, never a case)."""

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["complaint-reviews"])


class QuarterRow(Schema):
    quarter: str
    applications: int
    valid: int
    decided: int
    upheld: int
    median_working_days_to_decision: float | None
    p90_working_days_to_decision: int | None
    decided_within_target: int
    share_within_target_percent: float | None


@router.get("/figures", response=list[QuarterRow], url_name="complaint_reviews_figures")
def complaint_reviews_figures(request: HttpRequest) -> list[QuarterRow]:
    """The figures by financial-year quarter, oldest first."""
    return [
        QuarterRow(**{key: (None if value == "" else value) for key, value in row.items()})  # type: ignore[arg-type]
        for row in selectors.quarterly_figures()
    ]
