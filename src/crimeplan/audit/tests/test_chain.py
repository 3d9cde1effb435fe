"""The audit trail's hash chain: every way of writing an event links it, and `crimeplan audit
verify` names the first broken link after an owner's tampering behind the triggers."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from crimeplan.audit import chain, integrity, triggers
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import audit_record

pytestmark = pytest.mark.django_db
MARQUESAS = datetime.timezone(datetime.timedelta(hours=-9, minutes=-30))


def _write(count: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            object_type="accounts.Organisation",
            object_id=str(n),
            summary=f"change {n}",
            before={"phone": f"0124{n}"},
            after={"phone": f"0125{n}"},
        )
        for n in range(count)
    ]


def _existing() -> int:
    """Events already written (loading the reference geography writes one)."""
    return AuditEvent.objects.count()


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        _verify(*args)
    return str(failure.value)


def _sql(statement: str, params: list[object] | None = None) -> None:
    """As the tables' owner could: with the append-only triggers lifted (the test's
    transaction puts them back when it is rolled back)."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
    triggers.install(connection)


def test_every_way_of_writing_an_event_links_it_to_the_one_before() -> None:
    existing = _existing()
    first = audit_record(actor=None, action=AuditAction.VIEW, summary="service")
    second = AuditEvent.objects.create(action=AuditAction.EXPORT, summary="create")
    third = AuditEvent(action=AuditAction.IMPORT, summary="save")
    third.save()
    fourth, fifth = AuditEvent.objects.bulk_create(
        [AuditEvent(action=AuditAction.CHANGE), AuditEvent(action=AuditAction.ARCHIVE)]
    )
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.pk for e in events[existing:]] == [
        e.pk for e in (first, second, third, fourth, fifth)
    ]
    assert events[0].previous_hash == ""
    for before, event in itertools.pairwise(events):
        assert len(event.hash) == 64
        assert event.previous_hash == before.hash
    assert len({e.hash for e in events}) == len(events)
    assert f"Verified {existing + 5} audit events: the chain is unbroken." in _verify()


def test_a_caller_cannot_choose_the_links() -> None:
    [before] = _write(1)
    event = AuditEvent.objects.create(action=AuditAction.VIEW, previous_hash="0" * 64, hash="f")
    event.refresh_from_db()
    assert event.previous_hash == before.hash
    assert event.hash != "f"
    _verify()


def test_values_hash_the_same_before_the_insert_and_after_reading_back() -> None:
    """JSON comes back from PostgreSQL's jsonb with its keys reordered and some numbers
    respelled; ids given as text come back as numbers; times come back in UTC."""
    awkward = {
        "z": 1e20,
        "a": [2.0, -0.0, 0.1, 10**30, True, None, 'Ünïcode ✓ "quoted"\n'],
        "nested": {"b": {"c": 1.5e-7}, "1": (1, 2)},
    }
    existing = _existing()
    AuditEvent.objects.create(
        action=AuditAction.CHANGE,
        at=datetime.datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=MARQUESAS),
        organisation_id="42",
        object_id=7,
        before=awkward,
        after={"list": ("tuple", "becomes", "list")},
        changed=["phone", "email"],
    )
    assert f"Verified {existing + 1} audit events" in _verify()


def test_chained_fields_are_every_field_but_the_links() -> None:
    """A field added to AuditEvent must be added to the chain deliberately (old events were
    hashed without it), not left out of it by accident."""
    columns = {f.attname for f in AuditEvent._meta.concrete_fields}
    assert columns - {"id", "previous_hash", "hash"} == set(chain.CHAINED_FIELDS)


def test_a_changed_field_is_named_at_its_event() -> None:
    existing = _existing()
    events = _write(5)
    _sql("UPDATE audit_auditevent SET summary = 'nothing happened' WHERE id = %s", [events[2].pk])
    message = _verify_fails()
    assert f"broken at event {events[2].pk} (" in message
    assert "its fields do not match its hash: it was changed after it was written" in message
    assert f"{existing + 2} events before it are intact" in message


