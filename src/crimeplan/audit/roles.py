"""The PostgreSQL grants that give the application's own database role only what it needs.

The tables belong to a separate migration role (the one that runs `crimeplan migrate`);
only the owner of a table can disable, drop or alter its triggers, so an application role
that is not the owner, and holds INSERT and SELECT alone on the audit table, cannot rewrite
the audit trail however it is compromised. `crimeplan audit grant-app-role ROLE` prints
these statements; run as the owner after every migrate, `--apply` runs them.
"""

import re

from django.db.backends.base.base import BaseDatabaseWrapper

from . import triggers

# Unquoted PostgreSQL identifiers only: the role name goes into SQL as an identifier.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


class RoleNameInvalid(ValueError):
    pass


def app_role_grants(*, role: str, schema: str = "public") -> list[str]:
    """The statements, in order; later REVOKEs narrow what the broad GRANTs gave."""
    if not ROLE_NAME.match(role):
        raise RoleNameInvalid(
            f"{role!r} is not a plain PostgreSQL role name (lower-case letters, digits and _)."
        )
    if not ROLE_NAME.match(schema):
        raise RoleNameInvalid(f"{schema!r} is not a plain PostgreSQL schema name.")
    return [
        # Nobody but the owner creates tables (PostgreSQL 15 and later do this already).
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        # Tables whose ids come from a serial column need the sequence; identity columns
        # (every Django table since 4.1) do not.
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON TABLE {schema}.{triggers.TABLE} FROM {role}",
        f"GRANT SELECT, INSERT ON TABLE {schema}.{triggers.TABLE} TO {role}",
        # Which migrations have run is the owner's record.
        f"REVOKE ALL ON TABLE {schema}.django_migrations FROM {role}",
        f"GRANT SELECT ON TABLE {schema}.django_migrations TO {role}",
    ]


def app_role_grant(*, connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Runs the grants in one transaction, connected as the tables' owner; returns them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        statements = app_role_grants(role=role, schema=schema)
        for statement in statements:
            cursor.execute(statement)
    return statements
