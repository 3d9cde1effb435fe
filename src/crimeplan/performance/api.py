"""Published performance reports, read-only and public (drafts are never served here)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema

from crimeplan.core.bounds import LARGEST_NUMBER, LONGEST_SLUG, SLUG_PATTERN

from . import selectors

router = Router(tags=["performance"])


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    detail: list[dict[str, Any]]


class SnapshotSummary(Schema):
    framework: str
    number: int
    title: str
    force: str
    published_at: datetime


class SnapshotOut(SnapshotSummary):
    document: dict[str, Any]


def _summary(snapshot: Any) -> dict[str, Any]:
    return {
        "framework": snapshot.framework.slug,
        "number": snapshot.number,
        "title": snapshot.title,
        "force": snapshot.framework.force.police_uk_id,
        "published_at": snapshot.published_at,
    }


@router.get("/snapshots", response=list[SnapshotSummary])
def list_snapshots(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published performance report, newest first."""
    return [_summary(s) for s in selectors.snapshot_summaries().order_by("-published_at")]


@router.get(
    "/snapshots/{slug}/{number}", response={200: SnapshotOut, 404: Message, 422: InvalidRequest}
)
def get_snapshot(
    request: HttpRequest,
    slug: str = Path(..., max_length=LONGEST_SLUG, pattern=SLUG_PATTERN),
    number: int = Path(..., ge=1, le=LARGEST_NUMBER),
) -> dict[str, Any]:
    """One published report: the table's printed figures, tests, comments and chart SVGs."""
    snapshot = get_object_or_404(selectors.snapshot_list(), framework__slug=slug, number=number)
    return {**_summary(snapshot), "document": snapshot.document}
