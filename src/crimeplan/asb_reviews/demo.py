"""Fictional ASB Case Reviews for `crimeplan load-demo`: one case at each status, made
through the services by the demonstration co-ordinator, so every page has something to show.
Every name, place and story here is invented."""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Organisation, User
from crimeplan.geography.models import District

from . import services
from .constants import Channel, Status
from .models import CaseReview

FICTIONAL = "(fictional)"
# (status, district index, channel, received this many days ago, hate-motivated)
CASES = [
    (Status.RECEIVED, 0, Channel.WEB, 2, False),
    (Status.ACKNOWLEDGED, 1, Channel.PHONE, 12, False),
    (Status.THRESHOLD_CHECK, 2, Channel.EMAIL, 30, True),
    (Status.THRESHOLD_NOT_MET, 3, Channel.POST, 60, False),
    (Status.REVIEW_SCHEDULED, 0, Channel.WEB, 45, False),
    (Status.REVIEWED, 4, Channel.WEB, 80, False),
    (Status.RECOMMENDATIONS_ISSUED, 5, Channel.PHONE, 120, True),
    (Status.CLOSED, 0, Channel.WEB, 200, False),
    (Status.ESCALATED, 1, Channel.EMAIL, 150, False),
]
# Days after receipt each plain step is taken.
DAYS_TO: dict[str, int] = {Status.ACKNOWLEDGED: 3, Status.THRESHOLD_CHECK: 4, Status.CLOSED: 60}
ORDER: list[str] = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.THRESHOLD_CHECK,
    Status.REVIEW_SCHEDULED,
    Status.REVIEWED,
    Status.RECOMMENDATIONS_ISSUED,
    Status.CLOSED,
]


def _incidents(received: datetime.date, count: int, hate: bool) -> list[dict[str, object]]:
    return [
        {
            "occurred_on": received - datetime.timedelta(days=20 * n + 5),
            "reported_on": received - datetime.timedelta(days=20 * n + 4),
            "reported_to": ["police", "council", "housing"][n % 3],
            "agency_reference": f"DEMO-{n + 1:03d}",
            "hate_motivated": hate and n == 0,
        }
        for n in range(count)
    ]


def _submit(
    coordinator: User,
    number: int,
    district: District,
    channel: str,
    received: datetime.date,
    hate: bool,
    *,
    not_met: bool,
) -> CaseReview:
    contact = {"applicant_email": f"applicant{number}@example.org", "contact_preference": "email"}
    fields: dict[str, Any] = {
        "applicant_relationship": "victim" if number % 2 else "councillor",
        "victim_kind": ["person", "business", "community_group"][number % 3],
        "applicant_name": f"Demo Applicant {number} {FICTIONAL}",
        "victim_name": "" if number % 2 else f"Demo Resident {number} {FICTIONAL}",
        "victim_consent": not number % 2,
        "consent_to_share": True,
        "district": district,
        "location": f"Example Close, {district.name} {FICTIONAL}",
        "description": "Fictional demonstration case: noise, shouting and damage to cars late "
        "at night, repeatedly.",
        "hate_motivated": hate,
        "impact": "Fictional: the household no longer sleeps properly.",
        "outcome_sought": "Fictional: for the agencies to act together.",
        "ongoing": not not_met,
        **contact,
    }
    return services.case_submit(
        actor=coordinator if channel != Channel.WEB else None,
        channel=channel,
        received_on=received,
        incidents=_incidents(received, 1 if not_met else 3, hate),
        **fields,
    )


def _walk(
    case: CaseReview, target: str, coordinator: User, bodies: list[Organisation]
) -> CaseReview:
    start = case.received_on
    day: Callable[[int], datetime.date] = lambda n: start + datetime.timedelta(days=n)  # noqa: E731
    path = ORDER[: ORDER.index(target) + 1] if target in ORDER else ORDER[:3]
    for status in path[1:]:
        if status in {Status.ACKNOWLEDGED, Status.THRESHOLD_CHECK, Status.CLOSED}:
            offset = DAYS_TO[status]
            case = services.case_transition(
                actor=coordinator, case=case, to_status=status, on=day(offset)
            )
        elif status == Status.REVIEW_SCHEDULED:
            for body in bodies:
                services.body_invite(actor=coordinator, case=case, organisation=body, on=day(5))
            case = services.case_decide_threshold(
                actor=coordinator,
                case=case,
                met=True,
                on=day(12),
                review_on=day(35),
                victim_invited=True,
            )
        elif status == Status.REVIEWED:
            for invited in case.bodies.all():
                services.body_record_account(
                    actor=coordinator,
                    body=invited,
                    on=day(30),
                    account="Fictional: two visits, one warning letter, no joint meeting.",
                )
            case = services.case_record_review(
                actor=coordinator,
                case=case,
                held_on=day(35),
                findings="Fictional: reports were not shared between the agencies.",
                victim_attended=True,
                victim_support="Referred to Victim Support (fictional).",
                perpetrator_support="Referred to the youth support service (fictional).",
            )
        elif status == Status.RECOMMENDATIONS_ISSUED:
            services.recommendation_add(
                actor=coordinator,
                case=case,
                owner=bodies[0],
                due_on=day(90),
                text="Fictional: share incident reports weekly through the CSP.",
            )
            case = services.case_transition(
                actor=coordinator, case=case, to_status=status, on=day(38)
            )
    return case


def load() -> list[str]:
    if CaseReview.objects.filter(applicant_name__endswith=FICTIONAL).exists():
        return ["ASB Case Reviews: fictional cases already loaded."]
    coordinator = User.objects.filter(
        memberships__role=Role.ASB_COORDINATOR, memberships__ended_at__isnull=True
    ).first()
    districts = list(
        District.objects.filter(force__police_uk_id=settings.CRIMEPLAN_FORCE).order_by("name")
    )
    if coordinator is None or not districts:
        return ["ASB Case Reviews: no demo co-ordinator or districts, so no cases loaded."]
    today = timezone.localdate()
    for number, (status, district_index, channel, days_ago, hate) in enumerate(CASES, start=1):
        district = districts[district_index % len(districts)]
        bodies = [
            *Organisation.objects.filter(kind=OrganisationKind.CSP, district=district)[:1],
            *Organisation.objects.filter(kind=OrganisationKind.CONSTABULARY)[:1],
        ] or list(Organisation.objects.filter(kind=OrganisationKind.OPCC)[:1])
        received = today - datetime.timedelta(days=days_ago)
        not_met = status == Status.THRESHOLD_NOT_MET
        case = _submit(coordinator, number, district, channel, received, hate, not_met=not_met)
        if not_met:
            case = _walk(case, Status.THRESHOLD_CHECK, coordinator, bodies)
            services.case_decide_threshold(
                actor=coordinator, case=case, met=False, on=received + datetime.timedelta(days=10)
            )
        elif status == Status.ESCALATED:
            case = _walk(case, Status.CLOSED, coordinator, bodies)
            services.escalation_record(
                actor=coordinator,
                case=case,
                received_on=today,
                grounds="Fictional: the applicant was not told the date of the panel.",
            )
        else:
            _walk(case, status, coordinator, bodies)
    return [f"ASB Case Reviews: {len(CASES)} fictional cases, one at each status."]
