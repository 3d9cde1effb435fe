"""Reads for the tracker: which recommendations a viewer sees (filtered and ordered overdue
first), who may change what, the public list and the public figures.

The one visibility rule (`restrict_to_viewer`): OPCC staff see every recommendation; a
partner's people see those their organisation owns; nobody else sees any. The public sees
only what the OPCC marked public, through `public_recommendations`.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import Viewer, restrict_to_viewer
from crimeplan.core.findings import Answer, PublicUpdate
from crimeplan.delivery.models import PublicUpdate as DeliveryPublicUpdate

from .constants import ClosingDecision, Source, Status
from .models import Inspection, Recommendation, Update
from .permissions import MANAGERS, READERS

LIVE = (Status.OPEN, Status.IN_PROGRESS)
FILTERS = ("source", "owner", "priority", "status")
COLUMNS = [
    "title",
    "source",
    "owner",
    "priority",
    "due_on",
    "status",
    "overdue",
    "closing_decision",
    "closed_on",
    "plan_priority",
    "delivery_action",
]
PUBLIC_COLUMNS = ["title", "source", "inspection", "owner", "due_on", "status", "summary"]


def shows_tracker(viewer: Viewer) -> bool:
    """The menu entry: for whoever may open the tracker (no query for anyone)."""
    return viewer.has_any(READERS)


def may_manage(viewer: Viewer) -> bool:
    return viewer.has_any(MANAGERS)


def may_update(viewer: Viewer, recommendation: Recommendation) -> bool:
    """OPCC managers, and the owner organisation's editors, while the item is not closed."""
    if recommendation.status == Status.CLOSED:
        return False
    if may_manage(viewer):
        return True
    return recommendation.owner_id is not None and viewer.has_role_in(
        recommendation.owner_id, {Role.PARTNER_EDITOR}
    )


