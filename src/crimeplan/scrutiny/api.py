"""The scrutiny part of the JSON API: published annual reports (public) and the ICV figures
(for those who may see the figures page)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.bounds import EARLIEST_YEAR, LARGEST_ID, LATEST_YEAR

from . import selectors
from .models import PublishedReport
from .permissions import FIGURE_ROLES

router = Router(tags=["scrutiny"])


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    """django-ninja's answer to a path parameter of the wrong type or out of its bounds."""

    detail: list[dict[str, object]]


class PublishedReportOut(Schema):
    id: int
    kind: str
    year: int
    title: str
    published_at: str
    introduction: str
    figures: dict[str, object]


class IcvRowOut(Schema):
    site: str
    quarter: str
    visits: int
    detainees_in_custody: int
    offered: int
    spoken_to: int
    observed: int
    declined: int
    issues_raised: int
    issues_resolved: int
    night_visits: int
    weekend_visits: int
    night_share_percent: float | None
    weekend_share_percent: float | None


def _report_out(report: PublishedReport) -> PublishedReportOut:
    return PublishedReportOut(
        id=report.pk,
        kind=report.kind,
        year=report.year,
        title=str(report),
        published_at=report.published_at.isoformat(),
        introduction=report.introduction,
        figures=report.figures,
    )


@router.get("/reports", response=list[PublishedReportOut])
def list_published_reports(request: HttpRequest) -> list[PublishedReportOut]:
    """Annual reports the OPCC has published, with their frozen figures."""
    return [_report_out(r) for r in selectors.published_reports()]


@router.get(
    "/reports/{report_id}", response={200: PublishedReportOut, 404: Message, 422: InvalidRequest}
)
def get_published_report(
    request: HttpRequest, report_id: int = Path(..., ge=1, le=LARGEST_ID)
) -> PublishedReportOut:
    return _report_out(get_object_or_404(selectors.published_reports(), pk=report_id))


@router.get(
    "/icv-figures/{year}",
    response={200: list[IcvRowOut], 401: Message, 403: Message, 422: InvalidRequest},
    auth=django_auth,
)
def icv_figures(
    request: HttpRequest, year: int = Path(..., ge=EARLIEST_YEAR, le=LATEST_YEAR)
) -> list[IcvRowOut]:
    """The ICV statistics by suite and quarter of the financial year starting in April of
    `year` (2000 to 2100)."""
    if not viewer_for(request.user).has_any(FIGURE_ROLES):
        raise HttpError(403, "Your role cannot see the custody visiting figures.")
    return [IcvRowOut(**row.as_dict()) for row in selectors.icv_figures(year=year)]  # type: ignore[arg-type]
