"""The demonstration loader: fictional, consistent with the rules, and idempotent, whatever
the day it is loaded on."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.scrutiny import demo, rota, selectors, services
from crimeplan.scrutiny.constants import Scheme
from crimeplan.scrutiny.models import Panel, PanelCase, Visit, Volunteer

pytestmark = pytest.mark.django_db

# Days whose arithmetic is easy to get wrong: month ends, the turn of the year, the financial
# year's boundary, a leap day and the day after it, both clock changes (the last Sundays of
# March and October), and the day the suite first failed.
LOAD_DAYS = [
    "2026-12-05T10:00:00+00:00",
    "2026-11-30T23:30:00+00:00",
    "2026-12-31T23:30:00+00:00",
    "2027-01-01T00:30:00+00:00",
    "2027-03-31T23:30:00+01:00",
    "2027-04-01T00:30:00+01:00",
    "2027-03-28T01:30:00+01:00",
    "2027-10-31T01:30:00+00:00",
    "2028-02-28T12:00:00+00:00",
    "2028-02-29T23:30:00+00:00",
    "2028-03-01T00:30:00+00:00",
    "2031-06-15T12:00:00+01:00",
]


def _people() -> tuple[object, object]:
    OrganisationFactory(kind=OrganisationKind.CONSTABULARY)
    user = member(
        Role.VOLUNTEER,
        OrganisationFactory(kind=OrganisationKind.OPCC),
        email=demo.DEMO_VOLUNTEER_EMAIL,
    )
    councillor = member(
        Role.PANEL_MEMBER,
        OrganisationFactory(kind=OrganisationKind.PANEL),
        email=demo.DEMO_PANEL_MEMBER_EMAILS[0],
    )
    return user, councillor


def _as_planned(visit: Visit) -> rota.PlannedVisit:
    return rota.PlannedVisit(
        visit.site_id,
        visit.scheduled_on,
        visit.time_of_day,
        (visit.first_visitor_id, visit.second_visitor_id),
    )


@pytest.mark.parametrize("now", LOAD_DAYS)
def test_demo_follows_the_rota_rules_whatever_the_day(time_machine, now: str) -> None:
    """No pair of either scheme visits together more than its limit in any year-long
    stretch, nobody has two visits in a day, past visits are filed and next month's
    are planned, on whichever day the demonstration is loaded."""
    time_machine.move_to(datetime.datetime.fromisoformat(now))
    _people()
    demo.load()
    today = timezone.localdate()
    visits = list(Visit.objects.select_related("site"))
    for scheme, limit in demo.PAIR_LIMITS.items():
        of_scheme = [_as_planned(v) for v in visits if v.site.scheme == scheme]
        assert of_scheme, scheme
        assert (
            rota.pairs_over_limit(
                of_scheme, max_pair_repeats=limit, window_days=services.PAIR_HISTORY_DAYS
            )
            == {}
        )
    per_day = Counter(
        (volunteer, v.scheduled_on)
        for v in visits
        for volunteer in (v.first_visitor_id, v.second_visitor_id)
    )
    assert max(per_day.values()) == 1
    # Every rota was filled: last financial year's 48 custody and 8 animal welfare visits,
    # all filed, and next month's 6 custody visits, planned.
    filed = [v for v in visits if v.status == "filed"]
    planned = [v for v in visits if v.status == "planned"]
    assert len(filed) == 48 + 8 and all(v.scheduled_on < today for v in filed)
    assert len(planned) == 6 and all(v.scheduled_on >= today for v in planned)
    assert {v.site.scheme for v in planned} == {Scheme.CUSTODY}


def test_demo_loads_once_and_follows_the_rules() -> None:
    user, councillor = _people()
    lines = demo.load()
    assert "fictional" in lines[0]
    assert all("(fictional)" in v.full_name for v in Volunteer.objects.all())
    assert Volunteer.objects.get(reference="ICV-001").user == user
    counts = (Visit.objects.count(), PanelCase.objects.count(), Panel.objects.count())
    assert counts[0] > 50 and counts[2] == 3
    # The demonstration panel member serves on every panel and sees its cases.
    assert selectors.panel_list(viewer=viewer_for(councillor)).count() == 3
    assert Visit.objects.filter(status="filed").exists()
    assert Visit.objects.filter(status="planned").exists()
    for visit in Visit.objects.filter(status="filed"):
        assert visit.spoken_to + visit.declined <= visit.offered <= visit.detainees_in_custody
    assert demo.load() == ["Custody visiting and scrutiny panels: demonstration already loaded."]
    assert (Visit.objects.count(), PanelCase.objects.count(), Panel.objects.count()) == counts
