"""What waits for plan editors and partner editors on their home page (crimeplan.core.work):
the actions they keep whose progress update is overdue, and those past their due date."""

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format

from crimeplan.accounts.constants import Role
from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from .constants import CLOSED_STATUSES
from .models import Action
from .permissions import PLAN_EDITOR_ROLES
from .selectors import action_list, overdue


def _kept_by(viewer: Viewer) -> QuerySet[Action]:
    """The actions this viewer keeps up to date: every one for a plan editor; for a partner
    editor, those its organisations own or share."""
    actions = action_list(viewer=viewer).exclude(status__in=CLOSED_STATUSES)
    if viewer.has_any(PLAN_EDITOR_ROLES):
        return actions
    editing = viewer.organisations_where(Role.PARTNER_EDITOR)
    return actions.filter(
        Q(owner_organisation_id__in=editing) | Q(shared_with__in=editing)
    ).distinct()


def _last_update(action: Action) -> datetime.date | None:
    """The date of the action's latest progress update (`action_list` annotates it)."""
    return getattr(action, "last_update", None)


def _update_note(action: Action) -> str:
    last = _last_update(action)
    return f"last update {date_format(last, 'j F Y')}" if last else "no update yet"


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    if not (viewer.has_any(PLAN_EDITOR_ROLES) or viewer.has_any([Role.PARTNER_EDITOR])):
        return []
    actions = list(_kept_by(viewer).order_by("due_date", "pk"))
    updates = sorted(
        (a for a in actions if overdue(a, today=today)),
        key=lambda a: (_last_update(a) or datetime.date.min, a.pk),
    )
    late = [a for a in actions if a.due_date < today]
    plans = reverse("delivery:plan_list")
    return [
        WorkQueue(
            title="Progress updates overdue",
            items=[
                WorkItem(
                    label=action.title,
                    url=reverse("delivery:update_add", args=[action.pk]),
                    note=_update_note(action),
                )
                for action in updates
            ],
            url=plans,
            link_text="See the delivery plans",
            empty="No action you keep is overdue for a progress update.",
        ),
        WorkQueue(
            title="Actions past their due date",
            items=[
                WorkItem(
                    label=action.title,
                    url=reverse("delivery:action_detail", args=[action.pk]),
                    note=f"was due {date_format(action.due_date, 'j F Y')}",
                )
                for action in late
            ],
            url=plans,
            link_text="See the delivery plans",
            empty="No action you keep is past its due date.",
        ),
    ]
