"""Modules register themselves: what each app's AppConfig declares reaches the site."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from crimeplan.accounts import checks as account_checks
from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.core import exports, plugins
from crimeplan.core.plugins import ModuleConfig
from crimeplan.jobs import scheduled_jobs


def test_every_crimeplan_app_but_core_is_a_module() -> None:
    labels = {config.label for config in plugins.modules()}
    expected = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("crimeplan.") and config.label != "core"
    }
    assert labels == expected
    assert all(isinstance(apps.get_app_config(label), ModuleConfig) for label in expected)


def test_navigation_entries_resolve_in_menu_order() -> None:
    entries = plugins.navigation_entries()
    assert [entry.order for entry in entries] == sorted(entry.order for entry in entries)
    assert len({entry.url_name for entry in entries}) == len(entries)
    for entry in entries:
        assert reverse(entry.url_name).startswith("/")
    assert entries[0].label == "Home"


def test_every_module_with_pages_is_mounted_and_every_router_added(client) -> None:
    mounted = {label for label, _prefix, _urls in plugins.url_mounts()}
    assert {"accounts", "audit", "geography", "crime_data", "site"} <= mounted
    schema = client.get("/api/v1/openapi.json").json()
    for prefix, _router in plugins.api_routers():
        assert any(path.startswith(f"/api/v1{prefix.rstrip('/')}/") for path in schema["paths"]), (
            prefix
        )


def test_scheduled_jobs_come_from_the_modules() -> None:
    commands = [job.command for job in scheduled_jobs()]
    declared = [job.command for config in plugins.modules() for job in config.scheduled_jobs]
    assert commands == declared
    assert "crimeplan delivery send-reminders" in commands
    assert "crimeplan retention apply" in commands


def test_role_sets_are_read_from_each_modules_permissions() -> None:
    sets = plugins.role_sets()
    assert sets, "no module declares its permissions module"
    for label, named in sets.items():
        assert named, f"{label}.permissions declares no role set"
    assert account_checks.check_role_sets() == []


def test_a_role_set_naming_an_unknown_role_fails_the_check(monkeypatch) -> None:
    monkeypatch.setattr(
        account_checks, "role_sets", lambda: {"demo": {"READERS": frozenset({"no_such_role"})}}
    )
    [error] = account_checks.check_role_sets()
    assert error.id == "accounts.E001"
    assert "demo.permissions.READERS" in error.msg and "no_such_role" in error.msg


@pytest.mark.django_db
def test_a_download_refuses_without_an_audit_recorder(monkeypatch) -> None:
    request = RequestFactory().get("/x.csv")
    request.user = UserFactory()
    monkeypatch.setattr(exports, "_export_recorder", None)
    with pytest.raises(ImproperlyConfigured, match=r"crimeplan\.audit must be installed"):
        exports.download_response(
            request=request, content="a\n", file_format="csv", filename="x", subject="x"
        )
