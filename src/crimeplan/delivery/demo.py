"""Demonstration delivery content for `crimeplan load-demo`: the real Gloucestershire plan with
what its published update reported (delivery/reference: the shared fixture's plan with the
update's foreword, introduction, delivered and next items, in our own words), the performance
tables its report prints, and fictional actions, milestones and updates, each marked as
fictional."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation, User
from crimeplan.geography.models import District
from crimeplan.performance import contracts as performance
from crimeplan.performance import services as performance_services

from . import planfile, services
from .constants import ActionStatus
from .models import Action, Plan

SLUG = "gloucestershire-2021-25"
PLAN_FILE = Path(__file__).resolve().parent / "reference" / f"{SLUG}.toml"


def _fixtures() -> Path:
    return Path(settings.CRIMEPLAN_SHARED_DATA).parent / "fixtures"


# (priority, commitment, title, owner kind, status, measures, districts, threads, funding rows,
#  months since the last update or None for none)
FICTIONAL_ACTIONS = [
    ("CSC", 1, "Hot-spot patrols in the night-time economy", OrganisationKind.CSP,
     ActionStatus.ON_TRACK, ["all-crime", "theft-from-the-person"], ["Cheltenham"],
     ["Neighbourhood policing"], [1], 0),
    ("CSC", 5, "Publicise the ASB Case Review in every district", OrganisationKind.CSP,
     ActionStatus.AT_RISK, [], ["Cheltenham", "Tewkesbury"], ["Trauma informed"], [], 2),
    ("CSC", 7, "Target-hardening for repeat burglary victims", OrganisationKind.CONSTABULARY,
     ActionStatus.COMPLETE, ["burglary"], [], ["Public health approach"], [2], 1),
    ("TVAWG", 2, "Perpetrator behaviour-change programme", OrganisationKind.PROBATION,
     ActionStatus.ON_TRACK, ["stalking-and-harassment"], [], ["Trauma informed"], [4, 5], 0),
    ("TVAWG", 4, "Safer routes home lighting scheme", OrganisationKind.COUNTY_COUNCIL,
     ActionStatus.OFF_TRACK, [], ["Gloucester"], ["Public health approach"], [3], None),
    ("SYC", 4, "Community beat surgeries in rural villages", OrganisationKind.CONSTABULARY,
     ActionStatus.NOT_STARTED, [], ["Cotswold", "Forest of Dean"], ["Neighbourhood policing"], [],
     None),
    ("TCC", 3, "Youth diversion scheme for knife crime", OrganisationKind.YOUTH_SUPPORT,
     ActionStatus.ON_TRACK, ["most-serious-violence"], ["Gloucester"], ["Child friendly"], [], 0),
    ("SVRR", 5, "Restorative justice referrals from custody", OrganisationKind.CONSTABULARY,
     ActionStatus.COMPLETE, [], [], ["Restorative practices"], [], 3),
    ("ELC", 1, "Report back to residents on the perception survey", OrganisationKind.CSP,
     ActionStatus.AT_RISK, [], ["Stroud"], [], [], 3),
]  # fmt: skip


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(today.day, 28))


def _owner(kind: str, districts: list[str]) -> Organisation | None:
    owners = Organisation.objects.filter(kind=kind, archived_at__isnull=True).order_by("name")
    if kind == OrganisationKind.CSP and districts:
        return owners.filter(district__name=districts[0]).first() or owners.first()
    return owners.first()


def _add_fictional_actions(plan: Plan) -> int:
    today = timezone.localdate()
    editor = User.objects.filter(email="editor@csp.example").first()
    funding = list(plan.funding.all())
    made = 0
    for row in FICTIONAL_ACTIONS:
        code, position, title, kind, status, measures, districts, threads, fund_rows, silent = row
        owner = _owner(kind, districts)
        if owner is None:
            continue
        start = _months_ago(today, 8)
        action = services.action_create(
            commitment=plan.priorities.get(code=code).commitments.get(position=position),
            actor=None,
            title=title,
            description="Fictional demonstration action: not part of the real plan.",
            owner_organisation=owner,
            owner_person=editor
            if editor and editor.memberships.filter(organisation=owner).exists()
            else None,
            start_date=start,
            due_date=_months_ago(today, -10),
            status=ActionStatus.NOT_STARTED,
            baseline="Fictional baseline" if measures else "",
            target="Fictional target" if measures else "",
            measure_ids=measures,
            is_fictional=True,
            districts=list(District.objects.filter(name__in=districts)),
            golden_threads=list(plan.golden_threads.filter(name__in=threads)),
            funding=[funding[n - 1] for n in fund_rows if n <= len(funding)],
        )
        for step, (label, offset) in enumerate(
            (("Scoping agreed", 6), ("Delivery under way", 2), ("Evaluation", -4))
        ):
            due = _months_ago(today, offset)
            done = due if due < today and (status == ActionStatus.COMPLETE or step == 0) else None
            services.milestone_save(
                action=action, actor=None, title=f"{label} (fictional)", due_date=due, done_on=done
            )
        if silent is not None:
            services.progress_update_add(
                action=action,
                actor=None,
                reported_on=_months_ago(today, silent + 1) if silent else today,
                status=status,
                summary=f"Fictional update: {ActionStatus(status).label.lower()}.",
                links=[],
            )
        made += 1
    return made


@transaction.atomic
def load() -> list[str]:
    lines = []
    plan = Plan.objects.filter(slug=SLUG).first()
    if plan is None:
        path = PLAN_FILE
        plan = services.plan_import(spec=planfile.read_plan_file(path), actor=None, file=path.name)
        lines.append(
            f"Delivery plan {plan.slug}: {plan.priorities.count()} priorities and "
            f"{plan.funding.count()} funding rows from {path.name}."
        )
    if performance.latest_printed_table() is None:
        path = _fixtures() / "performance" / "crime_measures_2019_vs_sep2023.csv"
        performance_services.printed_table_load(
            rows=performance.read_printed_table_file(path),
            title="Crime measures, 2019 against the 12 months to September 2023",
            source="Gloucestershire OPCC, Police and Crime Plan update (2023), performance table",
            baseline_label="2019",
            current_label="12 months to September 2023",
            actor=None,
        )
        lines.append("Performance snapshot: the published 2023 crime-measures table.")
    if not Action.objects.filter(commitment__priority__plan=plan, is_fictional=True).exists():
        made = _add_fictional_actions(plan)
        lines.append(
            f"Delivery: {made} fictional demonstration actions with milestones and updates."
        )
    return lines or ["Delivery plan already loaded."]
