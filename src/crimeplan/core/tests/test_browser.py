"""End to end in headless Chromium: every shell page passes axe (WCAG 2.2 AA) with zero
violations and breaks no rule of the Content-Security-Policy, and sign-in with an
authenticator works with and without JavaScript."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from playwright.sync_api import expect, sync_playwright

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import PASSWORD
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data import policeuk

from .browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, sign_in, watch_csp
from .test_permission_matrix import PUBLIC, TABLE, Row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STREET_DIR = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"
GLOS_JAN = STREET_DIR / "2024-01" / "2024-01-gloucestershire-street.csv"
GLOS_MAR = STREET_DIR / "2024-03" / "2024-03-gloucestershire-street.csv"
PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/forces/",
    "/forces/gloucestershire/",
    "/forces/gwent/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/voice/report-an-unsafe-place/",
    "/no-such-page/",
]


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    # Playwright's sync API keeps an event loop running in this thread, which Django takes
    # for async code; the tests' own database calls are synchronous, so this is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def test_public_pages_pass_axe(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page()
    csp_violations = watch_csp(page)
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
    assert csp_violations == []


def test_script_pages_run_under_the_policy(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    """The API docs (Swagger UI, from this site) render, and the unsafe-place form's map
    works, with the Content-Security-Policy on and nothing refused."""
    page = chromium.new_page()
    csp_violations = watch_csp(page)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_role("heading", name=re.compile("crimeplan API"))).to_be_visible()
    expect(page.get_by_text("/api/v1/forces", exact=True).first).to_be_visible()
    page.goto(f"{live_server.url}/voice/report-an-unsafe-place/")
    page.locator("[data-voice-map] svg").click()
    expect(page.get_by_text("Place chosen on the map")).to_be_visible()
    assert csp_violations == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sign_in_with_authenticator(chromium, live_server, world: World, javascript: bool) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    admin = world.people[Role.OPCC_ADMIN]
    sign_in(page, live_server.url, admin.email, admin.totp_secret)
    assert page.url == f"{live_server.url}/home/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    context.close()


def _is_html_page(row: Row) -> bool:
    """GET pages that answer HTML: not the API, downloads or the health check."""
    downloads = ("export", "download", "rejected_rows", "healthz")
    return (
        row.method == "get"
        and row.ok_status == 200
        and not row.url_name.startswith("api:")
        and not any(word in row.url_name for word in downloads)
    )


def test_staff_pages_pass_axe(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    run = policeuk.run(paths=[GLOS_JAN, GLOS_MAR])
    page = chromium.new_page()
    csp_violations = watch_csp(page)
    admin = world.people[Role.OPCC_ADMIN]
    sign_in(page, live_server.url, admin.email, admin.totp_secret)
    # Every HTML page of the permission matrix an administrator may open, so that a new
    # page is checked as soon as it has its row there; then pages the table cannot reach.
    paths = [
        reverse(row.url_name, kwargs=row.kwargs(world))
        for row in TABLE
        if _is_html_page(row) and (row.allowed == PUBLIC or Role.OPCC_ADMIN in row.allowed)
    ]
    # A file (a view marked as a download), whatever its name, is not a page.
    paths = [path for path in paths if not hasattr(resolve(path).func, "download_formats")]
    paths += [
        "/accounts/2fa/",
        "/accounts/password/change/",
        "/crime-data/forces/gloucestershire/?by=month,district",
        f"/crime-data/imports/{run.pk}/",
    ]
    assert len(paths) > 20
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert page.url.endswith(path), (path, page.url)
        assert axe_violations(page) == [], path
    # A form with errors: the error summary and the inline errors pass too.
    page.goto(f"{live_server.url}/organisations/{world.csp_own.pk}/members/add/")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    # Forbidden page, as a partner sees it.
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    viewer = world.people[Role.PARTNER_VIEWER]
    sign_in(page, live_server.url, viewer.email, viewer.totp_secret)
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    assert axe_violations(page) == []
    assert csp_violations == []


def test_authenticator_set_up_pages_pass_axe(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.tests.factories import member

    user = member(Role.OPCC_POLICY, world.opcc, totp=False)
    page = chromium.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/organisations/")
    assert "/accounts/reauthenticate/" in page.url
    assert axe_violations(page) == []
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda url: "/accounts/2fa/totp/activate/" in url)
    assert axe_violations(page) == []
