"""The delivery demo: the real plan and performance table, fictional actions marked as such,
and loading it again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.delivery import demo
from crimeplan.delivery.models import Action, Milestone, Plan, ProgressUpdate
from crimeplan.performance.models import PrintedTable

pytestmark = pytest.mark.django_db


def test_demo_loads_once(reference: None, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    accounts_demo.load()
    lines = demo.load()
    assert any("gloucestershire-2021-25: 6 priorities and 5 funding rows" in line for line in lines)
    plan = Plan.objects.get(slug="gloucestershire-2021-25")
    actions = Action.objects.filter(commitment__priority__plan=plan)
    assert actions.count() == len(demo.FICTIONAL_ACTIONS)
    assert all(a.is_fictional and "Fictional" in a.description for a in actions)
    assert all("(fictional)" in m.title for m in Milestone.objects.all())
    assert all(u.summary.startswith("Fictional") for u in ProgressUpdate.objects.all())
    counts = (actions.count(), Milestone.objects.count(), ProgressUpdate.objects.count())
    assert demo.load() == ["Delivery plan already loaded."]
    assert (actions.count(), Milestone.objects.count(), ProgressUpdate.objects.count()) == counts
    assert PrintedTable.objects.count() == 1
