"""The commissioning demo: the plan fixture's funding plus a fictional local round, once."""

import pytest
from django.core import mail

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning import demo, selectors
from crimeplan.commissioning.models import Application, Award, Bid, Score
from crimeplan.delivery.tests.factories import plan_from_fixture

pytestmark = pytest.mark.django_db


def test_demo_loads_once(reference, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(kind="opcc", name="Demo OPCC")
    plan = plan_from_fixture()  # the delivery demo loads the plan before commissioning's
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.load()
    assert mail.outbox == []  # fictional applicants are not e-mailed their decisions
    assert lines[0] == "National funding from the plan fixture: 5 rounds, 8 bids."
    counts = (
        Bid.objects.count(),
        Application.objects.count(),
        Score.objects.count(),
        Award.objects.count(),
    )
    assert counts == (8, 3, 18, 2)
    assert all(a.is_demo and "(fictional)" in a.recipient.name for a in Award.objects.all())
    linked = {a.title: (a.priority.plan, a.priority.code) for a in Award.objects.all()}
    assert set(linked.values()) == {(plan, "TCC"), (plan, "CSC")}
    local = [r for r in selectors.summary() if r["fund"] == demo.LOCAL_FUND]
    assert local[0]["bids_or_applications"] == 3
    assert local[0]["amount_awarded_pence"] == 4_800_00 + 3_000_00
    assert demo.load() == ["Commissioning demo already loaded."]
    assert (Bid.objects.count(), Application.objects.count(), Award.objects.count()) == (8, 3, 2)
