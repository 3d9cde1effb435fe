"""Demonstration content for `crimeplan load-demo`: a fictional PEEL inspection of the
constabulary with grades, causes of concern and areas for improvement; an OPCC review's
recommendation and a domestic homicide review's learning; then every module's findings pulled
in by `sync_all` (the modules' demos run first, in INSTALLED_APPS order).

Every inspection, grade and recommendation here is invented and says so: no real
inspectorate's finding is quoted. Idempotent: the inspection is created once, and the sync
changes nothing the second time.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Membership, Organisation
from crimeplan.delivery import services as delivery_services
from crimeplan.delivery.models import Action
from crimeplan.delivery.models import Priority as PlanPriority

from . import services
from .constants import ClosingDecision, Grade, InspectionKind, Priority, Source, Status
from .models import Inspection, InspectionGrade, Recommendation
from .sync import CREATED, UNCHANGED, UPDATED, sync_all

TITLE = "PEEL inspection of the constabulary (demonstration)"
FICTIONAL = " (fictional)"

GRADES = [
    ("Police legitimacy", Grade.GOOD),
    ("Preventing crime", Grade.ADEQUATE),
    ("Responding to the public", Grade.REQUIRES_IMPROVEMENT),
    ("Investigating crime", Grade.REQUIRES_IMPROVEMENT),
    ("Protecting vulnerable people", Grade.ADEQUATE),
    ("Managing offenders", Grade.GOOD),
    ("Developing a positive workplace", Grade.ADEQUATE),
]

# source, title, owner kind, months until due (negative: past), priority, status, public
# summary (published when not empty), linked to the plan
ITEMS = [
    (Source.HMICFRS_CAUSE_OF_CONCERN,
     "Answer 999 and non-emergency calls within the national standards", "constabulary",
     3, Priority.HIGH, Status.IN_PROGRESS,
     "The force has added call handlers and publishes its answering times each month; the "
     "Commissioner reviews them at every performance board.", True),
    (Source.HMICFRS_CAUSE_OF_CONCERN,
     "Supervise investigations so that victims are updated and cases progress", "constabulary",
     6, Priority.HIGH, Status.OPEN, "", False),
    (Source.HMICFRS_AREA_FOR_IMPROVEMENT,
     "Record crime accurately when it is first reported", "constabulary",
     -1, Priority.MEDIUM, Status.OPEN, "", False),
    (Source.HMICFRS_AREA_FOR_IMPROVEMENT,
     "Use problem-solving plans in neighbourhood teams", "constabulary",
     4, Priority.MEDIUM, Status.DONE, "", False),
    (Source.HMICFRS_AREA_FOR_IMPROVEMENT,
     "Make sure officers understand the Victims' Code", "constabulary",
     -2, Priority.LOW, Status.CLOSED, "", False),
    (Source.OPCC_REVIEW,
     "Publish the out-of-court resolutions scrutiny panel's findings each quarter",
     "constabulary", 2, Priority.MEDIUM, Status.IN_PROGRESS, "", False),
    (Source.DOMESTIC_HOMICIDE_REVIEW,
     "Train night-time economy staff to recognise and refer domestic abuse", "csp",
     5, Priority.HIGH, Status.OPEN, "", False),
]  # fmt: skip


def _months_ahead(today: datetime.date, months: int) -> datetime.date:
    month = today.month - 1 + months
    return datetime.date(today.year + month // 12, month % 12 + 1, min(today.day, 28))


def _owner(kind: str) -> Organisation | None:
    if kind == "csp":
        # The demonstration partner editor's organisation, so that signing in as them shows it.
        membership = (
            Membership.objects.filter(
                user__email="editor@csp.example", role=Role.PARTNER_EDITOR, ended_at__isnull=True
            )
            .select_related("organisation")
            .first()
        )
        if membership is not None:
            return membership.organisation
        kind = OrganisationKind.CSP
    organisations = Organisation.objects.filter(kind=kind, archived_at__isnull=True)
    return organisations.order_by("name").first()


def _inspection(today: datetime.date) -> Inspection:
    inspection = services.inspection_save(
        inspection=Inspection(
            title=TITLE,
            kind=InspectionKind.PEEL,
            published_on=_months_ahead(today, -8),
            engage_from=_months_ahead(today, -7),
            is_fictional=True,
        ),
        actor=None,
    )
    for area, grade in GRADES:
        services.grade_save(
            grade=InspectionGrade(inspection=inspection, area=area, grade=grade), actor=None
        )
    return inspection


def _progress(item: Recommendation, status: str) -> None:
    if status in (Status.IN_PROGRESS, Status.DONE, Status.CLOSED):
        services.update_add(
            recommendation=item,
            actor=None,
            evidence="Fictional evidence: an action plan agreed with the OPCC.",
            status=Status.IN_PROGRESS,
        )
    if status in (Status.DONE, Status.CLOSED):
        services.update_add(
            recommendation=item,
            actor=None,
            evidence="Fictional evidence: the plan's steps are complete.",
            status=Status.DONE,
        )
    if status == Status.CLOSED:
        services.recommendation_close(
            recommendation=item,
            actor=None,
            decision=ClosingDecision.DISCHARGED,
            reason="Fictional: the evidence shows it was done.",
        )


@transaction.atomic
def _load_items() -> int:
    today = timezone.localdate()
    inspection = _inspection(today)
    action = Action.objects.filter(is_fictional=True).order_by("pk").first()
    made = 0
    for source, title, kind, months, priority, status, summary, linked in ITEMS:
        item = services.recommendation_save(
            recommendation=Recommendation(
                source=source,
                inspection=inspection if source.startswith("hmicfrs") else None,
                title=title + FICTIONAL,
                detail="Demonstration content: not a real finding.",
                owner=_owner(kind),
                due_on=_months_ahead(today, months),
                priority=priority,
                is_public=bool(summary),
                public_summary=summary,
                action=action if linked else None,
                plan_priority=(
                    PlanPriority.objects.filter(pk=action.commitment.priority_id).first()
                    if linked and action
                    else None
                ),
            ),
            actor=None,
        )
        _progress(item, status)
        made += 1
    return made


def load() -> list[str]:
    lines = []
    if not Inspection.objects.filter(title=TITLE).exists():
        made = _load_items()
        lines.append(
            f"Recommendations: a fictional PEEL inspection with {len(GRADES)} grades and "
            f"{made} fictional recommendations."
        )
    counts = sync_all()
    lines.append(
        f"Recommendations from the modules' findings: {counts[CREATED]} created, "
        f"{counts[UPDATED]} updated, {counts[UNCHANGED]} unchanged."
    )
    answered = _answer_public_findings()
    if answered:
        lines.append(
            f"You said, we did: {answered} public findings linked to fictional actions with "
            "published updates."
        )
    return lines


# The public findings the demo answers: (source, a word of the fictional action's title, what
# the public is told, the same in Welsh). The first open finding of each source is linked.
ANSWERS = [
    (
        Source.UNSAFE_PLACE_HOTSPOT,
        "patrols",
        "Fictional: street lighting and patrols were reviewed where people reported feeling "
        "unsafe; two lights were repaired and evening patrols added on Fridays and Saturdays.",
        "Ffug: adolygwyd goleuadau stryd a phatrolau lle dywedodd pobl eu bod yn teimlo'n "
        "anniogel; trwsiwyd dau olau ac ychwanegwyd patrolau gyda'r nos ar ddydd Gwener a dydd "
        "Sadwrn.",
    ),
    (
        Source.SURVEY_FINDING,
        "lighting",
        "Fictional: the safer routes home scheme will light the paths residents named between "
        "the town centre and the estates; work starts in the spring.",
        "Ffug: bydd y cynllun llwybrau mwy diogel adref yn goleuo'r llwybrau a enwodd "
        "trigolion rhwng canol y dref a'r stadau; bydd y gwaith yn dechrau yn y gwanwyn.",
    ),
]


@transaction.atomic
def _answer_public_findings() -> int:
    """Links the first open hotspot and survey finding to a fictional action and publishes an
    update on it, so the public pages show "you said, we did". Once: a source already answered
    is left alone."""
    answered = 0
    for source, word, text, text_cy in ANSWERS:
        action = (
            Action.objects.filter(is_fictional=True, title__icontains=word).order_by("pk").first()
        )
        rows = Recommendation.objects.filter(source=source).order_by("source_key")
        if action is None or rows.filter(action__isnull=False).exists():
            continue
        item = rows.exclude(status=Status.CLOSED).first()
        if item is None:
            continue
        item.action = action
        services.recommendation_save(recommendation=item, actor=None)
        if not action.public_updates.exists():
            delivery_services.public_update_add(
                action=action,
                actor=None,
                text=text,
                text_cy=text_cy,
                published_on=timezone.localdate(),
            )
        answered += 1
    return answered
