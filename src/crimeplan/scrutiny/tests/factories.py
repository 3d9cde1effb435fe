"""Factories for scrutiny records. All names are fictional."""

import datetime
import itertools

import factory
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.scrutiny.constants import (
    PanelKind,
    ReportKind,
    Scheme,
    SiteKind,
    TimeOfDay,
    VolunteerStatus,
)
from crimeplan.scrutiny.models import (
    Panel,
    PanelAction,
    PanelCase,
    PanelMeeting,
    PublishedReport,
    Site,
    Visit,
    VisitIssue,
    Volunteer,
)
from crimeplan.scrutiny.rota import TIMES_OF_DAY

EVERY_SLOT = [f"{d}:{t}" for d, t in itertools.product(range(7), TIMES_OF_DAY)]


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    scheme = Scheme.CUSTODY
    reference = factory.Sequence(lambda n: f"ICV-{n:03d}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    phone = "01632 960000"
    status = VolunteerStatus.ACTIVE
    vetted_on = datetime.date(2024, 1, 15)
    vetting_expires_on = datetime.date(2030, 1, 15)
    availability = factory.LazyFunction(lambda: list(EVERY_SLOT))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Custody suite {n}")
    kind = SiteKind.CUSTODY_SUITE
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CONSTABULARY)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    site = factory.SubFactory(SiteFactory)
    scheduled_on = datetime.date(2025, 6, 14)
    time_of_day = TimeOfDay.NIGHT
    first_visitor = factory.SubFactory(VolunteerFactory)
    second_visitor = factory.SubFactory(VolunteerFactory)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitIssue

    visit = factory.SubFactory(VisitFactory)
    category = "conditions"
    description = "Cell 4's call bell did not work."


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    name = factory.Sequence(lambda n: f"Out-of-court disposals panel {n}")
    kind = PanelKind.OUT_OF_COURT
    theme = "Community resolutions"
    other_members = "A. Member (magistrate)\nB. Member (youth offending service)"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMeeting

    panel = factory.SubFactory(PanelFactory)
    held_on = datetime.date(2025, 7, 10)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelCase

    panel = factory.SubFactory(PanelFactory)
    reference = factory.Sequence(lambda n: f"OOCD-{n:04d}")
    agency = "Police"
    case_type = "Community resolution"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelAction

    panel = factory.SubFactory(PanelFactory)
    description = "Remind officers to record the victim's view."
    owner = "Head of criminal justice"
    due_on = datetime.date(2025, 9, 30)


class PublishedReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedReport

    kind = ReportKind.ICV
    year = factory.Sequence(lambda n: 2000 + n)
    published_at = factory.LazyFunction(timezone.now)
    introduction = "Our volunteers visited every suite."
    figures = factory.LazyFunction(dict)


def filed(visit: Visit) -> Visit:
    visit.status = "filed"
    visit.filed_at = timezone.now()
    visit.save()
    return visit


# One suite's quarter as a published ICV report freezes it (PublishedReport.figures["icv"]).
ICV_ROW = {
    "site": "Compass House",
    "quarter": "Q1",
    "visits": 12,
    "detainees_in_custody": 40,
    "offered": 30,
    "spoken_to": 20,
    "observed": 5,
    "declined": 5,
    "issues_raised": 3,
    "issues_resolved": 2,
    "night_share_percent": 10.0,
    "weekend_share_percent": None,
}
