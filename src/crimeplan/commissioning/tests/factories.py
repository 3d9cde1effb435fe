import datetime

import factory
from django.utils import timezone

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning.constants import ApplicationStatus, FundKind
from crimeplan.commissioning.models import Application, Criterion, Fund, Round


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Community Fund {n}")
    slug = factory.Sequence(lambda n: f"community-fund-{n}")
    kind = FundKind.LOCAL
    funder = "OPCC"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    budget_pence = 1_000_000
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    max_score = 5


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted, complete application."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    status = ApplicationStatus.SUBMITTED
    organisation_name = factory.Sequence(lambda n: f"Applicant group {n}")
    organisation_type = "charity"
    contact_name = "Sam Applicant"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    project_title = factory.Sequence(lambda n: f"Project {n}")
    project_summary = "Youth diversion sessions."
    amount_requested_pence = 500_000


__all__ = ["OrganisationFactory"]
