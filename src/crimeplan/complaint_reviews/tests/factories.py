import datetime

import factory

from ..constants import Channel, Status
from ..models import ComplaintReview, Recommendation


class ComplaintReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintReview

    reference = factory.Sequence(lambda n: f"CR-2026-{n:05d}")
    channel = Channel.WEB
    received_on = datetime.date(2026, 3, 2)
    complainant_name = "Robin Example"
    complainant_email = "robin.example@example.org"
    force_reference = factory.Sequence(lambda n: f"CO/{n:05d}")
    outcome_reviewed = "No further action."
    outcome_letter_on = factory.LazyAttribute(lambda o: o.received_on - datetime.timedelta(days=10))
    grounds = "My witness was never spoken to."
    in_time = True
    status = Status.RECEIVED


class ValidReviewFactory(ComplaintReviewFactory):
    status = Status.VALID
    valid = True
    reviewable = True
    already_reviewed = False
    validity_decided_on = datetime.date(2026, 3, 3)
    validity_reasons = "In time."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(
        ValidReviewFactory,
        status=Status.DECIDED,
        finding="not_reasonable",
        decided_on=datetime.date(2026, 4, 1),
        conflict_declared_on=datetime.date(2026, 4, 1),
        has_conflict=False,
    )
    text = "Re-investigate."
