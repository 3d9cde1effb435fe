"""Demonstration custody visiting and scrutiny panels for `crimeplan load-demo`: fictional
volunteers, sites, last financial year's visits with reports, next month's rota, and panels
with sampled cases. Every name and figure here is synthetic, and every date is counted from
the day it is loaded, so the demonstration keeps the rota's rules whenever it is loaded."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation, User

from . import figures, selectors, services
from .constants import (
    DETAINEE_CHECKLIST,
    WELFARE_CHECKLIST,
    ActionStatus,
    CaseOutcome,
    Compliance,
    IssueCategory,
    PanelKind,
    Scheme,
    SiteKind,
    VictimsRight,
    VolunteerStatus,
)
from .forms import visit_times
from .models import Panel, PanelCase, PanelMeeting, Site, Visit, Volunteer
from .rota import TIMES_OF_DAY

SEED = 2025
DEMO_VOLUNTEER_EMAIL = "icv@opcc.example"
# Demonstration accounts (accounts.demo) who serve on every demonstration panel.
DEMO_PANEL_MEMBER_EMAILS = ("panel@panel.example", "policy@opcc.example")
FIRST_NAMES = ["Avery", "Blake", "Casey", "Drew", "Ellis", "Frankie", "Harper", "Jordan"]
SURNAMES = ["Example", "Sample", "Fictional", "Madeup", "Demo", "Synthetic"]
SLOT_START = {"morning": "09:30", "afternoon": "14:00", "evening": "19:15", "night": "23:10"}
# The most visits a pair makes together in any year-long stretch, per scheme (the animal
# welfare scheme has only three active volunteers, so three pairs).
PAIR_LIMITS = {Scheme.CUSTODY: 2, Scheme.ANIMAL_WELFARE: 3}


def load() -> list[str]:
    if Volunteer.objects.filter(reference="ICV-001").exists():
        return ["Custody visiting and scrutiny panels: demonstration already loaded."]
    constabulary = Organisation.objects.filter(kind=OrganisationKind.CONSTABULARY).first()
    if constabulary is None:
        return ["Custody visiting: no constabulary organisation, so no demonstration visits."]
    # One day for the whole load, so a load running over midnight plans around one "today".
    today = timezone.localdate()
    with transaction.atomic():
        rng = random.Random(SEED)  # noqa: S311 - synthetic demonstration figures
        volunteers = _volunteers(rng, today)
        sites = _sites(constabulary)
        filed = _visits(rng, today)
        panels = _panels(rng, today)
    return [
        f"Custody visiting (fictional): {volunteers} volunteers, {len(sites)} sites, "
        f"{filed} visit reports filed.",
        f"Scrutiny panels (fictional cases): {panels} panels with sampled cases and findings.",
    ]


def _volunteers(rng: random.Random, today: datetime.date) -> int:
    demo_user = User.objects.filter(email=DEMO_VOLUNTEER_EMAIL).first()
    # Recruited, vetted and trained before last financial year's rota; vetted until well
    # after next month's.
    first_rota_day = figures.financial_year_bounds(figures.financial_year(today) - 1)[0]
    count = 0
    for scheme, prefix, number in ((Scheme.CUSTODY, "ICV", 10), (Scheme.ANIMAL_WELFARE, "AWV", 4)):
        for n in range(1, number + 1):
            slots = rng.sample(
                [f"{d}:{t}" for d in range(7) for t in TIMES_OF_DAY], rng.randint(10, 22)
            )
            volunteer = Volunteer(
                scheme=scheme,
                reference=f"{prefix}-{n:03d}",
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} (fictional)",
                email=f"{prefix.lower()}{n}@volunteers.example",
                status=VolunteerStatus.ACTIVE if n <= number - 1 else VolunteerStatus.TRAINING,
                applied_on=first_rota_day - datetime.timedelta(days=210),
                vetted_on=first_rota_day - datetime.timedelta(days=80),
                vetting_expires_on=today + datetime.timedelta(days=2 * 365),
                availability=slots,
                user=demo_user if (scheme, n) == (Scheme.CUSTODY, 1) else None,
            )
            services.volunteer_save(volunteer=volunteer, actor=None)
            services.training_record_add(
                volunteer=volunteer,
                course="Initial custody visiting training (ICVA)"
                if scheme == Scheme.CUSTODY
                else "Animal welfare visiting induction",
                completed_on=first_rota_day - datetime.timedelta(days=50),
                actor=None,
            )
            count += 1
    return count


def _sites(constabulary: Organisation) -> list[Site]:
    names = [
        ("North custody suite (fictional)", SiteKind.CUSTODY_SUITE),
        ("Central custody suite (fictional)", SiteKind.CUSTODY_SUITE),
        ("Dog section kennels (fictional)", SiteKind.DOG_SECTION),
    ]
    return [
        Site.objects.get_or_create(
            name=name, defaults={"kind": kind, "organisation": constabulary}
        )[0]
        for name, kind in names
    ]


def _visits(rng: random.Random, today: datetime.date) -> int:
    year = figures.financial_year(today) - 1
    start, end = figures.financial_year_bounds(year)
    for scheme, visit_count in ((Scheme.CUSTODY, 48), (Scheme.ANIMAL_WELFARE, 8)):
        services.rota_generate(
            scheme=scheme,
            start=start,
            end=end,
            visit_count=visit_count,
            max_pair_repeats=PAIR_LIMITS[scheme],
            seed=SEED,
            actor=None,
        )
    # Next month's rota: planned visits a volunteer can report on.
    services.rota_generate(
        scheme=Scheme.CUSTODY,
        start=today,
        end=today + datetime.timedelta(days=30),
        visit_count=6,
        max_pair_repeats=PAIR_LIMITS[Scheme.CUSTODY],
        seed=SEED + 1,
        actor=None,
    )
    filed = 0
    for visit in Visit.objects.filter(scheduled_on__lt=today).select_related("site"):
        _file(rng, visit)
        filed += 1
    return filed


def _file(rng: random.Random, visit: Visit) -> None:
    arrived, left = visit_times(
        visit,
        datetime.time.fromisoformat(SLOT_START[visit.time_of_day]),
        datetime.time.fromisoformat(SLOT_START[visit.time_of_day]).replace(minute=55),
    )
    actor = visit.first_visitor.user
    if visit.site.kind == SiteKind.DOG_SECTION:
        report = {
            "arrived_at": arrived,
            "left_at": left,
            "dogs_seen": rng.randint(4, 12),
            "welfare_checks": {key: "yes" for key, _ in WELFARE_CHECKLIST},
        }
        services.visit_report_save(visit=visit, report=report, actor=actor)
    else:
        in_custody = rng.randint(2, 14)
        offered = rng.randint(1, in_custody)
        declined = rng.randint(0, offered // 2)
        spoken = rng.randint(0, offered - declined)
        services.visit_report_save(
            visit=visit,
            report={
                "arrived_at": arrived,
                "left_at": left,
                "detainees_in_custody": in_custody,
                "offered": offered,
                "spoken_to": spoken,
                "declined": declined,
                "observed": rng.randint(0, in_custody - offered),
                "declined_reasons": {"asleep": declined} if declined else {},
                "records_reviewed": rng.randint(0, 3),
            },
            actor=actor,
        )
        for n in range(min(spoken, 2)):
            services.detainee_check_add(
                visit=visit,
                custody_number=f"DEMO/{visit.pk:04d}/{n + 1}",
                child_or_vulnerable=False,
                answers={key: "yes" for key, _ in DETAINEE_CHECKLIST},
                concerns="",
                actor=actor,
            )
    if rng.random() < 0.3:
        issue = services.issue_raise(
            visit=visit,
            category=rng.choice([IssueCategory.CONDITIONS, IssueCategory.HEALTH]),
            description="Fictional example: a cell's call bell was slow to be answered.",
            raised_with_custody_officer=True,
            actor=actor,
        )
        services.visit_file(visit=visit, actor=actor)
        if rng.random() < 0.7:
            services.issue_respond(
                issue=issue,
                response="Fictional example: the bell was repaired the next day.",
                resolved=True,
                actor=None,
            )
        return
    services.visit_file(visit=visit, actor=actor)


def _panels(rng: random.Random, today: datetime.date) -> int:
    year = figures.financial_year(today) - 1
    specs = [
        ("Victims' Code compliance panel (demonstration)", PanelKind.VICTIMS_CODE, "VC"),
        ("Out-of-court disposals scrutiny panel (demonstration)", PanelKind.OUT_OF_COURT, "OOCD"),
        ("Vetting scrutiny panel (demonstration)", PanelKind.VETTING, "VET"),
    ]
    members = list(selectors.panel_member_candidates().filter(email__in=DEMO_PANEL_MEMBER_EMAILS))
    agencies = ["Police", "Crown Prosecution Service", "Witness Care", "Probation"]
    types = ["Community resolution", "Conditional caution", "Youth caution"]
    for number, (name, kind, prefix) in enumerate(specs):
        panel = services.panel_save(
            panel=Panel(
                name=name,
                kind=kind,
                theme="Domestic abuse" if kind == PanelKind.OUT_OF_COURT else "",
                other_members="Lay member one (fictional)\nMagistrate (fictional)",
            ),
            actor=None,
            # The demonstration's panel member and policy officer sign in; the lay members
            # have no account.
            member_accounts=members,
        )
        lines = [
            f"{prefix}-{n:04d},{rng.choice(agencies)},{rng.choice(types)}" for n in range(1, 61)
        ]
        services.cases_add(panel=panel, lines=lines, actor=None)
        for quarter in range(4):
            held_on = datetime.date(year, 6, 20) + datetime.timedelta(days=91 * quarter)
            meeting = services.meeting_save(
                meeting=PanelMeeting(
                    panel=panel,
                    held_on=held_on,
                    theme=panel.theme,
                    minutes="Fictional minutes: the panel reviewed the sampled cases.",
                ),
                actor=None,
            )
            sample = services.sample_draw(
                meeting=meeting, size=6, seed=SEED + 10 * number + quarter, case_type="", actor=None
            )
            for case in panel.cases.filter(reference__in=sample.references):
                _findings(rng, case, kind)
        action = services.action_add(
            panel=panel,
            meeting=meeting,
            description="Fictional action: brief supervisors on the panel's observations.",
            owner="Constabulary criminal justice lead",
            due_on=held_on + datetime.timedelta(days=60),
            actor=None,
        )
        if number == 0:
            services.action_close(
                action=action, status=ActionStatus.DONE, note="Briefing given.", actor=None
            )
    return len(specs)


def _findings(rng: random.Random, case: PanelCase, kind: str) -> None:
    if kind == PanelKind.VICTIMS_CODE:
        weights = [0.75, 0.15, 0.08, 0.02]
        rights = {
            right: rng.choices(list(Compliance.values), weights)[0] for right in VictimsRight.values
        }
        services.case_findings_record(
            case=case, outcome="", observations="", rights=rights, actor=None
        )
        return
    outcome = rng.choices(list(CaseOutcome.values), [0.6, 0.25, 0.1, 0.05])[0]
    services.case_findings_record(
        case=case, outcome=outcome, observations="", rights={}, actor=None
    )
