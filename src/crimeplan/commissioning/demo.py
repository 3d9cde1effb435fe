"""Demonstration commissioning for `crimeplan load-demo`: the national funding rows of the
Gloucestershire plan fixture (real published totals), and a fictional local community fund
round with applications, independent scores, decisions, awards, payments and returns."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Membership, Organisation, User
from crimeplan.geography.models import District

from . import selectors, services
from .constants import Decision, FundKind
from .fixtures import load_funding
from .models import Fund

PLAN = (
    Path(settings.CRIMEPLAN_SHARED_DATA).parent
    / "fixtures"
    / "plan"
    / "gloucestershire-2021-25.toml"
)
LOCAL_FUND = "Community Fund (fictional demonstration)"
# The first is the demonstration account that signs in (accounts/demo.py); the second is a
# fictional colleague without a password, so that scores are seen to be independent.
PANEL = [("assessor@opcc.example", "Gus Assessor"), ("assessor2@opcc.example", "Bo Assessor")]
APPLICANTS = [
    (
        "Fictional Youth Boxing Club",
        "Gloucester",
        "Evening boxing sessions for 12-17 year olds",
        "TCC",
        4_800_00,
        (5, 4, 4),
        (4, 4, 5),
    ),
    (
        "Fictional Neighbourhood Watch",
        "Cheltenham",
        "Doorbell cameras for repeat burglary victims",
        "CSC",
        3_000_00,
        (4, 3, 3),
        (3, 4, 3),
    ),
    (
        "Fictional Rural Cafe",
        "Cotswold",
        "Rural crime drop-in mornings",
        "ELC",
        5_000_00,
        (2, 2, 1),
        (2, 1, 2),
    ),
]


def _panel_members(opcc: Organisation) -> list[User]:
    people = []
    for email, name in PANEL:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(
            user=user, organisation=opcc, role=Role.GRANT_ASSESSOR, ended_at__isnull=True
        )
        people.append(user)
    return people


def _local_round(opcc: Organisation, actor: User | None) -> list[str]:
    fund = services.fund_create(
        actor=actor,
        name=LOCAL_FUND,
        kind=FundKind.LOCAL,
        funder=opcc.name,
        description="Small grants for community projects that make people safer (fictional).",
        is_demo=True,
    )
    today = timezone.localdate()
    round_ = services.round_create(
        actor=actor,
        fund=fund,
        name="Round 1",
        years=f"{today.year}",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
        budget_pence=10_000_00,
        max_bids=1,
        max_amount_pence=5_000_00,
        match_funding_percent=10,
        is_demo=True,
    )
    services.question_add(
        actor=actor,
        round=round_,
        text="Will the project run in the county?",
        eligible_answer=True,
        reason_if_ineligible="The fund pays only for work in the county.",
    )
    services.question_add(
        actor=actor,
        round=round_,
        text="Is your organisation a political party?",
        eligible_answer=False,
        reason_if_ineligible="Political parties cannot be funded.",
    )
    criteria = [
        services.criterion_add(actor=actor, round=round_, name="Need and evidence", weight=3),
        services.criterion_add(actor=actor, round=round_, name="Fit with the plan", weight=2),
        services.criterion_add(actor=actor, round=round_, name="Value for money", weight=1),
    ]
    panel = _panel_members(opcc)
    for person in panel:
        services.panel_member_add(actor=actor, round=round_, user=person)
    districts = {d.name: d for d in District.objects.all()}
    funded = 0
    for name, district, title, priority, amount, *scores in APPLICANTS:
        draft = services.application_start(round=round_)
        services.application_update(
            application=draft,
            values={
                "eligibility_answers": {
                    str(q.pk): q.eligible_answer for q in round_.questions.all()
                },
                "organisation_name": name,
                "organisation_type": "charity",
                "contact_name": "Demo Contact",
                "contact_email": "contact@example.org",
                "project_title": title,
                "project_summary": f"{title} (fictional).",
                "district": districts.get(district),
                "priority_code": priority,
                "amount_requested_pence": amount,
                "match_funding_pence": amount // 10,
                "match_funding_form": "in_kind",
            },
        )
        application = services.application_submit(application=draft)
        for person, marks in zip(panel, scores, strict=True):
            services.scores_record(
                application=application,
                assessor=person,
                scores={c.pk: (m, "") for c, m in zip(criteria, marks, strict=True)},
            )
        if priority == "ELC":
            services.application_moderate(
                actor=actor,
                application=application,
                decision=Decision.DECLINE,
                reasons="Weaker evidence of need than the other applications.",
                notify_applicant=False,
            )
            continue
        services.application_moderate(
            actor=actor,
            application=application,
            decision=Decision.FUND,
            reasons="Strong evidence of need and a clear fit with the plan.",
            amount_pence=amount,
            notify_applicant=False,
        )
        grantee, _ = Organisation.objects.get_or_create(
            name=f"{name} (fictional)",
            defaults={
                "slug": f"demo-grantee-{funded}",
                "kind": OrganisationKind.VOLUNTARY,
                "is_demo": True,
            },
        )
        award = services.award_create(
            actor=actor,
            round=round_,
            application=application,
            recipient=grantee,
            title=title,
            amount_pence=amount,
            starts_on=today - datetime.timedelta(days=20),
            ends_on=today + datetime.timedelta(days=345),
            district=districts.get(district),
            priority=selectors.priority_by_code(priority),
            conditions="Report every quarter.",
            is_demo=True,
        )
        services.instalment_add(
            actor=actor, award=award, due_on=award.starts_on, amount_pence=amount
        )
        services.payment_record(
            actor=actor, award=award, paid_on=award.starts_on, amount_pence=amount // 2
        )
        services.returns_schedule(
            actor=actor,
            award=award,
            period_ends=[award.starts_on - datetime.timedelta(days=40), award.ends_on],
        )
        funded += 1
    return [
        f"{LOCAL_FUND}: 3 fictional applications, {funded} awards; "
        "assessor@opcc.example sits on its panel."
    ]


@transaction.atomic
def load() -> list[str]:
    lines = []
    if not PLAN.exists():
        return [f"Commissioning demo skipped: {PLAN} not found."]
    report = load_funding(PLAN)
    if report.rounds_created:
        lines.append(
            f"National funding from the plan fixture: {report.rounds_created} rounds, "
            f"{report.bids_created} bids."
        )
    opcc = Organisation.objects.filter(kind=OrganisationKind.OPCC).first()
    if opcc is not None and not Fund.objects.filter(name=LOCAL_FUND).exists():
        lines += _local_round(opcc, None)
    return lines or ["Commissioning demo already loaded."]
