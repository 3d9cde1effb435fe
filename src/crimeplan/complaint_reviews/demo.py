"""Demonstration complaint reviews: a quarter (October to December 2025, "2025/26 Q3") of
synthetic applications taken through the services as a review officer would, so that the
case pages, the letters and the published figures have something to show. Every name,
reference and text is invented."""

import datetime
from dataclasses import dataclass

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import User

from . import services
from .constants import Channel, Finding
from .models import ComplaintReview

DEMO_PREFIX = "DEMO-"


@dataclass(frozen=True)
class DemoCase:
    received_on: datetime.date
    outcome_letter_on: datetime.date
    reviewable: bool = True
    already_reviewed: bool = False
    late_accepted: bool | None = None
    decided_on: datetime.date | None = None
    finding: str = Finding.REASONABLE
    recommendations: tuple[str, ...] = ()


D = datetime.date
CASES = (
    DemoCase(D(2025, 10, 1), D(2025, 9, 15), decided_on=D(2025, 10, 29)),
    DemoCase(
        D(2025, 10, 3),
        D(2025, 9, 20),
        decided_on=D(2025, 11, 7),
        finding=Finding.NOT_REASONABLE,
        recommendations=(
            "Re-investigate the complaint with an officer from another district.",
            "Remind call handlers to record callers' requests for a call back.",
        ),
    ),
    DemoCase(D(2025, 10, 8), D(2025, 9, 1), late_accepted=True, decided_on=D(2025, 11, 19)),
    DemoCase(D(2025, 10, 14), D(2025, 8, 1), late_accepted=False),
    DemoCase(D(2025, 10, 20), D(2025, 10, 6), reviewable=False),
    DemoCase(D(2025, 10, 27), D(2025, 10, 10), decided_on=D(2025, 12, 3)),
    DemoCase(
        D(2025, 11, 3),
        D(2025, 10, 20),
        decided_on=D(2025, 12, 12),
        finding=Finding.NOT_REASONABLE,
        recommendations=("Apologise to the complainant for the delay in replying.",),
    ),
    DemoCase(D(2025, 11, 10), D(2025, 10, 31), decided_on=D(2025, 12, 19)),
    DemoCase(D(2025, 11, 17), D(2025, 11, 3), already_reviewed=True),
    DemoCase(D(2025, 11, 24), D(2025, 11, 10), decided_on=D(2026, 1, 23)),
    DemoCase(D(2025, 12, 1), D(2025, 11, 20), decided_on=D(2025, 12, 22)),
    DemoCase(
        D(2025, 12, 8),
        D(2025, 11, 28),
        decided_on=D(2026, 2, 27),
        finding=Finding.NOT_REASONABLE,
        recommendations=("Give the complainant the body-worn video the outcome relied on.",),
    ),
)


def _review_officer() -> User | None:
    return (
        User.objects.filter(memberships__role=Role.OPCC_POLICY, memberships__ended_at__isnull=True)
        .order_by("pk")
        .first()
    )


def _load_case(number: int, case: DemoCase, officer: User) -> None:
    review = services.review_submit(
        actor=officer,
        channel=Channel.EMAIL if number % 2 else Channel.POST,
        received_on=case.received_on,
        complainant_name=f"Demo Complainant {number}",
        complainant_email=f"complainant{number}@example.org",
        force_reference=f"{DEMO_PREFIX}CO/{number:04d}",
        outcome_reviewed="The complaint was found not to need further action (synthetic).",
        outcome_letter_on=case.outcome_letter_on,
        grounds="The complainant says their account was not taken into account (synthetic).",
        late_reason="Illness in the family (synthetic)." if case.late_accepted is not None else "",
    )
    review = services.review_acknowledge(actor=officer, review=review, on=case.received_on)
    review = services.review_check_validity(
        actor=officer,
        review=review,
        on=case.received_on + datetime.timedelta(days=1),
        reviewable=case.reviewable,
        already_reviewed=case.already_reviewed,
        late_accepted=case.late_accepted,
        discretion_reason=(
            "Illustrative: the delay was explained by illness"
            if case.late_accepted
            else "Illustrative: no good reason for the delay"
        )
        if case.late_accepted is not None
        else "",
    )
    if not review.valid or case.decided_on is None:
        return
    review = services.review_request_file(
        actor=officer, review=review, on=case.received_on + datetime.timedelta(days=1)
    )
    review = services.review_declare_conflict(
        actor=officer, review=review, has_conflict=False, on=case.decided_on
    )
    review = services.review_decide(
        actor=officer,
        review=review,
        finding=case.finding,
        reasons="Illustrative reasons for the decision.",
        on=case.decided_on,
        recommendations=case.recommendations,
    )
    for index, recommendation in enumerate(review.recommendations.all()):
        services.recommendation_record_response(
            actor=officer,
            recommendation=recommendation,
            accepted=index == 0,
            responded_on=case.decided_on + datetime.timedelta(days=14),
            acted_on=case.decided_on + datetime.timedelta(days=60) if index == 0 else None,
        )


def load() -> list[str]:
    if ComplaintReview.objects.filter(force_reference__startswith=DEMO_PREFIX).exists():
        return ["Complaint reviews already loaded."]
    officer = _review_officer()
    if officer is None:
        return ["Complaint reviews: no OPCC policy officer to act as review officer; skipped."]
    for number, case in enumerate(CASES, start=1):
        _load_case(number, case, officer)
    return [
        f"Complaint reviews: {len(CASES)} synthetic applications in 2025/26 Q3 "
        "(October to December 2025)."
    ]
