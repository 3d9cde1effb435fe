"""The append-only audit trail: who did what to which record, when, with before and after.

Rows can be added, never changed or deleted: the model refuses, its queryset refuses bulk
updates and deletes, and database triggers (migrations 0002 and 0004) refuse raw SQL too.
Every way of adding an event (save, objects.create, bulk_create) links it into the hash
chain (audit.chain), which shows afterwards whether anything was changed behind the triggers.
"""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone

from . import chain
from .constants import AuditAction


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be changed")

    def create(self, **kwargs: Any) -> "AuditEvent":  # type: ignore[override]
        # Not via save(): a data migration's historical model has the plain Model.save, but
        # it does get this queryset (the manager is used in migrations), so its events are
        # linked into the chain too.
        self._for_write = True
        event = self.model(**kwargs)
        chain.event_append(event=event, using=self.db)
        return event

    def bulk_create(  # type: ignore[override]
        self, objs: Iterable["AuditEvent"], *args: Any, **kwargs: Any
    ) -> list["AuditEvent"]:
        """One insert per event: each must be linked to the one before it."""
        self._for_write = True
        events = list(objs)
        with transaction.atomic(using=self.db):
            for event in events:
                chain.event_append(event=event, using=self.db)
        return events


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):  # type: ignore[misc]
    use_in_migrations = True


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text too, so the trail stays readable whatever happens to the account.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    path = models.CharField(max_length=500, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The names of the fields a change touched, personal ones included: their values are
    # never in before/after (see audit.services), so this is all the trail says of them.
    changed = models.JSONField(default=list, blank=True)
    # The hash chain (audit.chain): the hash of the event before this one in id order, and
    # this event's own, over its fields and previous_hash. Set when the event is inserted.
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        action = self.get_action_display()
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Inserts the event, linked to the head of the hash chain; never updates one."""
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        chain.event_append(event=self, using=using)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
