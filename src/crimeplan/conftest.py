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