def _overdue(today: datetime.date) -> Case:
    return Case(
        When(status__in=LIVE, due_on__lt=today, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def visible_recommendations(*, viewer: Viewer) -> QuerySet[Recommendation]:
    if not viewer.has_any(READERS):
        return Recommendation.objects.none()
    return restrict_to_viewer(Recommendation.objects.all(), viewer, owner_field="owner")


def recommendation_list(
    *, viewer: Viewer, filters: Mapping[str, Any] | None = None
) -> QuerySet[Recommendation]:
    """The recommendations the viewer sees, narrowed by `filters` (source, owner, priority,
    status; empty values ignored), overdue first, then by due date (none last)."""
    wanted = {
        ("owner_id" if name == "owner" else name): getattr(value, "pk", value)
        for name, value in (filters or {}).items()
        if name in FILTERS and value
    }
    return (
        visible_recommendations(viewer=viewer)
        .filter(**wanted)
        .select_related("owner", "inspection", "action", "plan_priority")
        .annotate(overdue=_overdue(timezone.localdate()))
        .order_by("-overdue", F("due_on").asc(nulls_last=True), "pk")
    )


def owner_choices(*, viewer: Viewer) -> QuerySet[Organisation]:
    """The organisations owning a recommendation the viewer sees (for the owner filter)."""
    owned = visible_recommendations(viewer=viewer).values("owner_id")
    return Organisation.objects.filter(pk__in=owned).order_by("name")


def updates(recommendation: Recommendation) -> QuerySet[Update]:
    return recommendation.updates.select_related("by").order_by("-at", "-pk")


def export_rows(recommendations: Iterable[Recommendation]) -> list[dict[str, object]]:
    today = timezone.localdate()
    return [
        {
            "title": item.title,
            "source": item.get_source_display(),
            "owner": item.owner.name if item.owner else "",
            "priority": item.get_priority_display(),
            "due_on": item.due_on.isoformat() if item.due_on else "",
            "status": item.get_status_display(),
            "overdue": "yes" if item.is_overdue(today) else "no",
            "closing_decision": item.get_closing_decision_display(),
            "closed_on": item.closed_on.isoformat() if item.closed_on else "",
            "plan_priority": str(item.plan_priority) if item.plan_priority else "",
            "delivery_action": item.action.title if item.action else "",
        }
        for item in recommendations
    ]


# Inspections ----------------------------------------------------------------------------


def inspection_list(*, viewer: Viewer) -> QuerySet[Inspection]:
    """Inspections are public reports: every reader of the tracker sees them all, each with the
    count of its recommendations the viewer sees (not of other organisations')."""
    visible = visible_recommendations(viewer=viewer).values("pk")
    return Inspection.objects.annotate(
        recommendation_count=Count("recommendations", filter=Q(recommendations__in=visible))
    ).order_by("-published_on", "title")


def inspection_recommendations(
    *, inspection: Inspection, viewer: Viewer
) -> QuerySet[Recommendation]:
    return recommendation_list(viewer=viewer).filter(inspection=inspection)


# The public page -----------------------------------------------------------------------


def public_recommendations() -> QuerySet[Recommendation]:
    """What the OPCC marked public: causes of concern first, then overdue, then by due date."""
    return (
        Recommendation.objects.filter(is_public=True)
        .select_related("owner", "inspection")
        .annotate(
            concern=Case(
                When(source=Source.HMICFRS_CAUSE_OF_CONCERN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            overdue=_overdue(timezone.localdate()),
        )
        .order_by("concern", "-overdue", F("due_on").asc(nulls_last=True), "pk")
    )


def public_inspections() -> QuerySet[Inspection]:
    return Inspection.objects.prefetch_related("grades").order_by("-published_on", "title")


def public_export_rows(recommendations: Iterable[Recommendation]) -> list[dict[str, object]]:
    return [
        {
            "title": item.title,
            "source": item.get_source_display(),
            "inspection": item.inspection.title if item.inspection else "",
            "owner": item.owner.name if item.owner else "",
            "due_on": item.due_on.isoformat() if item.due_on else "",
            "status": item.get_status_display(),
            "summary": item.public_summary,
        }
        for item in recommendations
    ]


def public_figures() -> dict[str, Any]:
    """Counts of every recommendation the tracker holds (no detail of any): by source and
    status, with the number overdue. Published whether or not each item is public, since a
    count names nothing."""
    today = timezone.localdate()
    counted = Recommendation.objects.values("source", "status").annotate(count=Count("pk"))
    table = {source: dict.fromkeys(Status.values, 0) for source in Source.values}
    for row in counted:
        table[row["source"]][row["status"]] = row["count"]
    rows: list[dict[str, Any]] = [
        {"source": Source(source).label, **counts, "total": sum(counts.values())}
        for source, counts in table.items()
        if sum(counts.values())
    ]
    overdue = Recommendation.objects.filter(Q(status__in=LIVE) & Q(due_on__lt=today)).count()
    return {
        "rows": rows,
        "totals": {
            status: sum(int(row[status]) for row in rows) for status in [*Status.values, "total"]
        },
        "overdue": overdue,
    }


def finding_answers(source: str, keys: frozenset[str]) -> dict[str, list[Answer]]:
    """The delivery actions that answer each of a module's findings, with what the OPCC
    published about them (core.findings.answers reads this). A finding the OPCC closed as not
    accepted is not answered."""
    published = DeliveryPublicUpdate.objects.filter(withdrawn_on__isnull=True).order_by(
        "-published_on", "-pk"
    )
    rows = (
        Recommendation.objects.filter(source=source, source_key__in=keys, action__isnull=False)
        .exclude(closing_decision=ClosingDecision.NOT_ACCEPTED)
        .select_related("action")
        .prefetch_related(Prefetch("action__public_updates", queryset=published))
        .order_by("source_key", "action__title", "action__pk")
    )
    found: dict[str, list[Answer]] = {}
    for row in rows:
        action = row.action
        if action is None:  # filtered out above; this tells the type checker
            continue
        found.setdefault(row.source_key, []).append(
            Answer(
                action_id=action.pk,
                title=action.title,
                status=action.status,
                updates=tuple(
                    PublicUpdate(published_on=u.published_on, text=u.text, text_cy=u.text_cy)
                    for u in action.public_updates.all()
                ),
            )
        )
    return found
