"""`crimeplan load-demo`, as `make run` calls it: everything loads, and again changes nothing."""

import json

import pytest
from django.core.management import call_command

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Membership, User
from crimeplan.accounts.tests.factories import has_totp
from crimeplan.crime_data.models import CrimeCount, ImportRun, OffenceMeasure, RecordedCrime

pytestmark = pytest.mark.django_db


def test_load_demo_twice(reference: None, settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "admin@opcc.example" in first and "87,507 rows" in first
    credentials = json.loads((tmp_path / "demo-credentials.json").read_text())
    admin = User.objects.get(email="admin@opcc.example")
    assert admin.check_password(credentials["admin@opcc.example"]["password"])
    assert has_totp(admin)
    assert {m.role for m in Membership.objects.all()} == set(Role)
    counts = (
        CrimeCount.objects.count(),
        RecordedCrime.objects.count(),
        ImportRun.objects.count(),
        OffenceMeasure.objects.count(),
        User.objects.count(),
    )
    call_command("load_demo")
    again = capsys.readouterr().out
    assert "Crime data already imported." in again
    assert (
        CrimeCount.objects.count(),
        RecordedCrime.objects.count(),
        ImportRun.objects.count(),
        OffenceMeasure.objects.count(),
        User.objects.count(),
    ) == counts
    # The same credentials as the first time: nobody's sign-in changes.
    assert json.loads((tmp_path / "demo-credentials.json").read_text()) == credentials
