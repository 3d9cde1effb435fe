"""The grants for PostgreSQL's application role: the documented SQL is the SQL the command
runs, a role name cannot smuggle SQL in, and SQLite is told it has no roles."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from crimeplan.audit import roles


def test_the_deploy_guide_shows_the_statements_the_command_runs() -> None:
    guide = (settings.PROJECT_DIR / "docs" / "how-to" / "deploy.md").read_text()
    for statement in roles.app_role_grants(role="crimeplan_app"):
        assert f"{statement};\n" in guide


@pytest.mark.parametrize(
    "name", ["app; DROP TABLE audit_auditevent", 'app" TO PUBLIC', "App", "", "1app", "a" * 64]
)
def test_a_role_name_is_a_plain_identifier(name: str) -> None:
    with pytest.raises(roles.RoleNameInvalid):
        roles.app_role_grants(role=name)


def test_the_command_refuses_a_bad_role_name_clearly() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the command stops earlier: no roles at all")
    with pytest.raises(CommandError, match="is not a plain PostgreSQL role name"):
        call_command("audit", "grant-app-role", "app; select 1", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite has no roles")
def test_sqlite_is_told_it_has_no_roles() -> None:
    with pytest.raises(CommandError, match="sqlite has no database roles"):
        call_command("audit", "grant-app-role", "crimeplan_app", stdout=io.StringIO())
