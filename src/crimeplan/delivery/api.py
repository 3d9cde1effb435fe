"""The delivery part of the JSON API: a plan's actions, as the viewer may see them."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.bounds import LONGEST_SLUG, SLUG_PATTERN

from . import selectors
from .permissions import READ_ROLES

router = Router(tags=["delivery"])


class ActionOut(Schema):
    id: int
    priority: str
    commitment: str
    title: str
    owner: str
    status: str
    start_date: datetime.date
    due_date: datetime.date
    baseline: str
    target: str
    measure_ids: list[str]
    last_update: datetime.date | None
    update_overdue: bool
    fictional: bool


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    """django-ninja's answer to a parameter out of its bounds."""

    detail: list[dict[str, Any]]


@router.get(
    "/plans/{slug}/actions",
    response={
        200: list[ActionOut],
        401: Message,
        403: Message,
        404: Message,
        422: InvalidRequest,
    },
    auth=django_auth,
)
def delivery_action_list(
    request: HttpRequest, slug: str = Path(..., max_length=LONGEST_SLUG, pattern=SLUG_PATTERN)
) -> list[ActionOut]:
    """The plan's actions the signed-in member may see (OPCC staff and the panel: all;
    partners: their organisation's and those shared with it)."""
    viewer = viewer_for(request.user)
    if not viewer.has_any(READ_ROLES):
        raise HttpError(403, "Your role has no access to delivery plans.")
    plan = get_object_or_404(selectors.plan_list(), slug=slug)
    today = timezone.localdate()
    return [
        ActionOut(
            id=a.pk,
            priority=a.commitment.priority.code,
            commitment=a.commitment.text,
            title=a.title,
            owner=a.owner_organisation.name,
            status=a.status,
            start_date=a.start_date,
            due_date=a.due_date,
            baseline=a.baseline,
            target=a.target,
            measure_ids=list(a.measure_ids),
            last_update=a.last_update,  # type: ignore[attr-defined]
            update_overdue=selectors.overdue(a, today=today),
            fictional=a.is_fictional,
        )
        for a in selectors.action_list(viewer=viewer, plan=plan)
    ]
