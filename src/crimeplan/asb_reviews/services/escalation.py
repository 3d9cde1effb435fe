"""Escalation: the applicant unhappy with the handling of the case, and the OPCC's review."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from crimeplan.accounts.permissions import viewer_for
from crimeplan.audit.services import audited_change

from ..constants import (
    EventKind,
    Status,
)
from ..models import CaseReview, Escalation
from .common import (
    audit_child,
    change_case,
    check_not_before,
    check_transition,
    require_manager,
)


def escalation_record(
    *, actor: Any, case: CaseReview, received_on: datetime.date, grounds: str
) -> Escalation:
    """The applicant wrote to say they are unhappy with how the case was handled."""
    require_manager(actor)
    check_transition(case, Status.ESCALATED)
    if not grounds.strip():
        raise ValidationError({"grounds": ["Enter why the applicant is unhappy"]})
    check_not_before(case, "received_on", received_on)
    with transaction.atomic():
        escalation = Escalation.objects.create(
            case=case, received_on=received_on, grounds=grounds.strip(), created_by=actor
        )
        change_case(
            actor=actor,
            case=case,
            kind=EventKind.ESCALATION,
            text="The applicant escalated the handling of the case to the OPCC",
            summary="escalated",
            status=Status.ESCALATED,
        )
        audit_child(actor, escalation, case, "escalation recorded")
    return escalation


def escalation_review(
    *, actor: Any, escalation: Escalation, outcome: str, on: datetime.date
) -> Escalation:
    """The OPCC (an administrator, not the co-ordinator who handled it) reviews the handling;
    the case closes again."""
    if not viewer_for(actor).is_opcc_admin:
        raise PermissionDenied("An OPCC administrator reviews escalations.")
    if escalation.reviewed_on is not None:
        raise ValidationError({"outcome": ["This escalation has already been reviewed"]})
    if not outcome.strip():
        raise ValidationError({"outcome": ["Enter the outcome of the OPCC's review"]})
    if on < escalation.received_on:
        raise ValidationError({"on": ["The review must be on or after the escalation"]})
    with (
        transaction.atomic(),
        audited_change(
            escalation, actor=actor, summary=f"{escalation.case.reference}: escalation reviewed"
        ),
    ):
        escalation.outcome = outcome.strip()
        escalation.reviewed_on = on
        escalation.reviewed_by = actor
        escalation.save()
        # The case's event first, as the trail has always had them.
        change_case(
            actor=actor,
            case=escalation.case,
            kind=EventKind.ESCALATION,
            text="The OPCC reviewed the escalation (its outcome is on the escalation)",
            summary="escalation reviewed, closed",
            status=Status.CLOSED,
            closed_on=on,
        )
    return escalation
