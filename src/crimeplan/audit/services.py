"""Writing the audit trail. Services call these in the same transaction as their change."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone

from .constants import AuditAction
from .models import AuditEvent


def _json_safe(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def audit_snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's fields as JSON-safe values, for the before/after of an audit event."""
    values = model_to_dict(instance, exclude=list(exclude))
    for f in instance._meta.concrete_fields:
        if not f.editable and f.name not in exclude:
            values[f.name] = getattr(instance, f.attname)
    # updated_at says when, which the event itself records; keeping it would make every
    # save look like a change.
    return {k: _json_safe(v) for k, v in values.items() if k not in {"password", "updated_at"}}


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    organisation_id: int | None = None,
    summary: str = "",
    path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if instance is not None:
        object_type = object_type or instance._meta.label
        object_id = object_id or str(instance.pk)
        object_label = object_label or str(instance)[:300]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else "system")[:254],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        organisation_id=organisation_id,
        summary=summary[:500],
        path=path[:500],
        before=before,
        after=after,
    )


def archive_audited(
    instance: Any, *, actor: Any, summary: str, organisation_id: int | None = None
) -> Any:
    """Archives a record (`archived_at`, never a delete), saving it so that its history sees
    the change, and records the archive with before and after. Callers check first whether
    it may be archived, inside their own transaction."""
    before = audit_snapshot(instance)
    instance.archived_at = timezone.now()
    instance.save()
    audit_record(
        actor=actor,
        action=AuditAction.ARCHIVE,
        instance=instance,
        organisation_id=organisation_id,
        summary=summary,
        before=before,
        after=audit_snapshot(instance),
    )
    return instance
