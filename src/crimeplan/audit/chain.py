"""The hash chain that links every audit event to the one written before it.

Each event stores `previous_hash` (the `hash` of the event before it in id order; empty for
the first) and its own `hash`: SHA-256 over a canonical form of its fields and
`previous_hash`. Changing, removing, inserting or reordering an event after it was written
breaks a link that `crimeplan audit verify` (audit.integrity) finds. Appends are serialised
(a PostgreSQL advisory lock held to the end of the inserting transaction; SQLite lets one
writer in at a time) so that concurrent writers cannot both link to the same head.
"""

import datetime
import decimal
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import connections, models, transaction
from django.utils import timezone

# Every field of AuditEvent except id, previous_hash and hash (a test keeps this complete).
# An event's hash covers these by their column names; the id is not covered, as it is only
# assigned by the insert: order is what previous_hash proves.
CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "organisation_id",
    "summary",
    "path",
    "before",
    "after",
    "changed",
)
JSON_FIELDS = frozenset({"before", "after", "changed"})
# pg_advisory_xact_lock's key for "appending to the audit chain" (any constant will do, as
# long as nothing else in the database uses it: 'audi' in ASCII).
POSTGRESQL_CHAIN_LOCK = 0x61756469


def _number(value: int | float | decimal.Decimal) -> str:
    """One spelling per numeric value: PostgreSQL's jsonb may hand back 1e20 as an integer,
    2.0 as 2.0 and -0.0 as 0.0, so every number is written as its normalised decimal."""
    number = decimal.Decimal(repr(value)) if isinstance(value, float) else decimal.Decimal(value)
    if number.is_nan():
        return "NaN"
    if number.is_infinite():
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    return str(number.normalize())


def _canonical(value: Any) -> str:
    """Compact JSON with sorted keys and normalised numbers; datetimes as UTC ISO 8601."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.datetime):
        moment = timezone.make_aware(value) if timezone.is_naive(value) else value
        return json.dumps(moment.astimezone(datetime.UTC).isoformat(timespec="microseconds"))
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted((str(key), item) for key, item in value.items())
        return "{" + ",".join(f"{_canonical(key)}:{_canonical(item)}" for key, item in items) + "}"
    raise TypeError(f"An audit event cannot hold a {type(value).__name__}")


def _as_stored(name: str, value: Any) -> Any:
    """The value as it will read back from the database, so that hashing before the insert
    and verifying after it see the same thing: JSON as JSONField stores it (tuples become
    lists, keys strings), other fields as their model field makes them."""
    if name in JSON_FIELDS:
        return json.loads(json.dumps(value))
    return value


def event_hash(*, values: Mapping[str, Any], previous_hash: str) -> str:
    """The SHA-256 (hex) of an event's chained field values and the hash before it."""
    content = {name: _as_stored(name, values[name]) for name in CHAINED_FIELDS}
    content["previous_hash"] = previous_hash
    return hashlib.sha256(_canonical(content).encode()).hexdigest()


def _field_values(event: models.Model) -> dict[str, Any]:
    """The event's values for hashing, each passed through its field as the insert would."""
    fields = {field.attname: field for field in event._meta.concrete_fields}
    return {name: fields[name].to_python(getattr(event, name)) for name in CHAINED_FIELDS}


def _take_chain_lock(using: str) -> None:
    """Hold the right to append until the surrounding transaction ends."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POSTGRESQL_CHAIN_LOCK])
        elif connection.vendor == "sqlite":
            # A write that changes nothing takes SQLite's one write lock before the head is
            # read (waiting for busy_timeout); read first, and a writer committing between
            # the read and the insert would make the insert fail as "database is locked".
            cursor.execute("UPDATE audit_auditevent SET id = id WHERE 0")


def _head_hash(model: type[models.Model], using: str) -> str:
    # Plain SQL: this runs for every event written, and the ORM's query would cost more than
    # the rest of the append.
    table = connections[using].ops.quote_name(model._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        head = cursor.fetchone()
    return head[0] if head else ""


def event_append(*, event: models.Model, using: str) -> None:
    """Links a new event to the head of the chain and inserts it, in one transaction.

    Works for the model and for the historical model a data migration gets from
    `apps.get_model` (its manager is AuditEventManager, so `objects.create` comes here too).
    """
    if not event._state.adding:
        raise ValueError("Only a new audit event can be appended")
    # No savepoint of its own: if the insert fails, the caller's whole transaction must go.
    with transaction.atomic(using=using, savepoint=False):
        _take_chain_lock(using)
        previous_hash = _head_hash(type(event), using)
        event.previous_hash = previous_hash  # type: ignore[attr-defined]
        event.hash = event_hash(values=_field_values(event), previous_hash=previous_hash)  # type: ignore[attr-defined]
        # save_base inserts without calling AuditEvent.save again (which comes here).
        models.Model.save_base(event, using=using, force_insert=True)


def _events_in_order(model: type[models.Model], using: str, batch: int) -> Iterator[list[Any]]:
    last_id = 0
    while True:
        events = list(
            model._base_manager.using(using).filter(pk__gt=last_id).order_by("pk")[:batch]
        )
        if not events:
            return
        yield events
        last_id = events[-1].pk


def events_link_existing(*, model: type[models.Model], using: str, batch: int = 1000) -> int:
    """Gives the events written before the chain existed their links, in id order.

    For migration 0004 only, with the append-only triggers lifted; returns how many."""
    previous_hash = ""
    linked = 0
    for events in _events_in_order(model, using, batch):
        for event in events:
            event.previous_hash = previous_hash
            event.hash = event_hash(values=_field_values(event), previous_hash=previous_hash)
            previous_hash = event.hash
        model._base_manager.using(using).bulk_update(events, ["previous_hash", "hash"])
        linked += len(events)
    return linked
