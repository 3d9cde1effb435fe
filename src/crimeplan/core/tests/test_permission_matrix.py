"""Every role by every page and API endpoint → allowed or refused, from one table.

The core apps' rows are here; every other app lists its own in `tests/permission_rows.py`
(see `matrix.py`). A page or endpoint added without a row fails `test_every_page_has_a_row`.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from crimeplan.accounts.constants import Role
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun

from .matrix import (
    ADMIN,
    ALL_ROLES,
    ANALYSTS,
    CORE_NAMESPACES,
    OPCC,
    OWN_CSP,
    PUBLIC,
    Row,
    app_rows,
)
from .world import World, build_world

CORE_TABLE: list[Row] = [
    Row("site:start", PUBLIC),
    Row("site:accessibility", PUBLIC),
    Row("site:privacy", PUBLIC),
    Row("site:cookies", PUBLIC),
    Row("site:open_data", PUBLIC),
    Row("site:open_data_feed", PUBLIC),
    Row("site:open_data_schema", PUBLIC),
    Row("site:healthz", PUBLIC),
    Row("site:language", PUBLIC, lambda w: {"code": "en-gb"}, ok_status=302),
    Row("site:staff_home", ALL_ROLES),
    Row("accounts:organisation_list", ALL_ROLES),
    Row("accounts:organisation_create", ADMIN),
    Row("accounts:organisation_detail", OWN_CSP, lambda w: {"pk": w.csp_own.pk}, label="own"),
    Row("accounts:organisation_detail", OPCC, lambda w: {"pk": w.csp_other.pk}, label="other"),
    Row(
        "accounts:organisation_edit",
        {Role.OPCC_ADMIN, Role.PARTNER_EDITOR},
        lambda w: {"pk": w.csp_own.pk},
        label="own",
    ),
    Row("accounts:organisation_edit", ADMIN, lambda w: {"pk": w.csp_other.pk}, label="other"),
    # The list of members, e-mails included, is for those who manage an organisation's
    # people: never for volunteers and grant assessors, though they belong to the OPCC.
    Row(
        "accounts:organisation_members_export",
        {Role.OPCC_ADMIN, Role.PARTNER_EDITOR},
        lambda w: {"pk": w.csp_own.pk},
        label="own",
    ),
    Row(
        "accounts:organisation_members_export",
        ADMIN,
        lambda w: {"pk": w.csp_other.pk},
        label="other",
    ),
    Row("accounts:organisation_members_export", ADMIN, lambda w: {"pk": w.opcc.pk}, label="opcc"),
    Row(
        "accounts:organisation_archive",
        ADMIN,
        lambda w: {"pk": w.csp_other.pk},
        method="post",
        ok_status=302,
    ),
    Row("accounts:membership_add", ADMIN, lambda w: {"pk": w.csp_own.pk}),
    Row("accounts:membership_change", ADMIN, lambda w: {"pk": w.other_membership.pk}),
    Row(
        "accounts:membership_end",
        ADMIN,
        lambda w: {"pk": w.other_membership.pk},
        method="post",
        ok_status=302,
    ),
    Row("audit:event_list", ADMIN),
    Row("audit:event_export", ADMIN),
    Row("geography:force_list", PUBLIC),
    Row("geography:force_detail", PUBLIC, lambda w: {"police_uk_id": "gloucestershire"}),
    Row("geography:population_add", ANALYSTS, lambda w: {"police_uk_id": "gwent"}),
    Row("geography:comparison_group_edit", ANALYSTS, lambda w: {"police_uk_id": "gloucestershire"}),
    # django-ninja names its root only for reverse(); nothing is served there.
    Row("crime_data:summary", ALL_ROLES),
    Row("crime_data:force_summary", ALL_ROLES, lambda w: {"police_uk_id": "gloucestershire"}),
    Row("crime_data:quality", ALL_ROLES, lambda w: {"police_uk_id": "gloucestershire"}),
    Row("crime_data:import_list", ANALYSTS),
    Row("crime_data:upload", ANALYSTS),
    Row("crime_data:import_detail", ANALYSTS, lambda w: {"pk": _import_run().pk}),
    Row(
        "crime_data:import_rejected_rows", ANALYSTS, lambda w: {"pk": _import_run(rejected=True).pk}
    ),
    Row("api:api-root", PUBLIC, ok_status=404),
    Row("api:list_forces", PUBLIC),
    Row("api:get_force", PUBLIC, lambda w: {"police_uk_id": "wiltshire"}),
    Row("api:list_organisations", ALL_ROLES),
    Row("api:openapi-json", PUBLIC),
    Row("api:openapi-view", PUBLIC),
]
_APP_ROWS, _APP_NAMESPACES = app_rows()
TABLE: list[Row] = CORE_TABLE + _APP_ROWS
APPS = CORE_NAMESPACES | _APP_NAMESPACES
VIEWERS = ["anonymous", *sorted(Role)]


def _import_run(*, rejected: bool = False) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.POLICE_UK, status=ImportStatus.SUCCEEDED)
    if rejected:
        path = Path(settings.CRIMEPLAN_DATA_DIR) / "rejected.csv"
        path.write_text("file,line,field,reason,values\n")
        run.rejected_rows_file = str(path)
        run.save()
    return run


def _named_patterns(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names |= _named_patterns(pattern, inner or "")
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in APPS:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_page_has_a_row() -> None:
    assert _named_patterns(get_resolver()) == {row.url_name for row in TABLE}


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(
    "row", TABLE, ids=lambda row: f"{row.url_name}[{row.label}]" if row.label else row.url_name
)
def test_access(client, world: World, row: Row, viewer: str) -> None:  # type: ignore[no-untyped-def]
    if viewer != "anonymous":
        client.force_login(world.people[viewer])
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    response = (
        getattr(client, row.method)(url, row.data) if row.data else getattr(client, row.method)(url)
    )
    allowed = row.allowed == PUBLIC or viewer in row.allowed
    if allowed:
        assert response.status_code == row.ok_status, (url, viewer, response.status_code)
        # A file goes out only through core.exports (formulas neutralised, audited), whose
        # mark lets test_downloads find it.
        if response.has_header("Content-Disposition"):
            assert hasattr(resolve(url).func, "download_formats"), url
    elif viewer == "anonymous":
        if row.url_name.startswith("api:"):
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code in {403, 404}, (url, viewer, response.status_code)
