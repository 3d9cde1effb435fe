"""The bodies invited to a review, their accounts, and the panel's recommendations to them."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import viewer_for
from crimeplan.audit.services import audited_change

from .. import findings
from ..constants import (
    EventKind,
    Status,
)
from ..models import CaseReview, InvitedBody, Recommendation
from ..permissions import edits_for
from .common import (
    audit_child,
    check_not_before,
    log_event,
    require_manager,
)


def body_invite(
    *, actor: Any, case: CaseReview, organisation: Organisation, on: datetime.date
) -> InvitedBody:
    require_manager(actor)
    if case.bodies.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": [f"{organisation} is already invited"]})
    check_not_before(case, "on", on)
    with transaction.atomic():
        body = InvitedBody.objects.create(
            case=case, organisation=organisation, invited_on=on, created_by=actor
        )
        log_event(case=case, actor=actor, kind=EventKind.INVITED, text=f"{organisation} invited")
        audit_child(actor, body, case, f"{organisation} invited")
    return body


def body_record_account(
    *, actor: Any, body: InvitedBody, account: str, on: datetime.date
) -> InvitedBody:
    """What an invited body had done, recorded by its own editor or the co-ordinator."""
    viewer = viewer_for(actor)
    if not edits_for(viewer, body.organisation_id):
        raise PermissionDenied("Only the body itself or the co-ordinator can record this.")
    if not account.strip():
        raise ValidationError({"account": ["Enter what your organisation had done"]})
    with transaction.atomic():
        body = InvitedBody.objects.select_for_update().get(pk=body.pk)
        with audited_change(
            body, actor=actor, summary=f"{body.case.reference}: body's account recorded"
        ):
            body.account = account.strip()
            body.account_recorded_on = on
            body.save()
            log_event(
                case=body.case,
                actor=actor,
                kind=EventKind.RESPONSE,
                text=f"{body.organisation} recorded what it had done",
            )
    return body


def recommendation_add(
    *, actor: Any, case: CaseReview, text: str, owner: Organisation, due_on: datetime.date
) -> Recommendation:
    require_manager(actor)
    if case.status not in {Status.REVIEWED, Status.RECOMMENDATIONS_ISSUED}:
        raise ValidationError({"text": ["Recommendations follow the review"]})
    if case.review_held_on and due_on < case.review_held_on:
        raise ValidationError({"due_on": ["The due date must be after the review"]})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            case=case, text=text.strip(), owner=owner, due_on=due_on, created_by=actor
        )
        log_event(
            case=case,
            actor=actor,
            kind=EventKind.RECOMMENDATION,
            text=f"Recommendation for {owner}, due {due_on:%d %B %Y}",
        )
        audit_child(actor, recommendation, case, "recommendation added")
        findings.announce_on_commit([findings.recommendation_finding(recommendation)])
    return recommendation


def recommendation_complete(
    *, actor: Any, recommendation: Recommendation, completed_on: datetime.date, note: str
) -> Recommendation:
    """Done: by the co-ordinator, or an editor of the organisation that owns it."""
    viewer = viewer_for(actor)
    if not edits_for(viewer, recommendation.owner_id):
        raise PermissionDenied("Only the owner or the co-ordinator can record this.")
    if recommendation.completed_on is not None:
        raise ValidationError({"completed_on": ["This recommendation is already complete"]})
    if completed_on < recommendation.created_at.date():
        raise ValidationError({"completed_on": ["It cannot be done before it was made"]})
    with transaction.atomic():
        case = recommendation.case
        with audited_change(
            recommendation, actor=actor, summary=f"{case.reference}: recommendation done"
        ):
            recommendation.completed_on = completed_on
            recommendation.completion_note = note.strip()
            recommendation.save()
            log_event(
                case=case,
                actor=actor,
                kind=EventKind.RECOMMENDATION,
                text=f"Recommendation for {recommendation.owner} completed",
            )
        findings.announce_on_commit([findings.recommendation_finding(recommendation)])
    return recommendation
