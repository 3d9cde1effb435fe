"""Reading the audit trail: filtered lists for OPCC administrators."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from crimeplan.core.viewers import Viewer

from .models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_event_list(*, viewer: Viewer, filters: AuditFilter) -> QuerySet[AuditEvent]:
    if not viewer.is_opcc_admin:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def shows_audit_log(viewer: Viewer) -> bool:
    """The "Audit log" menu entry: OPCC administrators."""
    return viewer.is_opcc_admin
