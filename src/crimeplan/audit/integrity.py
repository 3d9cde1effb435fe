"""Whether the audit trail is intact: its hash chain walked end to end, its triggers present,
and (on PostgreSQL) whether the connected role could lift them. `crimeplan audit verify`
and the system checks report what these find."""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from . import chain, triggers
from .models import AuditEvent

# Privileges on the audit table that would let a role rewrite or empty it, or add a
# trigger of its own.
DANGEROUS_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    at: datetime.datetime
    problem: str


@dataclass(frozen=True)
class ChainReport:
    verified: int  # events found intact before the first broken link (all, if none)
    head_id: int | None
    head_hash: str
    broken: BrokenLink | None
    # Whether a head hash recorded earlier is still in the chain; None when none was given.
    expected_head_found: bool | None
    missing_triggers: list[str]

    @property
    def intact(self) -> bool:
        return (
            self.broken is None
            and self.expected_head_found is not False
            and not self.missing_triggers
        )


def _short(value: str) -> str:
    return value[:16] or "nothing"


def _link_problem(previous_hash: str, before_id: int | None, before_hash: str) -> str | None:
    if previous_hash == before_hash:
        return None
    if before_id is None:
        return (
            f"it is the first event but is linked to {_short(previous_hash)}: "
            "events before it were removed"
        )
    return (
        f"it is linked to {_short(previous_hash)}, but the event before it (id {before_id}) "
        f"has the hash {_short(before_hash)}: an event was removed, inserted or moved "
        "between them, or the one before was changed and given a new hash"
    )


def _content_problem(values: dict[str, object]) -> str | None:
    if not values["hash"]:
        return "it has no hash: it was written outside the application's chain"
    recomputed = chain.event_hash(values=values, previous_hash=str(values["previous_hash"]))
    if recomputed != values["hash"]:
        return "its fields do not match its hash: it was changed after it was written"
    return None


def chain_verify(*, using: str = "default", expect_head: str = "") -> ChainReport:
    """Walks every event in id order, streaming, and stops at the first broken link."""
    fields = ("id", "hash", "previous_hash", *chain.CHAINED_FIELDS)
    events = AuditEvent.objects.using(using).order_by("id").values(*fields)
    verified, head_id, head_hash = 0, None, ""
    found = False
    for values in events.iterator(chunk_size=2000):
        problem = _link_problem(str(values["previous_hash"]), head_id, head_hash)
        problem = problem or _content_problem(values)
        if problem is not None:
            broken = BrokenLink(event_id=values["id"], at=values["at"], problem=problem)
            return _report(using, verified, head_id, head_hash, broken, expect_head, found)
        verified += 1
        head_id, head_hash = values["id"], str(values["hash"])
        found = found or head_hash == expect_head
    return _report(using, verified, head_id, head_hash, None, expect_head, found)


def _report(
    using: str,
    verified: int,
    head_id: int | None,
    head_hash: str,
    broken: BrokenLink | None,
    expect_head: str,
    found: bool,
) -> ChainReport:
    return ChainReport(
        verified=verified,
        head_id=head_id,
        head_hash=head_hash,
        broken=broken,
        expected_head_found=found if expect_head else None,
        missing_triggers=triggers.missing(connections[using]),
    )


def role_problems(connection: BaseDatabaseWrapper) -> list[str]:
    """What the connected PostgreSQL role could do to the audit trail that the application's
    own role must not be able to (see docs/how-to/deploy.md, "Database roles")."""
    if connection.vendor != "postgresql":
        return []
    if triggers.TABLE not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, r.rolsuper, pg_get_userbyid(c.relowner), "
            "pg_has_role(current_user, c.relowner, 'USAGE') "
            "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = %s::regclass",
            [triggers.TABLE],
        )
        role, superuser, owner, acts_as_owner = cursor.fetchone()
        cursor.execute(
            "SELECT privilege FROM unnest(%s::text[]) AS privilege "
            "WHERE has_table_privilege(current_user, %s, privilege)",
            [list(DANGEROUS_PRIVILEGES), triggers.TABLE],
        )
        granted = [privilege for (privilege,) in cursor.fetchall()]
    problems = []
    if superuser:
        problems.append(f"the database role {role} is a superuser")
    if acts_as_owner:
        problems.append(f"the database role {role} owns the audit table (or acts as {owner})")
    if granted:
        problems.append(f"the database role {role} may {', '.join(granted)} the audit table")
    return problems