def test_a_changed_json_value_is_found_too() -> None:
    events = _write(3)
    _sql(
        "UPDATE audit_auditevent SET after = %s WHERE id = %s",
        ['{"phone": "07700 900000"}', events[1].pk],
    )
    assert f"broken at event {events[1].pk} (" in _verify_fails()


def test_a_removed_event_is_named_by_the_event_after_it() -> None:
    events = _write(5)
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    message = _verify_fails()
    assert f"broken at event {events[3].pk} (" in message
    assert f"the event before it (id {events[1].pk})" in message


def test_removing_the_first_events_is_found() -> None:
    events = _write(3)
    _sql("DELETE FROM audit_auditevent WHERE id <= %s", [events[0].pk])
    message = _verify_fails()
    assert f"broken at event {events[1].pk} (" in message
    assert "it is the first event but is linked to" in message


def test_an_event_rewritten_with_a_fresh_hash_breaks_the_next_link() -> None:
    """An owner who knows the algorithm (it is open source) can re-hash the event it changed,
    but not without breaking the link the next event holds."""
    events = _write(4)
    target = events[1]
    values = {name: getattr(target, name) for name in chain.CHAINED_FIELDS}
    values["summary"] = "nothing happened"
    forged = chain.event_hash(values=values, previous_hash=target.previous_hash)
    _sql(
        "UPDATE audit_auditevent SET summary = 'nothing happened', hash = %s WHERE id = %s",
        [forged, target.pk],
    )
    message = _verify_fails()
    assert f"broken at event {events[2].pk} (" in message
    assert f"the event before it (id {target.pk})" in message


def _make_room_after(event: AuditEvent) -> None:
    _sql("UPDATE audit_auditevent SET id = id + 1000 WHERE id > %s", [event.pk])


def _forged_row(pk: int, previous_hash: str, event_hash: str) -> list[object]:
    at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return [pk, at, "someone", "view", "forged", "[]", previous_hash, event_hash]


FORGED_INSERT = (
    "INSERT INTO audit_auditevent (id, at, actor_label, action, summary, changed, "
    "previous_hash, hash, object_type, object_id, object_label, path) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '')"
)


def test_a_forged_event_slipped_between_two_is_found() -> None:
    events = _write(4)
    _make_room_after(events[1])
    values = {name: "" for name in chain.CHAINED_FIELDS} | {
        "at": datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        "actor_id": None,
        "actor_label": "someone",
        "action": "view",
        "summary": "forged",
        "organisation_id": None,
        "before": None,
        "after": None,
        "changed": [],
    }
    # Linked properly to the event before it, so only the next link shows the forgery.
    linked = chain.event_hash(values=values, previous_hash=events[1].hash)
    _sql(FORGED_INSERT, _forged_row(events[1].pk + 1, events[1].hash, linked))
    message = _verify_fails()
    assert f"broken at event {events[2].pk + 1000} (" in message
    assert f"the event before it (id {events[1].pk + 1})" in message


def test_a_forged_event_without_a_valid_hash_is_named_itself() -> None:
    events = _write(3)
    _make_room_after(events[0])
    _sql(FORGED_INSERT, _forged_row(events[0].pk + 1, events[0].hash, "0" * 64))
    message = _verify_fails()
    assert f"broken at event {events[0].pk + 1} (" in message
    assert "its fields do not match its hash" in message


def test_an_event_written_outside_the_chain_is_named() -> None:
    events = _write(2)
    with connection.cursor() as cursor:  # INSERT is allowed: the app's role may append
        cursor.execute(FORGED_INSERT, _forged_row(events[1].pk + 1, "", ""))
    message = _verify_fails()
    assert f"broken at event {events[1].pk + 1} (" in message


def test_reordered_events_are_found() -> None:
    events = _write(5)
    a, b = events[1].pk, events[2].pk
    _sql("UPDATE audit_auditevent SET id = -1 WHERE id = %s", [a])
    _sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [a, b])
    _sql("UPDATE audit_auditevent SET id = %s WHERE id = -1", [b])
    message = _verify_fails()
    assert f"broken at event {a} (" in message


