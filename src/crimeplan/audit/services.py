"""Writing the audit trail. Services call these in the same transaction as their change.

The trail is append-only, so it can never be cleaned later: what it must not hold has to be
kept out when an event is written. Personal and secret fields, as each model declares them
(`crimeplan.core.personal`), are named in `changed` when they change, and their values are
never written: not in before/after, not in the record's label, not in the summary.

Services record a change to a record in one way: `with audited_change(record, actor=...,
summary=...)` around the change (it takes the snapshot before and records the event after),
and `audited_delete` for a delete. `audit_change` is what both call: a create, or a change
whose snapshots a service builds itself, calls it directly. `audit_record` writes any other
event (a view, an export, an import, a rota) and applies the same filter to whatever it is
given.
"""

import datetime
import decimal
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone

from crimeplan.core.personal import (
    model_for_label,
    protected_fields,
    protected_values,
    scrub,
)

from .constants import AuditAction
from .models import AuditEvent

# updated_at says when, which the event itself records; keeping it would make every save
# look like a change. A password hash is a secret of every account.
NEVER_RECORDED = frozenset({"password", "updated_at"})
EMPTY_VALUES: tuple[Any, ...] = (None, "", [], {})


def _json_safe(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def _fingerprint(value: Any) -> str:
    """A digest of a protected value, held in memory only, to tell whether it changed."""
    if value in EMPTY_VALUES:
        return ""
    return hashlib.sha256(repr(_json_safe(value)).encode()).hexdigest()


class AuditSnapshot(dict[str, Any]):
    """A record's fields as the audit trail may keep them: the JSON-safe values of every
    field that is neither personal nor secret. Fingerprints of the protected fields are held
    in memory only (never written), so a change to one can be named in `changed`."""

    def __init__(self, values: dict[str, Any], *, fingerprints: dict[str, str]) -> None:
        super().__init__(values)
        self.fingerprints = fingerprints

    def __eq__(self, other: object) -> bool:
        if not dict.__eq__(self, other):
            return False
        theirs = getattr(other, "fingerprints", None)
        return theirs is None or theirs == self.fingerprints

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None


def audit_snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> AuditSnapshot:
    """The record's fields as JSON-safe values for the before/after of an audit event, with
    its personal and secret fields left out (fingerprinted in memory only)."""
    protected = protected_fields(instance)
    left_out = [*exclude, *protected, *NEVER_RECORDED]
    values = model_to_dict(instance, exclude=left_out)
    for f in instance._meta.concrete_fields:
        if not f.editable and f.name not in left_out:
            values[f.name] = getattr(instance, f.attname)
    fingerprints = {
        name: _fingerprint(getattr(instance, name, None))
        for name in protected
        if name not in exclude
    }
    return AuditSnapshot({k: _json_safe(v) for k, v in values.items()}, fingerprints=fingerprints)


def audit_changed_names(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """The names of the fields whose values differ, personal ones included (by fingerprint).
    With no `before` (a new record), the fields given a value."""
    before, after = before or {}, after or {}
    names = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    names -= {k for k in names if k not in before and after.get(k) in EMPTY_VALUES}
    old = getattr(before, "fingerprints", {})
    new = getattr(after, "fingerprints", {})
    names |= {k for k in set(old) | set(new) if old.get(k, "") != new.get(k, "")}
    return sorted(names)


def _kept(values: dict[str, Any] | None, protected: frozenset[str]) -> dict[str, Any] | None:
    """What of a before/after the trail may keep: never a protected field's value, whoever
    built the dictionary."""
    if values is None:
        return None
    return {k: v for k, v in values.items() if k not in protected and k not in NEVER_RECORDED}


def _recorded_path(path: str) -> str:
    """The page's path and the names of its query parameters, not their values: a search
    box's query string can carry the name someone searched for."""
    page, _, query = path.partition("?")
    names = sorted({part.partition("=")[0] for part in query.split("&") if part})
    return f"{page}?{'&'.join(names)}" if names else page


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
    changed: list[str] | None = None,
) -> AuditEvent:
    """Writes one event. Whatever it is given, the values of the record's personal and
    secret fields are left out of before/after, and removed from its label and summary."""
    model = type(instance) if instance is not None else model_for_label(object_type)
    protected = protected_fields(model) if model is not None else frozenset()
    hidden: set[str] = set()
    if instance is not None:
        object_type = object_type or instance._meta.label
        object_id = object_id or str(instance.pk)
        # The label first: building it may load the related records (a membership's user)
        # whose personal values must then be looked for in it.
        object_label = object_label or str(instance)
        hidden = protected_values(instance)
        if any(value.casefold() in object_label.casefold() for value in hidden):
            object_label = f"{instance._meta.verbose_name} {instance.pk}"
    if changed is None:
        changed = audit_changed_names(before, after) if (before or after) else []
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else "system")[:254],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=scrub(object_label, hidden)[:300],
        organisation_id=organisation_id,
        summary=scrub(summary, hidden)[:500],
        path=_recorded_path(path)[:500],
        before=_kept(before, protected),
        after=_kept(after, protected),
        changed=changed,
    )


