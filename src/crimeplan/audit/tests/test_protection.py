"""The database itself refuses every way its SQL offers to rewrite an audit event, and a
migration cannot take that protection away unless told to in so many words."""

from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from crimeplan.audit import triggers
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import audit_record

from .scratch import crimeplan, database_url

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statements")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own statements"
)

COLUMNS = "id, at, actor_label, action, object_type, object_id, object_label, summary, path"
FORGED = "%s, '2025-01-01 00:00:00', 'x', 'view', '', '', '', 'rewritten', ''"


@pytest.fixture
def event(db: None) -> AuditEvent:
    return audit_record(actor=None, action=AuditAction.CHANGE, summary="as it happened")


def _refused(statement: str, params: list[object]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.summary, stored.hash) == ("as it happened", event.hash)


@sqlite_only
@pytest.mark.parametrize(
    "statement",
    [
        f"INSERT OR REPLACE INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED})",
        f"REPLACE INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED})",
        f"INSERT OR REPLACE INTO audit_auditevent ({COLUMNS}) SELECT {FORGED}",
        f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED}) "
        "ON CONFLICT (id) DO UPDATE SET summary = excluded.summary",
        f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED}) "
        "ON CONFLICT DO UPDATE SET summary = 'rewritten'",
        "UPDATE OR REPLACE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
        "UPDATE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
        "UPDATE audit_auditevent SET summary = 'rewritten' FROM (SELECT 1) WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s RETURNING id",
    ],
)
def test_sqlite_refuses_every_rewrite(event: AuditEvent, statement: str) -> None:
    _refused(statement, [event.pk])
    _unchanged(event)


@sqlite_only
def test_sqlite_refuses_replace_even_with_recursive_triggers_on(event: AuditEvent) -> None:
    """With recursive_triggers on, REPLACE fires delete triggers; with it off (the default)
    only the insert trigger stops it. Both ways it is refused."""
    for setting in ("ON", "OFF"):
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA recursive_triggers = {setting}")
        _refused(f"REPLACE INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED})", [event.pk])
    _unchanged(event)


@sqlite_only
def test_sqlite_still_appends_but_refuses_even_insert_or_ignore_of_an_existing_id(
    event: AuditEvent,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_auditevent ({COLUMNS}, changed, previous_hash, hash) "
            f"VALUES (NULL, '2025-01-01 00:00:00', 'x', 'view', '', '', '', 'new', '', "
            "'[]', '', '')"
        )
    assert AuditEvent.objects.filter(summary="new").exists()
    _refused(f"INSERT OR IGNORE INTO audit_auditevent ({COLUMNS}) VALUES ({FORGED})", [event.pk])
    _unchanged(event)


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        f"INSERT INTO audit_auditevent ({COLUMNS}, changed, previous_hash, hash) "
        f"VALUES ({FORGED}, '[]', '', '') "
        "ON CONFLICT (id) DO UPDATE SET summary = excluded.summary",
        "UPDATE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id "
        "WHEN MATCHED THEN UPDATE SET summary = 'rewritten'",
        "MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id "
        "WHEN MATCHED THEN DELETE",
        "TRUNCATE audit_auditevent",
    ],
)
def test_postgresql_refuses_every_rewrite(event: AuditEvent, statement: str) -> None:
    params = [event.pk] if "%s" in statement else []
    _refused(statement, params)
    _unchanged(event)


def test_migrating_back_cannot_drop_the_protection_unless_told_to(tmp_path: Path) -> None:
    """`migrate audit 0001` (or 0003, which would drop the chain) is refused with a reason
    and changes nothing; with CRIMEPLAN_ALLOW_AUDIT_UNPROTECT=1 it goes ahead, and the
    system check then says the triggers are gone."""
    with database_url(tmp_path) as url:
        migrated = crimeplan("migrate", "audit", "--no-input", url=url, tmp_path=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        for target in ("0001", "0003"):
            refused = crimeplan("migrate", "audit", target, url=url, tmp_path=tmp_path)
            assert refused.returncode == 1
            assert "would remove what keeps the audit trail append-only" in refused.stderr
            assert "CRIMEPLAN_ALLOW_AUDIT_UNPROTECT=1" in refused.stderr
            assert "Traceback" not in refused.stderr
        shown = crimeplan("showmigrations", "audit", url=url, tmp_path=tmp_path)
        assert "[X] 0004_hash_chain" in shown.stdout
        check = ("check", "--database", "default")
        assert "audit.W001" not in crimeplan(*check, url=url, tmp_path=tmp_path).stderr

        allowed = {"CRIMEPLAN_ALLOW_AUDIT_UNPROTECT": "1"}
        back = crimeplan("migrate", "audit", "0001", url=url, tmp_path=tmp_path, env=allowed)
        assert back.returncode == 0, back.stderr
        warned = crimeplan(*check, url=url, tmp_path=tmp_path)
        assert "audit.W001" in warned.stderr
        # Migrating forward again is never blocked by the warning, and puts them back.
        again = crimeplan("migrate", "audit", "--no-input", url=url, tmp_path=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "audit.W001" not in crimeplan(*check, url=url, tmp_path=tmp_path).stderr


@pytest.mark.django_db(transaction=True)
def test_going_back_to_0003_with_permission_keeps_the_triggers(live_db, settings) -> None:  # type: ignore[no-untyped-def]
    """Removing the chain's columns rebuilds the table on SQLite, which drops its
    triggers: the reverse of 0004 puts them back."""
    from django.db.migrations.executor import MigrationExecutor

    settings.CRIMEPLAN_ALLOW_AUDIT_UNPROTECT = True
    try:
        MigrationExecutor(connection).migrate([("audit", "0003_auditevent_changed")])
        assert triggers.missing(connection) == []
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert triggers.missing(connection) == []
