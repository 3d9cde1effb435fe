"""Changes to the tracker: keyword-only, one transaction each, validated and audited.

The OPCC's managers record items directly (inspectorate findings, its own reviews, domestic
homicide review learning) and inspections with their grades, set each item's priority, links
and publication, and close items with a decision; an owner's editors add evidence and move
their items on. Each change is recorded in the audit trail (never the evidence or reasons
themselves, which are declared personal) and each status change or piece of evidence is
appended to the item's timeline. Module-fed items are brought up to date by `sync`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change

from .constants import DIRECT_SOURCES, OWNER_STATUSES, ClosingDecision, Status
from .models import Inspection, InspectionGrade, Recommendation, Update


def _save[M: (Inspection, InspectionGrade, Recommendation)](
    instance: M, *, actor: Any, summary: str, organisation_id: int | None = None
) -> M:
    with audited_change(
        instance, actor=actor, summary=summary, organisation_id=organisation_id, stored=True
    ):
        if (
            instance._state.adding
            and hasattr(instance, "created_by")
            and getattr(actor, "is_authenticated", False)
        ):
            instance.created_by = actor
        instance.full_clean()
        instance.save()
    return instance


@transaction.atomic
def inspection_save(*, inspection: Inspection, actor: Any) -> Inspection:
    verb = "Added" if inspection._state.adding else "Changed"
    return _save(inspection, actor=actor, summary=f"{verb} the inspection {inspection.title}")


@transaction.atomic
def grade_save(*, grade: InspectionGrade, actor: Any) -> InspectionGrade:
    if grade._state.adding and grade.inspection.grades.filter(area=grade.area).exists():
        raise ValidationError({"area": "This inspection already has a grade for this area"})
    return _save(grade, actor=actor, summary=f"Graded {grade.inspection.title}: {grade}")


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation, actor: Any) -> Recommendation:
    """Saves an item the OPCC entered, or the tracker's own fields (priority, links,
    publication) of any item. A module-fed item is created only by its module."""
    if recommendation._state.adding and recommendation.source not in DIRECT_SOURCES:
        raise ValidationError(
            {"source": "Items from this source come from their module; record them there"}
        )
    if recommendation.status == Status.CLOSED and recommendation._state.adding:
        raise ValidationError({"status": "A new recommendation cannot start closed"})
    verb = "Recorded" if recommendation._state.adding else "Changed"
    return _save(
        recommendation,
        actor=actor,
        summary=f"{verb} the recommendation {recommendation.title}",
        organisation_id=recommendation.owner_id,
    )


@transaction.atomic
def update_add(
    *, recommendation: Recommendation, actor: Any, evidence: str, status: str = ""
) -> Update:
    """Appends evidence (and, optionally, a new status short of closed) to an open item."""
    evidence = evidence.strip()
    if recommendation.status == Status.CLOSED:
        raise ValidationError("This recommendation is closed: it takes no more updates")
    if status and status not in OWNER_STATUSES:
        raise ValidationError({"status": "Choose open, in progress or done"})
    if not evidence and (not status or status == recommendation.status):
        raise ValidationError({"evidence": "Enter the evidence or choose a new status"})
    old_status = recommendation.status
    if status and status != old_status:
        with audited_change(
            recommendation,
            actor=actor,
            summary=f"Moved the recommendation {recommendation.title} to "
            f"{Status(status).label.lower()}",
            organisation_id=recommendation.owner_id,
        ):
            recommendation.status = status
            recommendation.save()
    update = Update(
        recommendation=recommendation,
        at=timezone.now(),
        by=actor if getattr(actor, "is_authenticated", False) else None,
        status_from=old_status,
        status_to=status or old_status,
        evidence=evidence,
    )
    with audited_change(
        update,
        actor=actor,
        summary=f"Added an update to the recommendation {recommendation.title}",
        organisation_id=recommendation.owner_id,
    ):
        update.full_clean()
        update.save()
    return update


@transaction.atomic
def recommendation_close(
    *, recommendation: Recommendation, actor: Any, decision: str, reason: str
) -> Recommendation:
    """The OPCC's closing decision: discharged, not accepted or superseded, with its reason."""
    if recommendation.status == Status.CLOSED:
        raise ValidationError("This recommendation is already closed")
    if decision not in ClosingDecision.values:
        raise ValidationError({"decision": "Choose discharged, not accepted or superseded"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the decision"})
    old_status = recommendation.status
    with audited_change(
        recommendation,
        actor=actor,
        summary=f"Closed the recommendation {recommendation.title}: "
        f"{ClosingDecision(decision).label.lower()}",
        organisation_id=recommendation.owner_id,
    ):
        recommendation.status = Status.CLOSED
        recommendation.closing_decision = decision
        recommendation.closing_reason = reason.strip()
        recommendation.closed_on = timezone.localdate()
        recommendation.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        recommendation.full_clean()
        recommendation.save()
    Update.objects.create(
        recommendation=recommendation,
        at=timezone.now(),
        by=recommendation.closed_by,
        status_from=old_status,
        status_to=Status.CLOSED,
    )
    return recommendation
