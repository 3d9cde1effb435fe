"""The published Victims' Code compliance figures as JSON (public: counts per agency and right,
never a victim)."""

from django.http import HttpRequest
from ninja import Path, Router, Schema

from . import selectors
from .constants import period_label

router = Router(tags=["victims-code"])


class FigureRow(Schema):
    right: str
    agency: str
    eligible: int
    complied: int
    rate_percent: float | None
    low_percent: float | None
    high_percent: float | None
    previous_eligible: int | None
    previous_complied: int | None
    previous_rate_percent: float | None
    change_points: float | None
    p_value: float | None
    verdict: str


class QuarterFigures(Schema):
    quarter: str
    year: int
    quarter_number: int
    rows: list[FigureRow]


class InvalidRequest(Schema):
    detail: list[dict[str, object]]


class Quarter(Schema):
    quarter: str
    year: int
    quarter_number: int


@router.get("/quarters", response=list[Quarter], url_name="victims_code_quarters")
def victims_code_quarters(request: HttpRequest) -> list[Quarter]:
    """The quarters with returns, latest first."""
    return [
        Quarter(quarter=period_label(y, q), year=y, quarter_number=q)
        for y, q in selectors.quarters_returned()
    ]


@router.get(
    "/figures/{year}/{quarter}",
    response={200: QuarterFigures, 422: InvalidRequest},
    url_name="victims_code_figures",
)
def victims_code_figures(
    request: HttpRequest,
    year: int = Path(..., ge=2000, le=2100),
    quarter: int = Path(..., ge=1, le=4),
) -> QuarterFigures:
    """Compliance per right and agency for a quarter (`year` 2025 is 2025/26, quarter 1 is
    April to June), with the change since the quarter before and its verdict; no rows for a
    quarter without returns."""
    rows = selectors.figure_dicts(selectors.compliance_figures(year=year, quarter=quarter))
    return QuarterFigures(
        quarter=period_label(year, quarter),
        year=year,
        quarter_number=quarter,
        rows=[
            FigureRow(**{k: (None if v == "" else v) for k, v in row.items()})  # type: ignore[arg-type]
            for row in rows
        ],
    )
