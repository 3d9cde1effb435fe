"""The case's steps to and through its review: plain transitions, the threshold decision
and the panel's review."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from ..areas import AreaConfig, configured_area
from ..constants import (
    EventKind,
    Status,
)
from ..models import CaseReview
from .common import (
    change_case,
    check_not_before,
    check_transition,
    compute_threshold,
    require_manager,
)

# The date each plain transition records.
TRANSITION_DATES: dict[str, str] = {
    Status.ACKNOWLEDGED: "acknowledged_on",
    Status.RECOMMENDATIONS_ISSUED: "outcome_sent_on",
    Status.CLOSED: "closed_on",
}


def case_transition(
    *, actor: Any, case: CaseReview, to_status: str, on: datetime.date, note: str = ""
) -> CaseReview:
    """A plain step along the process: acknowledging, starting the threshold check,
    issuing the outcome, closing."""
    require_manager(actor)
    check_transition(case, to_status)
    check_not_before(case, "on", on)
    changes: dict[str, Any] = {"status": to_status}
    if to_status in TRANSITION_DATES:
        changes[TRANSITION_DATES[to_status]] = on
    if to_status == Status.RECOMMENDATIONS_ISSUED and not case.recommendations.exists():
        raise ValidationError({"to_status": ["Record the panel's recommendations first"]})
    return change_case(
        actor=actor,
        case=case,
        kind=EventKind.STATUS,
        text="",
        note=note,
        summary=f"now {Status(to_status).label.lower()}",
        **changes,
    )


def case_decide_threshold(
    *,
    actor: Any,
    case: CaseReview,
    met: bool,
    on: datetime.date,
    override_reason: str = "",
    review_on: datetime.date | None = None,
    victim_invited: bool = False,
    area: AreaConfig | None = None,
) -> CaseReview:
    """The co-ordinator confirms or overrides the computed decision; an override needs a
    recorded reason. Met: the review is scheduled; not met: the case says so."""
    require_manager(actor)
    if case.status != Status.THRESHOLD_CHECK:
        raise ValidationError({"met": ["Start the threshold check before deciding it"]})
    check_not_before(case, "on", on)
    compute_threshold(case, area or configured_area())
    overridden = met != case.threshold_computed_met
    if overridden and not override_reason.strip():
        raise ValidationError(
            {"override_reason": ["Give the reason for deciding differently from the rule"]}
        )
    if met and review_on is None:
        raise ValidationError({"review_on": ["Enter the date of the review meeting"]})
    if review_on is not None and review_on < on:
        raise ValidationError({"review_on": ["The review must be on or after the decision"]})
    word = "met" if met else "not met"
    return change_case(
        actor=actor,
        case=case,
        kind=EventKind.THRESHOLD,
        # The reason for an override is on the case (personal: it is about the people).
        text=(
            f"Threshold {word}, overriding the rule (the reason is on the case)"
            if overridden
            else f"Threshold {word}, as the rule says"
        ),
        summary=f"threshold {word}",
        status=Status.REVIEW_SCHEDULED if met else Status.THRESHOLD_NOT_MET,
        threshold_met=met,
        threshold_override_reason=override_reason.strip() if overridden else "",
        threshold_decided_by=actor,
        threshold_decided_on=on,
        review_scheduled_for=review_on if met else None,
        victim_invited=victim_invited if met else False,
        threshold_explanation=case.threshold_explanation,
        threshold_explanation_for_applicant=case.threshold_explanation_for_applicant,
        threshold_computed_met=case.threshold_computed_met,
    )


def case_record_review(
    *,
    actor: Any,
    case: CaseReview,
    held_on: datetime.date,
    findings: str,
    victim_attended: bool | None,
    victim_support: str,
    perpetrator_support: str,
) -> CaseReview:
    """The panel met: its findings, and the support offered to victim and perpetrator
    (always considered, so both must be recorded, if only as 'none offered, because...')."""
    require_manager(actor)
    check_transition(case, Status.REVIEWED)
    errors = {
        name: ["Record this, even if only why nothing was offered"]
        for name, value in {
            "victim_support": victim_support,
            "perpetrator_support": perpetrator_support,
        }.items()
        if not value.strip()
    }
    if not findings.strip():
        errors["findings"] = ["Enter the panel's findings"]
    if errors:
        raise ValidationError(errors)
    return change_case(
        actor=actor,
        case=case,
        kind=EventKind.REVIEW,
        text="Review held",
        summary="review recorded",
        status=Status.REVIEWED,
        review_held_on=held_on,
        findings=findings,
        victim_attended=victim_attended,
        victim_support=victim_support,
        perpetrator_support=perpetrator_support,
    )
