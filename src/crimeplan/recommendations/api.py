"""The published recommendations as JSON (public, read-only): what the OPCC marked public,
with its summary, status and dates; never evidence or closing reasons."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["recommendations"])


class PublishedRecommendation(Schema):
    id: int
    title: str
    source: str
    source_label: str
    inspection: str | None
    owner: str | None
    due_on: datetime.date | None
    status: str
    status_label: str
    overdue: bool
    summary: str


@router.get(
    "/published",
    response=list[PublishedRecommendation],
    url_name="recommendations_published",
)
def recommendations_published(request: HttpRequest) -> list[PublishedRecommendation]:
    """The recommendations the OPCC publishes: causes of concern first, then overdue."""
    return [
        PublishedRecommendation(
            id=item.pk,
            title=item.title,
            source=item.source,
            source_label=item.get_source_display(),
            inspection=item.inspection.title if item.inspection else None,
            owner=item.owner.name if item.owner else None,
            due_on=item.due_on,
            status=item.status,
            status_label=item.get_status_display(),
            overdue=bool(item.overdue),  # type: ignore[attr-defined]
            summary=item.public_summary,
        )
        for item in selectors.public_recommendations()
    ]
