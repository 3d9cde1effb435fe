"""Demonstration content for `crimeplan load-demo`: the agencies that make Victims' Code
returns (the demonstration constabulary, probation service and victims' service, and a Crown
Prosecution Service, court service and youth justice service made here if missing), their
returns for 2025/26 Q2 and Q3 with MADE-UP figures, the youth justice service's Q3 return
missing, and the Q3 joint review with two actions; then the victims' feedback survey.

Every figure is illustrative: no agency returned these numbers. Idempotent: an agency, return,
meeting or action already held is left as it is.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation

from . import services
from .feedback_demo import load as feedback_load
from .models import ComplianceReturn, ReturningAgency, ReviewAction, ReviewMeeting
from .reading import RawLine

YEAR = 2025
AREA = settings.CRIMEPLAN_FORCE.replace("-", " ").title()
# kind: name to create when no organisation of the kind exists
MADE_HERE: dict[str, str] = {
    OrganisationKind.CPS: "Crown Prosecution Service (demonstration)",
    OrganisationKind.COURTS: "HM Courts and Tribunals Service (demonstration)",
    OrganisationKind.YOUTH_JUSTICE: f"{AREA} Youth Justice Service (demonstration)",
}
# kind: {right: (Q2 eligible, Q2 complied, Q3 eligible, Q3 complied)}; None for Q3: missing.
FIGURES: dict[str, dict[str, tuple[int, int, int | None, int | None]]] = {
    OrganisationKind.CONSTABULARY: {
        "r01": (1480, 1402, 1525, 1459),
        "r02": (1520, 1380, 1560, 1466),
        "r03": (1520, 1098, 1560, 1201),
        "r04": (1310, 1021, 1342, 1004),
        "r06": (610, 441, 596, 447),
        "r07": (590, 372, 605, 393),
        "r11": (42, 40, 38, 37),
    },
    OrganisationKind.CPS: {
        "r06": (214, 181, 228, 190),
        "r07": (205, 160, 219, 171),
        "r08": (180, 151, 176, 150),
        "r11": (12, 12, 9, 8),
    },
    OrganisationKind.COURTS: {
        "r08": (176, 160, 181, 165),
        "r09": (163, 139, 170, 141),
        "r12": (58, 47, 61, 52),
    },
    OrganisationKind.PROBATION: {
        "r10": (88, 71, 92, 83),
        "r11": (6, 6, 4, 4),
    },
    OrganisationKind.YOUTH_JUSTICE: {
        "r04": (64, 55, None, None),
        "r10": (31, 26, None, None),
    },
    OrganisationKind.VOLUNTARY: {
        "r01": (402, 398, 415, 409),
        "r04": (402, 390, 415, 401),
        "r11": (7, 7, 5, 5),
    },
}
MEETING_DAY = datetime.date(2026, 2, 12)
ACTIONS = [
    (
        OrganisationKind.CONSTABULARY,
        "Find out why fewer victims were offered a referral to support services in Q3 and "
        "report back to the next joint review.",
        datetime.date(2026, 4, 30),
        datetime.date(2026, 4, 22),
    ),
    (
        OrganisationKind.CPS,
        "Check with witness care how victims are offered the chance to make a Victim Personal "
        "Statement before the first hearing.",
        datetime.date(2026, 5, 29),
        None,
    ),
]


def _agency(kind: str) -> Organisation:
    found = (
        Organisation.objects.filter(kind=kind, archived_at__isnull=True)
        .order_by("-is_demo", "name")
        .first()
    )
    if found is not None:
        return found
    name = MADE_HERE[kind]
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "slug": slugify(name)[:100], "is_demo": True}
    )
    return organisation


def _returns(organisation: Organisation, rights: dict, lines: list[str]) -> None:
    for quarter, (eligible_at, complied_at) in ((2, (0, 1)), (3, (2, 3))):
        raw = [
            RawLine(number, right, counts[eligible_at], counts[complied_at])
            for number, (right, counts) in enumerate(sorted(rights.items()), start=1)
            if counts[eligible_at] is not None
        ]
        held = ComplianceReturn.objects.filter(agency=organisation, year=YEAR, quarter=quarter)
        if raw and not held.exists():
            services.return_enter(
                agency=organisation,
                year=YEAR,
                quarter=quarter,
                lines=raw,
                actor=None,
                today=datetime.date(2026, 2, 1),
            )
            lines.append(f"  {organisation.name}: return for {YEAR}/26 Q{quarter} (made-up)")


def _meeting(agencies: dict[str, Organisation], lines: list[str]) -> None:
    meeting = ReviewMeeting.objects.filter(year=YEAR, quarter=3).first()
    if meeting is None:
        meeting = services.meeting_save(
            meeting=ReviewMeeting(
                year=YEAR,
                quarter=3,
                held_on=MEETING_DAY,
                notes="Demonstration meeting: the agencies went through the Q3 figures.",
            ),
            actor=None,
        )
        lines.append(f"  Joint review of {meeting.period}, held {MEETING_DAY:%-d %B %Y}")
    for kind, text, due_on, done_on in ACTIONS:
        if not meeting.actions.filter(action=text).exists():
            services.action_save(
                action=ReviewAction(
                    meeting=meeting,
                    action=text,
                    owner=agencies[kind],
                    due_on=due_on,
                    done_on=done_on,
                    done_note="Reported to the May meeting." if done_on else "",
                ),
                actor=None,
            )


@transaction.atomic
def _load_returns() -> list[str]:
    lines = ["Victims' Code returns (illustrative figures):"]
    agencies = {kind: _agency(kind) for kind in FIGURES}
    for kind, organisation in agencies.items():
        if not ReturningAgency.objects.filter(organisation=organisation).exists():
            services.agency_add(
                organisation=organisation, since_year=YEAR, since_quarter=1, actor=None
            )
        _returns(organisation, FIGURES[kind], lines)
    _meeting(agencies, lines)
    return lines


def load() -> list[str]:
    return [*_load_returns(), *feedback_load()]
