"""The shell: layout, navigation by role, error pages, health, production settings."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def test_generic_header_names_the_opcc_and_has_no_crown(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get(reverse("site:start")).content.decode()
    assert "govuk-generic-header" in body
    assert "Office of the Police and Crime Commissioner for Gloucestershire" in body
    assert "govuk-logo" not in body and "GOV.UK" not in body


@override_settings(CRIMEPLAN_OPCC_NAME="Office of the Police and Crime Commissioner for Wiltshire")
def test_opcc_name_is_configuration(client) -> None:  # type: ignore[no-untyped-def]
    assert "Commissioner for Wiltshire" in client.get(reverse("site:start")).content.decode()


def _nav_labels(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["label"] for item in response.context["service_navigation"]]


def test_navigation_shows_only_what_the_viewer_may_use(client, world: World) -> None:
    assert _nav_labels(client.get(reverse("site:start"))) == ["Forces and areas"]
    client.force_login(world.people[Role.PARTNER_VIEWER])
    partner_labels = _nav_labels(client.get(reverse("site:staff_home")))
    # Each module adds its own entries; the shell's own come in this order, and the OPCC's
    # administrative pages never show to a partner.
    shell = ["Home", "Crime data", "Organisations", "Forces and areas"]
    assert [label for label in partner_labels if label in shell] == shell
    assert "Audit log" not in partner_labels and "Imports" not in partner_labels
    client.force_login(world.people[Role.OPCC_ADMIN])
    admin_labels = _nav_labels(client.get(reverse("site:staff_home")))
    assert "Audit log" in admin_labels and "Imports" in admin_labels


def test_healthz_reports_the_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_404_and_403_pages_are_govuk_pages(client, world: World) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    client.force_login(world.people[Role.PANEL_MEMBER])
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 403 and "You cannot see this page" in response.content.decode()


def test_500_page_renders_without_a_request_context() -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def _crimeplan(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "crimeplan.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_its_settings() -> None:
    result = _crimeplan(["check"], {"CRIMEPLAN_ENV": "production"})
    assert result.returncode != 0
    assert (
        "needs these environment variables: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL"
        in result.stderr
    )


def test_production_passes_the_deployment_checks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "CRIMEPLAN_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-the-check-only",
        "ALLOWED_HOSTS": "crimeplan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = _crimeplan(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_e_mail_links_use_the_sites_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Scheduled jobs have no request: their links use CRIMEPLAN_BASE_URL, else the first
    allowed host over HTTPS, never localhost."""
    env = {
        "CRIMEPLAN_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "crimeplan.example.org,www.crimeplan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    show = ["shell", "-c", "from django.conf import settings; print(settings.CRIMEPLAN_BASE_URL)"]
    assert _crimeplan(show, env).stdout.split()[-1] == "https://crimeplan.example.org"
    given = env | {"CRIMEPLAN_BASE_URL": "https://opcc.example.org/plan"}
    assert _crimeplan(show, given).stdout.split()[-1] == "https://opcc.example.org/plan"


def test_hyphenated_commands_reach_django_commands() -> None:
    result = _crimeplan(["load-reference", "--help"], {"CRIMEPLAN_ENV": "test"})
    assert result.returncode == 0
    assert "reference geography" in result.stdout


def test_demo_commands_refuse_to_run_in_production(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "CRIMEPLAN_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "crimeplan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    for command in (["load-demo"], ["demo-totp", "admin@opcc.example"]):
        result = _crimeplan(command, env)
        assert result.returncode != 0
        assert "demonstration" in result.stderr


def test_every_response_says_its_server_time(client) -> None:  # type: ignore[no-untyped-def]
    timing = client.get("/healthz")["Server-Timing"]
    assert timing.startswith("app;dur=")
    assert float(timing.removeprefix("app;dur=")) >= 0
