"""Fixtures shared by every app's tests."""

from pathlib import Path

import pytest
from django.conf import settings

from crimeplan.geography import loader
from crimeplan.geography.models import Force


def load_reference_once() -> None:
    if not Force.objects.exists():
        loader.run(shared_data=Path(settings.CRIMEPLAN_SHARED_DATA), force_id="gloucestershire")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The real reference geography, loaded once into the test database."""
    with django_db_blocker.unblock():
        load_reference_once()


@pytest.fixture
def reference(db):  # type: ignore[no-untyped-def]
    """Reference data for a test; reloaded after a transactional test has flushed it."""
    load_reference_once()


@pytest.fixture
def live_db(transactional_db):  # type: ignore[no-untyped-def]
    """For tests against a live server: real commits, with the reference data loaded.

    The flush that empties the database after such a test would be refused by the audit
    trail's append-only triggers, so they are lifted for it and restored before each test.
    """
    from django.db import connection

    from crimeplan.audit import triggers

    triggers.install(connection)
    load_reference_once()
    yield
    triggers.remove(connection)


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Each test writes bulk data (Parquet, downloads) to its own folder, never var/."""
    settings.CRIMEPLAN_DATA_DIR = tmp_path_factory.mktemp("data")