def audit_change(
    *,
    actor: Any,
    instance: models.Model,
    summary: str,
    before: AuditSnapshot | None = None,
    after: AuditSnapshot | None = None,
    action: AuditAction | None = None,
    organisation_id: int | None = None,
    path: str = "",
    only_if_changed: bool = False,
) -> AuditEvent | None:
    """Records a change to `instance`: `before` is its `audit_snapshot` taken before the
    change (None for a new record); `after` is taken now unless given (a service that adds
    related ids to its snapshots passes its own), and is empty for a delete. The event names
    every field that changed and keeps the values of the non-personal ones. With
    `only_if_changed`, nothing is written when no field changed."""
    if action == AuditAction.DELETE:
        after = None
        changed = audit_changed_names(None, before)
    else:
        after = audit_snapshot(instance) if after is None else after
        changed = audit_changed_names(before, after)
    if only_if_changed and not changed:
        return None
    return audit_record(
        actor=actor,
        action=action or (AuditAction.CREATE if before is None else AuditAction.CHANGE),
        instance=instance,
        organisation_id=organisation_id,
        summary=summary,
        path=path,
        before=before,
        after=after,
        changed=changed,
    )


class AuditedChange:
    """What `audited_change` yields to the block that makes the change.

    `before` is the snapshot taken on entry (None for a record not yet saved); a service may
    add related values to it (ids of a many-to-many, a list of names). `after_extra` holds
    values added to the snapshot taken on exit. `summary` and `organisation_id` may be set
    once the change is known. `skip()` records nothing (the block found nothing to do).
    After the block, `event` is the event written, if any."""

    def __init__(
        self,
        instance: models.Model,
        *,
        before: AuditSnapshot | None,
        summary: str,
        organisation_id: int | None,
        snapshot: Callable[[Any], AuditSnapshot],
    ) -> None:
        self.instance = instance
        self.before = before
        self.summary = summary
        self.organisation_id = organisation_id
        self.after_extra: dict[str, Any] = {}
        self.event: AuditEvent | None = None
        self.skipped = False
        self._snapshot = snapshot

    @property
    def is_new(self) -> bool:
        return self.before is None

    def snapshot_now(self) -> AuditSnapshot:
        """The record as it stands now, with `after_extra`, as it would be recorded."""
        after = self._snapshot(self.instance)
        after.update(self.after_extra)
        return after

    def differs(self) -> bool:
        """Whether the record differs now from `before` (always, for a new record)."""
        return self.before is None or self.snapshot_now() != self.before

    def skip(self) -> None:
        self.skipped = True


@contextmanager
def audited_change(
    instance: models.Model,
    *,
    actor: Any,
    summary: str = "",
    action: AuditAction | None = None,
    organisation_id: int | None = None,
    path: str = "",
    only_if_changed: bool = False,
    snapshot: Callable[[Any], AuditSnapshot] = audit_snapshot,
    stored: bool = False,
) -> Iterator[AuditedChange]:
    """Records the change the block makes to `instance`, as `audit_change` does: the
    snapshot is taken on entry (none for a record not yet saved) and the event written when
    the block ends, unless it raises or calls `skip()`. `snapshot` builds both snapshots (a
    service that adds related ids passes its own, built on `audit_snapshot` so that personal
    fields stay out). With `stored`, the snapshot before is of the saved row, for an
    instance a form has already changed.

        with audited_change(visit, actor=actor, summary="Cancelled a planned visit"):
            visit.status = VisitStatus.CANCELLED
            visit.save()
    """
    before: AuditSnapshot | None = None
    if not instance._state.adding:
        saved = type(instance)._default_manager.get(pk=instance.pk) if stored else instance
        before = snapshot(saved)
    change = AuditedChange(
        instance,
        before=before,
        summary=summary,
        organisation_id=organisation_id,
        snapshot=snapshot,
    )
    yield change
    if change.skipped:
        return
    change.event = audit_change(
        actor=actor,
        instance=change.instance,
        summary=change.summary,
        before=change.before,
        after=change.snapshot_now(),
        action=action,
        organisation_id=change.organisation_id,
        path=path,
        only_if_changed=only_if_changed,
    )


def audited_delete(
    instance: models.Model,
    *,
    actor: Any,
    summary: str,
    organisation_id: int | None = None,
    before: AuditSnapshot | None = None,
) -> AuditEvent | None:
    """Records the delete of `instance` (its snapshot as `before`, unless given) and deletes
    it. Callers check first whether it may be deleted, inside their own transaction."""
    event = audit_change(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        organisation_id=organisation_id,
        summary=summary,
        before=audit_snapshot(instance) if before is None else before,
    )
    instance.delete()
    return event


def archive_audited(
    instance: Any, *, actor: Any, summary: str, organisation_id: int | None = None
) -> Any:
    """Archives a record (`archived_at`, never a delete), saving it so that its history sees
    the change, and records the archive with before and after. Callers check first whether
    it may be archived, inside their own transaction."""
    with audited_change(
        instance,
        actor=actor,
        action=AuditAction.ARCHIVE,
        organisation_id=organisation_id,
        summary=summary,
    ):
        instance.archived_at = timezone.now()
        instance.save()
    return instance