def test_removing_the_newest_events_is_found_only_against_a_recorded_head() -> None:
    """The documented limit: the chain alone cannot show that its newest events are gone;
    a head hash kept elsewhere can."""
    existing = _existing()
    events = _write(4)
    output = _verify()
    recorded_head = events[-1].hash
    assert f"Head: event {events[-1].pk}, hash {recorded_head}" in output
    assert f"Verified {existing + 4} audit" in _verify("--expect-head", recorded_head)
    _write(2)  # later events do not matter
    _verify("--expect-head", recorded_head)

    _sql("DELETE FROM audit_auditevent WHERE id >= %s", [events[-1].pk])
    assert f"Verified {existing + 3} audit events" in _verify()
    message = _verify_fails("--expect-head", recorded_head)
    assert f"The recorded head {recorded_head} is not in the intact chain" in message


def test_verify_stops_at_the_first_broken_link_of_several() -> None:
    events = _write(6)
    _sql(
        "UPDATE audit_auditevent SET summary = 'x' WHERE id IN (%s, %s)",
        [events[4].pk, events[1].pk],
    )
    assert f"broken at event {events[1].pk} (" in _verify_fails()


def test_verify_reports_missing_triggers_and_protect_puts_them_back() -> None:
    _write(1)
    triggers.remove(connection)
    message = _verify_fails()
    assert "append-only triggers are missing or disabled" in message
    assert "Run `crimeplan audit protect`" in message
    out = io.StringIO()
    call_command("audit", "protect", stdout=out)
    assert "Installed again" in out.getvalue()
    assert triggers.missing(connection) == []
    _verify()


def test_the_system_check_warns_when_the_triggers_are_gone() -> None:
    from crimeplan.audit.checks import audit_triggers_present

    assert audit_triggers_present(databases=["default"]) == []
    triggers.remove(connection)
    [warning] = audit_triggers_present(databases=["default"])
    assert warning.id == "audit.W001"
    assert all(name in warning.msg for name in triggers.NAMES[connection.vendor])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers only")
def test_a_disabled_trigger_counts_as_missing() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
    assert triggers.missing(connection) == ["audit_event_no_change"]


def test_an_empty_trail_verifies() -> None:
    _sql("DELETE FROM audit_auditevent")
    assert "Verified 0 audit events: the chain is unbroken." in _verify()


def test_verify_carries_the_link_across_fetches() -> None:
    """More events than one fetch of the streaming walk (2,000)."""
    existing = _existing()
    with transaction.atomic():
        AuditEvent.objects.bulk_create(
            [AuditEvent(action=AuditAction.VIEW, summary=str(n)) for n in range(2100)]
        )
    report = integrity.chain_verify()
    assert report.intact and report.verified == existing + 2100


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_events_written_before_the_chain(live_db, settings) -> None:  # type: ignore[no-untyped-def]
    """Migration 0004 gives existing events their links; going back to 0003 to write some
    needs the explicit permission."""
    settings.CRIMEPLAN_ALLOW_AUDIT_UNPROTECT = True
    before_chain = [("audit", "0003_auditevent_changed")]
    MigrationExecutor(connection).migrate(before_chain)
    try:
        old = MigrationExecutor(connection).loader.project_state(before_chain).apps
        OldEvent = old.get_model("audit", "AuditEvent")
        for n in range(3):
            OldEvent.objects.create(action="change", summary=f"old {n}", before={"n": n / 3})
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    # A later data migration's historical model links its events too (its manager is ours).
    current = (
        MigrationExecutor(connection).loader.project_state([("audit", "0004_hash_chain")]).apps
    )
    current.get_model("audit", "AuditEvent").objects.create(action="change", summary="new")
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.summary for e in events[-4:]] == ["old 0", "old 1", "old 2", "new"]
    assert events[0].previous_hash == ""
    for before, event in itertools.pairwise(events):
        assert event.previous_hash == before.hash
    assert integrity.chain_verify().intact
    assert triggers.missing(connection) == []
