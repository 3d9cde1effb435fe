"""The demonstration loader: fictional, consistent with the rules, and idempotent."""

import pytest

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.scrutiny import demo, selectors
from crimeplan.scrutiny.models import Panel, PanelCase, Visit, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_follows_the_rules() -> None:
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
    pairs = selectors.pair_history(
        since=Visit.objects.order_by("scheduled_on").first().scheduled_on
    )
    assert max(pairs.values()) <= 3
    assert demo.load() == ["Custody visiting and scrutiny panels: demonstration already loaded."]
    assert (Visit.objects.count(), PanelCase.objects.count(), Panel.objects.count()) == counts
