"""System check: every module's named role sets (declared in its permissions module, found through
crimeplan.core.plugins) hold only roles this installation knows."""

from typing import Any

from django.core import checks

from crimeplan.core.plugins import role_sets

from .constants import Role


@checks.register()
def check_role_sets(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    known = set(Role)
    errors: list[checks.CheckMessage] = []
    for label, sets in role_sets().items():
        for name, roles in sets.items():
            unknown = sorted(str(role) for role in roles if role not in known)
            if unknown:
                errors.append(
                    checks.Error(
                        f"{label}.permissions.{name} names roles that do not exist: "
                        f"{', '.join(unknown)}.",
                        id="accounts.E001",
                    )
                )
    return errors
