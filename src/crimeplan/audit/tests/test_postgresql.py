"""On PostgreSQL: the documented roles leave the application unable to rewrite the audit
trail, and concurrent writers cannot fork the hash chain. (SQLite has no roles and lets one
writer in at a time; test_protection and test_chain cover it.)"""

import io
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from crimeplan.audit import chain, integrity
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import audit_record

from .scratch import crimeplan, postgresql_database, server_url, superuser_connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL roles and locks; SQLite is covered by test_protection and test_chain",
)

# What the application's role must not be able to do to the audit trail, each refused by
# PostgreSQL itself for want of a privilege or of ownership.
ATTACKS = [
    "UPDATE audit_auditevent SET summary = 'rewritten'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_event_no_change ON audit_auditevent",
    "DROP TRIGGER audit_event_no_truncate ON audit_auditevent",
    "ALTER TABLE audit_auditevent ADD COLUMN note text",
    "ALTER TABLE audit_auditevent RENAME TO audit_old",
    "DROP TABLE audit_auditevent",
    "CREATE TRIGGER mine BEFORE INSERT ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()",
    "CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$ "
    "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    "SET session_replication_role = replica",
    "INSERT INTO audit_auditevent (id, at, actor_label, action, object_type, object_id, "
    "object_label, summary, path, changed, previous_hash, hash) "
    "SELECT id, at, '', 'view', '', '', '', 'rewritten', '', '[]', '', '' "
    "FROM audit_auditevent ON CONFLICT (id) DO UPDATE SET summary = excluded.summary",
    "LOCK TABLE audit_auditevent IN ACCESS EXCLUSIVE MODE",
    "UPDATE django_migrations SET applied = now()",
    "CREATE TABLE mine (id int)",
]


@pytest.fixture
def roles() -> Iterator[tuple[str, str]]:
    """A migration role that will own the tables and an application role, both able to
    sign in (the server trusts local connections), dropped afterwards."""
    suffix = secrets.token_hex(4)
    owner, app = f"crimeplan_owner_{suffix}", f"crimeplan_app_{suffix}"
    with superuser_connection() as server:
        server.execute(f"CREATE ROLE {owner} LOGIN")
        server.execute(f"CREATE ROLE {app} LOGIN")
    try:
        yield owner, app
    finally:
        with superuser_connection() as server:
            server.execute(f"DROP ROLE IF EXISTS {app}")
            server.execute(f"DROP ROLE IF EXISTS {owner}")


def _as(role: str, database: str) -> Callable[..., object]:
    def run(*args: str, tmp_path: Path) -> str:
        done = crimeplan(*args, url=server_url(user=role, database=database), tmp_path=tmp_path)
        assert done.returncode == 0, f"crimeplan {' '.join(args)} as {role}:\n{done.stderr}"
        return done.stdout + done.stderr

    return run


def test_the_application_role_cannot_rewrite_the_audit_trail(
    roles: tuple[str, str], tmp_path: Path
) -> None:
    owner, app = roles
    with postgresql_database(owner=owner) as database:
        as_owner, as_app = _as(owner, database), _as(app, database)
        as_owner("migrate", "--no-input", tmp_path=tmp_path)
        granted = as_owner("audit", "grant-app-role", app, "--apply", tmp_path=tmp_path)
        assert "GRANT SELECT, INSERT ON TABLE public.audit_auditevent" in str(granted)

        # The application's everyday work, as its own role: reads, inserts, updates and
        # deletes across the apps, history rows, and audit events (each linked).
        as_app("load-reference", tmp_path=tmp_path)
        as_app("load-demo", tmp_path=tmp_path)
        verified = str(as_app("audit", "verify", tmp_path=tmp_path))
        assert "the chain is unbroken" in verified
        assert "Warning" not in verified

        url = server_url(user=app, database=database)
        with psycopg.connect(url, autocommit=True) as app_connection:
            (events,) = app_connection.execute("SELECT count(*) FROM audit_auditevent").fetchone()
            assert events > 0
            for attack in ATTACKS:
                with (
                    pytest.raises(psycopg.errors.InsufficientPrivilege),
                    app_connection.transaction(),
                ):
                    app_connection.execute(attack)
            (after,) = app_connection.execute("SELECT count(*) FROM audit_auditevent").fetchone()
            assert after == events

        assert "the chain is unbroken" in str(as_app("audit", "verify", tmp_path=tmp_path))
        # The deploy check tells the owner apart from the application's role.
        check = ("check", "--deploy", "--database", "default", "--tag", "database")
        assert "audit.W002" not in str(as_app(*check, tmp_path=tmp_path))
        assert "audit.W002" in str(as_owner(*check, tmp_path=tmp_path))


def test_grants_are_printed_for_review_without_applying_them() -> None:
    out = io.StringIO()
    call_command("audit", "grant-app-role", "crimeplan_app", stdout=out)
    printed = out.getvalue()
    assert "REVOKE ALL ON TABLE public.audit_auditevent FROM crimeplan_app;" in printed
    assert "GRANT SELECT, INSERT ON TABLE public.audit_auditevent TO crimeplan_app;" in printed


def _waiting_for_the_chain_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = 0 AND objid = %s",
            [chain.POSTGRESQL_CHAIN_LOCK],
        )
        (waiting,) = cursor.fetchone()
    return waiting > 0


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_to_commit(live_db: None) -> None:
    """The second writer would otherwise read the same head as the first (whose event is
    not committed yet) and fork the chain."""
    first_written, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=None, action=AuditAction.VIEW, summary="first")
                first_written.set()
                first_may_commit.wait(timeout=120)
        finally:
            connection.close()

    def second() -> None:
        try:
            audit_record(actor=None, action=AuditAction.VIEW, summary="second")
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_written.wait(timeout=120)
    two = threading.Thread(target=second)
    two.start()
    # Until the second writer is queued behind the first, or (without the lock) done.
    deadline = time.monotonic() + 120
    while two.is_alive() and not _waiting_for_the_chain_lock() and time.monotonic() < deadline:
        time.sleep(0.01)
    first_may_commit.set()
    one.join()
    two.join()
    first_event, second_event = AuditEvent.objects.filter(summary__in=["first", "second"]).order_by(
        "id"
    )
    assert (first_event.summary, second_event.summary) == ("first", "second")
    assert second_event.previous_hash == first_event.hash
    assert integrity.chain_verify().intact


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_writers_leave_one_unbroken_chain(live_db: None) -> None:
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait(timeout=120)
            for i in range(15):
                with transaction.atomic():
                    audit_record(actor=None, action=AuditAction.VIEW, summary=f"{n}-{i}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = integrity.chain_verify()
    assert report.intact
    assert AuditEvent.objects.filter(summary__contains="-").count() == 60
    previous = list(AuditEvent.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous))  # no two events link to the same one
