"""`crimeplan load-demo`, as `make run` calls it: everything loads, and again changes nothing."""

import json

import pytest
from django.core.management import call_command

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Membership, User
from crimeplan.accounts.tests.factories import has_totp
from crimeplan.core import findings
from crimeplan.core.findings import Finding
from crimeplan.crime_data.models import CrimeCount, ImportRun, OffenceMeasure, RecordedCrime
from crimeplan.recommendations.models import Recommendation

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
    # Every module that declares findings holds some in the demo, each a whole finding, and the
    # tracker holds exactly them (announced as the demo made them, not only by the sync).
    held: set[tuple[str, str]] = set()
    for label, function in findings.sources():
        found = list(function())
        assert found, f"{label} declares findings but its demo holds none"
        for finding in found:
            assert isinstance(finding, Finding), label
            assert finding.source and finding.key and finding.title and finding.url, label
            if not finding.withdrawn:
                held.add((finding.source, finding.key))
    tracked = set(Recommendation.objects.exclude(source_key="").values_list("source", "source_key"))
    assert tracked == held
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
