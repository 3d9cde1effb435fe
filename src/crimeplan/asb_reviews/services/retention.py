"""Anonymisation: a case, and every closed case past its retention period."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change
from crimeplan.core.personal import erase_personal_values

from .. import findings, threshold
from ..areas import AreaConfig, configured_area
from ..constants import (
    EventKind,
    Status,
)
from ..models import CaseEvent, CaseReview
from .common import (
    log_event,
)

ANONYMISED = "[anonymised]"


def case_anonymise(
    *, case: CaseReview, actor: Any = None, reason: str = "after the retention period"
) -> CaseReview:
    """Removes what identifies anyone, keeping what the annual figures count (dates,
    channel, district, statuses, the threshold decision): every personal field the case and
    its incidents, bodies' accounts, recommendations, escalations and log notes declare. Their
    history never held those fields, so it stays as the record of what happened when."""
    with transaction.atomic():
        case = CaseReview.objects.select_for_update().get(pk=case.pk)
        with audited_change(case, actor=actor, summary=f"{case.reference}: anonymised ({reason})"):
            erase_personal_values(case, placeholder=ANONYMISED)
            case.anonymised_at = timezone.now()
            children = [
                *case.incidents.all(),
                *case.bodies.all(),
                *case.recommendations.all(),
                *case.escalations.all(),
            ]
            for child in children:
                if erase_personal_values(child, placeholder=ANONYMISED):
                    child.save()
            # The log is append-only except for this: the notes typed into it are personal.
            CaseEvent.objects.filter(case=case).exclude(note="").update(note="")
            case.save()
            log_event(
                case=case, actor=actor, kind=EventKind.ANONYMISED, text="Personal details removed"
            )
        # Anonymised, the case's recommendations leave the tracker.
        findings.announce_on_commit(findings.case_findings(case))
    return case


def cases_anonymise_expired(*, today: datetime.date, area: AreaConfig | None = None) -> int:
    """Anonymises every closed case whose retention period has passed; returns how many."""
    months = (area or configured_area()).closed_case_months
    cutoff = threshold.add_months(today, -months)
    due = CaseReview.objects.filter(
        status=Status.CLOSED, anonymised_at__isnull=True, closed_on__lte=cutoff
    )
    count = 0
    for case in due:
        case_anonymise(case=case)
        count += 1
    return count
