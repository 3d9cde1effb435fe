"""Cases for tests, made through the services so every one is in a state the process allows."""

import datetime
from typing import Any

import factory

from crimeplan.accounts.models import Organisation, User
from crimeplan.asb_reviews import services
from crimeplan.asb_reviews.constants import Channel, Status
from crimeplan.asb_reviews.models import CaseReview
from crimeplan.geography.models import District

RECEIVED = datetime.date(2024, 4, 2)


class ApplicationFields(factory.DictFactory):
    applicant_relationship = "victim"
    victim_kind = "person"
    applicant_name = factory.Faker("name", locale="en_GB")
    applicant_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    contact_preference = "email"
    consent_to_share = True
    location = "St Marks Park"
    description = "Groups shouting and throwing stones at windows most evenings."
    hate_motivated = False
    impact = "I cannot sleep and am afraid to go out."
    outcome_sought = "For it to stop."
    ongoing = True


def three_incidents(received_on: datetime.date = RECEIVED) -> list[dict[str, Any]]:
    return [
        {
            "occurred_on": received_on - datetime.timedelta(days=days),
            "reported_on": received_on - datetime.timedelta(days=days - 1),
            "reported_to": "police",
        }
        for days in (70, 40, 10)
    ]


def district(name: str = "Cheltenham") -> District:
    return District.objects.get(name=name)


def submit_case(
    *,
    actor: User | None = None,
    district_name: str = "Cheltenham",
    received_on: datetime.date = RECEIVED,
    incidents: list[dict[str, Any]] | None = None,
    channel: str = Channel.WEB,
    **fields: Any,
) -> CaseReview:
    return services.case_submit(
        actor=actor,
        channel=channel,
        received_on=received_on,
        incidents=three_incidents(received_on) if incidents is None else incidents,
        **{"district": district(district_name), **ApplicationFields(**fields)},
    )


def case_at(
    status: str, *, coordinator: User, owner: Organisation | None = None, **submit: Any
) -> CaseReview:
    """A case walked through the process, by the co-ordinator, to `status`."""
    case = submit_case(**submit)
    day = case.received_on
    steps = [
        (
            Status.ACKNOWLEDGED,
            lambda c: services.case_transition(
                actor=coordinator,
                case=c,
                to_status=Status.ACKNOWLEDGED,
                on=day + datetime.timedelta(days=2),
            ),
        ),
        (
            Status.THRESHOLD_CHECK,
            lambda c: services.case_transition(
                actor=coordinator,
                case=c,
                to_status=Status.THRESHOLD_CHECK,
                on=day + datetime.timedelta(days=3),
            ),
        ),
        (
            Status.REVIEW_SCHEDULED,
            lambda c: services.case_decide_threshold(
                actor=coordinator,
                case=c,
                met=True,
                on=day + datetime.timedelta(days=10),
                review_on=day + datetime.timedelta(days=30),
                victim_invited=True,
            ),
        ),
        (
            Status.REVIEWED,
            lambda c: services.case_record_review(
                actor=coordinator,
                case=c,
                held_on=day + datetime.timedelta(days=30),
                findings="The police and the council did not share reports.",
                victim_attended=True,
                victim_support="Referred to victim support.",
                perpetrator_support="Referred to the youth service.",
            ),
        ),
        (
            Status.RECOMMENDATIONS_ISSUED,
            lambda c: (
                services.recommendation_add(
                    actor=coordinator,
                    case=c,
                    text="Share reports weekly.",
                    owner=owner,
                    due_on=day + datetime.timedelta(days=60),
                ),
                services.case_transition(
                    actor=coordinator,
                    case=c,
                    to_status=Status.RECOMMENDATIONS_ISSUED,
                    on=day + datetime.timedelta(days=33),
                ),
            )[1],
        ),
        (
            Status.CLOSED,
            lambda c: services.case_transition(
                actor=coordinator,
                case=c,
                to_status=Status.CLOSED,
                on=day + datetime.timedelta(days=40),
            ),
        ),
    ]
    if status == Status.RECEIVED:
        return case
    for step_status, step in steps:
        case = step(case)
        if step_status == status:
            return case
    raise ValueError(f"no path to {status}")
