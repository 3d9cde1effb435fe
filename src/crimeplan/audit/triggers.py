"""Database triggers that keep the audit trail append-only, whatever the client.

They refuse UPDATE, DELETE and TRUNCATE, and on SQLite an INSERT that would replace an
existing event (`INSERT OR REPLACE`, `REPLACE INTO`: SQLite deletes the old row without
firing delete triggers). Installed by migrations 0002 and 0004; a migration may remove them
only when CRIMEPLAN_ALLOW_AUDIT_UNPROTECT=1 says it is meant (`unprotect`). Test runs that
flush the database between tests (transactional tests) lift them for the flush and put them
back before the next test.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

INSTALL = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
        """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
        # A BEFORE INSERT trigger runs before SQLite resolves a conflict, so it sees the
        # event a REPLACE would delete. An insert without an id never matches.
        """CREATE TRIGGER IF NOT EXISTS audit_event_no_replace BEFORE INSERT ON audit_auditevent
           WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;""",
        "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent;",
        """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
        "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
        """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();""",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update;",
        "DROP TRIGGER IF EXISTS audit_event_no_delete;",
        "DROP TRIGGER IF EXISTS audit_event_no_replace;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent;",
        "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
    ],
}


class AuditUnprotectRefused(CommandError):
    """A CommandError, so that `crimeplan migrate` prints the reason, not a traceback."""


NAMES = {
    "sqlite": ("audit_event_no_update", "audit_event_no_delete", "audit_event_no_replace"),
    "postgresql": ("audit_event_no_change", "audit_event_no_truncate"),
}
UNPROTECT_REFUSED = (
    "This would remove what keeps the audit trail append-only (its triggers or its hash "
    "chain). Nothing was changed. If you mean it, run the command again with "
    "CRIMEPLAN_ALLOW_AUDIT_UNPROTECT=1 in the environment; see docs/adr/0002-append-only-audit.md."
)


def _execute(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, INSTALL)


def remove(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, REMOVE)


def unprotect_allowed() -> bool:
    return bool(settings.CRIMEPLAN_ALLOW_AUDIT_UNPROTECT)


def refuse_unless_unprotect_allowed() -> None:
    """For a migration's reverse: migrating back must never drop the protection silently."""
    if not unprotect_allowed():
        raise AuditUnprotectRefused(UNPROTECT_REFUSED)


def _enabled_triggers(connection: BaseDatabaseWrapper) -> set[str] | None:
    """The names of the audit table's triggers that fire; None when the table does not exist."""
    if TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            # 'D' is disabled, 'R' fires only for replication sessions: neither protects.
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND NOT tgisinternal AND tgenabled IN ('O', 'A')",
                [TABLE],
            )
        return {name for (name,) in cursor.fetchall()}


def missing(connection: BaseDatabaseWrapper) -> list[str]:
    """The protecting triggers that are missing or disabled (empty before the table exists,
    and on databases crimeplan has no triggers for)."""
    expected = NAMES.get(connection.vendor, ())
    if not expected:
        return []
    enabled = _enabled_triggers(connection)
    if enabled is None:
        return []
    return [name for name in expected if name not in enabled]
