import datetime

import factory

from crimeplan.accounts.tests.factories import OrganisationFactory

from ..constants import Grade, InspectionKind, Priority, Source, Status
from ..models import Inspection, InspectionGrade, Recommendation


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    title = factory.Sequence(lambda n: f"PEEL inspection {n}")
    kind = InspectionKind.PEEL
    published_on = datetime.date(2026, 3, 1)


class InspectionGradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionGrade

    inspection = factory.SubFactory(InspectionFactory)
    area = factory.Sequence(lambda n: f"Area {n}")
    grade = Grade.ADEQUATE


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    source = Source.OPCC_REVIEW
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    owner = factory.SubFactory(OrganisationFactory)
    priority = Priority.MEDIUM
    due_on = datetime.date(2027, 3, 31)
    status = Status.OPEN
