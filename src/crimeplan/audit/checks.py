"""System checks that say when the audit trail has lost its protection.

Database checks run with `crimeplan check --database default` (and before `migrate`); they
warn rather than fail, so that `migrate` can still run the migration that mends things.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core import checks
from django.db import connections

from . import integrity, triggers


@checks.register(checks.Tags.database)
def audit_triggers_present(
    app_configs: Sequence[Any] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    for alias in databases or ():
        missing = triggers.missing(connections[alias])
        if missing:
            messages.append(
                checks.Warning(
                    f"The audit trail's append-only triggers are missing or disabled in the "
                    f"{alias!r} database: {', '.join(missing)}.",
                    hint="Run `crimeplan audit protect`, then `crimeplan audit verify`.",
                    id="audit.W001",
                )
            )
    return messages


@checks.register(checks.Tags.database, deploy=True)
def audit_role_cannot_lift_triggers(
    app_configs: Sequence[Any] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"In the {alias!r} database, {problem}: it could lift the audit trail's triggers.",
            hint="Connect the application as a role that does not own the tables; see "
            "docs/how-to/deploy.md, Database roles.",
            id="audit.W002",
        )
        for alias in databases or ()
        for problem in integrity.role_problems(connections[alias])
    ]
