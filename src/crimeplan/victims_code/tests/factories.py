import datetime

import factory

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.tests.factories import OrganisationFactory

from ..models import (
    ComplianceReturn,
    ReturningAgency,
    ReturnLine,
    ReviewAction,
    ReviewMeeting,
)


class ReturningAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturningAgency

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CPS)
    since_year = 2024
    since_quarter = 1


class ComplianceReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceReturn

    agency = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CPS)
    year = 2025
    quarter = 3
    submitted_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC)
    )
    source = "entered"


class ReturnLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnLine

    compliance_return = factory.SubFactory(ComplianceReturnFactory)
    right = "r01"
    eligible = 100
    complied = 80


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting
        django_get_or_create = ("year", "quarter")

    year = 2025
    quarter = 3
    held_on = datetime.date(2026, 2, 12)


class ReviewActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    meeting = factory.SubFactory(ReviewMeetingFactory)
    action = "Check how victims are told about the Code"
    owner = factory.SubFactory(OrganisationFactory)
    due_on = datetime.date(2026, 4, 30)


def return_with_lines(agency, *, year=2025, quarter=3, lines=(("r01", 100, 80),)):
    record = ComplianceReturnFactory(agency=agency, year=year, quarter=quarter)
    for right, eligible, complied in lines:
        ReturnLineFactory(
            compliance_return=record, right=right, eligible=eligible, complied=complied
        )
    return record
