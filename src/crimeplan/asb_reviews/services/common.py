"""What every stage of a case shares: who may manage cases, the case's event log, a change
to a locked copy of the case (logged and audited), the checks a step makes, and the
threshold rule applied to the case's incidents."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from crimeplan.accounts.permissions import viewer_for
from crimeplan.audit.services import audit_change, audited_change
from crimeplan.core import languages
from crimeplan.core.letters import long_date

from .. import threshold
from ..areas import AreaConfig
from ..constants import (
    NEXT_STATUSES,
    Status,
)
from ..models import CaseEvent, CaseReview
from ..permissions import MANAGERS


def require_manager(actor: Any) -> None:
    if not viewer_for(actor).has_any(MANAGERS):
        raise PermissionDenied("Only the ASB Case Review co-ordinator can do this.")


def log_event(
    *,
    case: CaseReview,
    actor: Any,
    kind: str,
    text: str = "",
    from_status: str = "",
    note: str = "",
) -> CaseEvent:
    """Appends to the case's log. `text` is the service's own words and never quotes a
    personal field; whatever the co-ordinator typed goes in `note`."""
    return CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        from_status=from_status,
        to_status=case.status if from_status and from_status != case.status else "",
        text=text,
        note=note.strip(),
    )


def case_threshold_decision(case: CaseReview, area: AreaConfig) -> threshold.ThresholdDecision:
    """The rule applied to the case's incidents as recorded; an incident without its own
    location is about the application's."""
    return threshold.evaluate(
        area.rule,
        threshold.Case(
            application_date=case.received_on,
            ongoing=case.ongoing,
            incidents=tuple(
                threshold.Incident(
                    occurred_on=i.occurred_on,
                    reported_on=i.reported_on,
                    reported_to=i.reported_to,
                    hate_motivated=i.hate_motivated,
                    location=i.location or case.location,
                    reported_by=i.reported_by,
                )
                for i in case.incidents.all()
            ),
        ),
    )


# The threshold's reasons worded in the active language (its catalogue and month names).
TRANSLATED = threshold.Words(
    gettext=translation.gettext,
    ngettext=translation.ngettext,
    date=long_date,
)


def compute_threshold(case: CaseReview, area: AreaConfig) -> None:
    """The rule's decision and its reasons: in English for staff and, where the applicant
    asked to be written to in another language, in that language for their letter."""
    decision = case_threshold_decision(case, area)
    case.threshold_computed_met = decision.met
    case.threshold_explanation = "\n".join(decision.reasons)
    case.threshold_explanation_for_applicant = ""
    if case.correspondence_language != languages.ENGLISH:
        with translation.override(case.correspondence_language):
            reasons = decision.reasons_in(TRANSLATED)
        case.threshold_explanation_for_applicant = "\n".join(reasons)


def change_case(
    *,
    actor: Any,
    case: CaseReview,
    kind: str,
    text: str,
    summary: str,
    note: str = "",
    **changes: Any,
) -> CaseReview:
    """Saves changes to a locked copy of the case, logs and audits them."""
    with transaction.atomic():
        case = CaseReview.objects.select_for_update().get(pk=case.pk)
        with audited_change(case, actor=actor, summary=f"{case.reference}: {summary}"):
            from_status = case.status
            for name, value in changes.items():
                setattr(case, name, value)
            try:
                case.full_clean()
            except ValidationError as error:
                raise ValidationError(error.message_dict) from None
            case.save()
            log_event(
                case=case, actor=actor, kind=kind, text=text, from_status=from_status, note=note
            )
    return case


def check_transition(case: CaseReview, to_status: str) -> None:
    if to_status not in NEXT_STATUSES.get(case.status, frozenset()):
        raise ValidationError(
            {
                "to_status": [
                    f"A case that is {case.get_status_display().lower()} cannot become "
                    f"{Status(to_status).label.lower()}"
                ]
            }
        )


def check_not_before(case: CaseReview, field: str, day: datetime.date) -> None:
    if day < case.received_on:
        raise ValidationError({field: ["The date must be on or after the date received"]})


def audit_child(actor: Any, instance: Any, case: CaseReview, summary: str) -> None:
    """Records a record added to a case."""
    audit_change(actor=actor, instance=instance, summary=f"{case.reference}: {summary}")
