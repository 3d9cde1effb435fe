"""The permission matrix's vocabulary, shared by every app's `tests/permission_rows.py`.

Each app lists its pages in `ROWS` there (a list of `Row`); `test_permission_matrix` gathers
them, so that an app adds its rows without editing the core table. An app whose URL namespace
is in `namespaces()` must give every named URL a row.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role

from .world import World

PUBLIC = "public"
ALL_ROLES = frozenset(Role)
OPCC = frozenset(OPCC_STAFF_ROLES)
ADMIN = frozenset({Role.OPCC_ADMIN})
ANALYSTS = frozenset({Role.OPCC_ADMIN, Role.OPCC_ANALYST})
OWN_CSP = OPCC | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
CORE_NAMESPACES = {"site", "accounts", "audit", "geography", "crime_data", "api"}


@dataclass(frozen=True)
class Row:
    url_name: str
    allowed: frozenset[str] | str
    kwargs: Callable[[World], dict[str, object]] = lambda world: {}
    method: str = "get"
    ok_status: int = 200
    label: str = ""
    # What a POST sends, where the view needs more than the request itself.
    data: dict[str, str] | None = None


def _row_modules() -> list[tuple[str, object]]:
    """(app label, module) for every crimeplan app with a `tests.permission_rows` module."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("crimeplan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_rows")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.permission_rows" and error.name != (
                f"{config.name}.tests"
            ):
                raise
            continue
        found.append((config.label, module))
    return found


def app_rows() -> tuple[list[Row], set[str]]:
    """Rows from every crimeplan app with a `tests.permission_rows` module, and their
    namespaces (the app's label, which is also its URL namespace)."""
    rows: list[Row] = []
    namespaces: set[str] = set()
    for label, module in _row_modules():
        rows.extend(module.ROWS)  # type: ignore[attr-defined]
        namespaces.add(label)
    return rows, namespaces


def app_declarations(name: str) -> dict[str, Any]:
    """What apps add to a shared test table from their `tests/permission_rows.py`: the dict
    named `name` there (`QUERY_PARAMETERS` for the query crawl, `DOWNLOAD_PLANTS` for the
    downloads test), merged; a module adds its entries without editing core's tests."""
    merged: dict[str, Any] = {}
    for _label, module in _row_modules():
        merged.update(getattr(module, name, {}))
    return merged
