"""Changes to ASB Case Reviews. Each validates, saves, writes the case's event log and the
audit trail in one transaction, and returns the record."""

import datetime
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import viewer_for
from crimeplan.audit.services import AuditSnapshot, audit_change, audit_snapshot
from crimeplan.core.personal import erase_personal_values

from . import threshold
from .areas import AreaConfig, configured_area
from .constants import (
    NEXT_STATUSES,
    ApplicantRelationship,
    Channel,
    ContactPreference,
    EventKind,
    Status,
)
from .models import CaseEvent, CaseReview, Escalation, Incident, InvitedBody, Recommendation

MANAGERS = (Role.ASB_COORDINATOR, Role.OPCC_ADMIN)
# The date each plain transition records.
TRANSITION_DATES: dict[str, str] = {
    Status.ACKNOWLEDGED: "acknowledged_on",
    Status.RECOMMENDATIONS_ISSUED: "outcome_sent_on",
    Status.CLOSED: "closed_on",
}
INCIDENT_FIELDS = (
    "occurred_on",
    "reported_on",
    "reported_to",
    "agency_reference",
    "hate_motivated",
    "location",
    "reported_by",
)
ANONYMISED = "[anonymised]"
CONTACT_NEEDED: dict[str, tuple[str, str]] = {
    ContactPreference.EMAIL: ("applicant_email", "Enter an e-mail address"),
    ContactPreference.PHONE: ("applicant_phone", "Enter a phone number"),
    ContactPreference.POST: ("applicant_address", "Enter a postal address"),
}


def _require_manager(actor: Any) -> None:
    if not viewer_for(actor).has_any(MANAGERS):
        raise PermissionDenied("Only the ASB Case Review co-ordinator can do this.")


def applicant_key(*, email: str, phone: str) -> str:
    """A keyed hash of the applicant's contact, so repeat applicants can be counted without
    comparing (or exporting) the contact details themselves."""
    contact = email.strip().lower() or "".join(ch for ch in phone if ch.isdigit())
    if not contact:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), contact.encode(), hashlib.sha256).hexdigest()


def _log(
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


def application_validate(fields: dict[str, Any], *, incident_count: int | None) -> None:
    """What makes an application complete beyond each field's own format: consent, the
    contact detail for the chosen way of contact, at least one incident (unless
    `incident_count` is None, when the incidents are being corrected separately)."""
    errors: dict[str, list[str]] = {}
    if not fields.get("consent_to_share"):
        errors["consent_to_share"] = [
            "Agree that we may share the application with the bodies that review it"
        ]
    relationship = fields.get("applicant_relationship")
    if relationship and relationship != ApplicantRelationship.VICTIM:
        if not fields.get("victim_consent"):
            errors["victim_consent"] = ["Confirm that the victim has agreed to you applying"]
        if not fields.get("victim_name", "").strip():
            errors["victim_name"] = ["Enter the name of the person, business or group affected"]
    preference = fields.get("contact_preference")
    needed = CONTACT_NEEDED.get(str(preference))
    if needed and not str(fields.get(needed[0], "")).strip():
        errors[needed[0]] = [f"{needed[1]}, as that is how you would like us to contact you"]
    if incident_count == 0:
        errors["__all__"] = ["Tell us about at least one incident you reported"]
    if errors:
        raise ValidationError(errors)


def case_submit(
    *,
    actor: Any,
    channel: str,
    received_on: datetime.date,
    incidents: Sequence[dict[str, Any]],
    area: AreaConfig | None = None,
    **fields: Any,
) -> CaseReview:
    """An application, from the public form (channel web, no actor) or recorded by staff
    from a phone call, e-mail or letter."""
    if channel != Channel.WEB:
        _require_manager(actor)
    application_validate(fields, incident_count=len(incidents))
    case = CaseReview(
        channel=channel,
        received_on=received_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        applicant_key=applicant_key(
            email=fields.get("applicant_email", ""), phone=fields.get("applicant_phone", "")
        ),
        **fields,
    )
    case.full_clean(exclude=["reference"])
    rows = [Incident(**{key: item.get(key, "") for key in INCIDENT_FIELDS}) for item in incidents]
    for row in rows:
        row.hate_motivated = bool(row.hate_motivated)
        row.full_clean(exclude=["case"])
    with transaction.atomic():
        case.save()
        case.reference = f"ASB-{received_on.year}-{case.pk:05d}"
        for row in rows:
            row.case = case
            row.save()
        _compute_threshold(case, area or configured_area())
        case.save()
        _log(case=case, actor=actor, kind=EventKind.STATUS, text=f"Received by {channel}")
        audit_change(
            actor=actor,
            instance=case,
            summary=f"ASB Case Review application {case.reference} received",
        )
    return case


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


def _compute_threshold(case: CaseReview, area: AreaConfig) -> None:
    decision = case_threshold_decision(case, area)
    case.threshold_computed_met = decision.met
    case.threshold_explanation = "\n".join(decision.reasons)


def _change(
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
        before = audit_snapshot(case)
        from_status = case.status
        for name, value in changes.items():
            setattr(case, name, value)
        try:
            case.full_clean()
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        case.save()
        _log(case=case, actor=actor, kind=kind, text=text, from_status=from_status, note=note)
        audit_change(
            actor=actor, instance=case, before=before, summary=f"{case.reference}: {summary}"
        )
    return case


def _check_transition(case: CaseReview, to_status: str) -> None:
    if to_status not in NEXT_STATUSES.get(case.status, frozenset()):
        raise ValidationError(
            {
                "to_status": [
                    f"A case that is {case.get_status_display().lower()} cannot become "
                    f"{Status(to_status).label.lower()}"
                ]
            }
        )


def _check_not_before(case: CaseReview, field: str, day: datetime.date) -> None:
    if day < case.received_on:
        raise ValidationError({field: ["The date must be on or after the date received"]})


def case_transition(
    *, actor: Any, case: CaseReview, to_status: str, on: datetime.date, note: str = ""
) -> CaseReview:
    """A plain step along the process: acknowledging, starting the threshold check,
    issuing the outcome, closing."""
    _require_manager(actor)
    _check_transition(case, to_status)
    _check_not_before(case, "on", on)
    changes: dict[str, Any] = {"status": to_status}
    if to_status in TRANSITION_DATES:
        changes[TRANSITION_DATES[to_status]] = on
    if to_status == Status.RECOMMENDATIONS_ISSUED and not case.recommendations.exists():
        raise ValidationError({"to_status": ["Record the panel's recommendations first"]})
    return _change(
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
    _require_manager(actor)
    if case.status != Status.THRESHOLD_CHECK:
        raise ValidationError({"met": ["Start the threshold check before deciding it"]})
    _check_not_before(case, "on", on)
    _compute_threshold(case, area or configured_area())
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
    return _change(
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
    _require_manager(actor)
    _check_transition(case, Status.REVIEWED)
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
    return _change(
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


def _audit_child(
    actor: Any,
    instance: Any,
    case: CaseReview,
    summary: str,
    before: AuditSnapshot | None = None,
) -> None:
    audit_change(
        actor=actor, instance=instance, before=before, summary=f"{case.reference}: {summary}"
    )


def body_invite(
    *, actor: Any, case: CaseReview, organisation: Organisation, on: datetime.date
) -> InvitedBody:
    _require_manager(actor)
    if case.bodies.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": [f"{organisation} is already invited"]})
    _check_not_before(case, "on", on)
    with transaction.atomic():
        body = InvitedBody.objects.create(
            case=case, organisation=organisation, invited_on=on, created_by=actor
        )
        _log(case=case, actor=actor, kind=EventKind.INVITED, text=f"{organisation} invited")
        _audit_child(actor, body, case, f"{organisation} invited")
    return body


def body_record_account(
    *, actor: Any, body: InvitedBody, account: str, on: datetime.date
) -> InvitedBody:
    """What an invited body had done, recorded by its own editor or the co-ordinator."""
    viewer = viewer_for(actor)
    if not (
        viewer.has_any(MANAGERS) or viewer.has_role_in(body.organisation_id, [Role.PARTNER_EDITOR])
    ):
        raise PermissionDenied("Only the body itself or the co-ordinator can record this.")
    if not account.strip():
        raise ValidationError({"account": ["Enter what your organisation had done"]})
    with transaction.atomic():
        body = InvitedBody.objects.select_for_update().get(pk=body.pk)
        before = audit_snapshot(body)
        body.account = account.strip()
        body.account_recorded_on = on
        body.save()
        _log(
            case=body.case,
            actor=actor,
            kind=EventKind.RESPONSE,
            text=f"{body.organisation} recorded what it had done",
        )
        _audit_child(actor, body, body.case, "body's account recorded", before)
    return body


def recommendation_add(
    *, actor: Any, case: CaseReview, text: str, owner: Organisation, due_on: datetime.date
) -> Recommendation:
    _require_manager(actor)
    if case.status not in {Status.REVIEWED, Status.RECOMMENDATIONS_ISSUED}:
        raise ValidationError({"text": ["Recommendations follow the review"]})
    if case.review_held_on and due_on < case.review_held_on:
        raise ValidationError({"due_on": ["The due date must be after the review"]})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            case=case, text=text.strip(), owner=owner, due_on=due_on, created_by=actor
        )
        _log(
            case=case,
            actor=actor,
            kind=EventKind.RECOMMENDATION,
            text=f"Recommendation for {owner}, due {due_on:%d %B %Y}",
        )
        _audit_child(actor, recommendation, case, "recommendation added")
    return recommendation


def recommendation_complete(
    *, actor: Any, recommendation: Recommendation, completed_on: datetime.date, note: str
) -> Recommendation:
    """Done: by the co-ordinator, or an editor of the organisation that owns it."""
    viewer = viewer_for(actor)
    if not (
        viewer.has_any(MANAGERS)
        or viewer.has_role_in(recommendation.owner_id, [Role.PARTNER_EDITOR])
    ):
        raise PermissionDenied("Only the owner or the co-ordinator can record this.")
    if recommendation.completed_on is not None:
        raise ValidationError({"completed_on": ["This recommendation is already complete"]})
    if completed_on < recommendation.created_at.date():
        raise ValidationError({"completed_on": ["It cannot be done before it was made"]})
    with transaction.atomic():
        before = audit_snapshot(recommendation)
        recommendation.completed_on = completed_on
        recommendation.completion_note = note.strip()
        recommendation.save()
        case = recommendation.case
        _log(
            case=case,
            actor=actor,
            kind=EventKind.RECOMMENDATION,
            text=f"Recommendation for {recommendation.owner} completed",
        )
        _audit_child(actor, recommendation, case, "recommendation done", before)
    return recommendation


def escalation_record(
    *, actor: Any, case: CaseReview, received_on: datetime.date, grounds: str
) -> Escalation:
    """The applicant wrote to say they are unhappy with how the case was handled."""
    _require_manager(actor)
    _check_transition(case, Status.ESCALATED)
    if not grounds.strip():
        raise ValidationError({"grounds": ["Enter why the applicant is unhappy"]})
    _check_not_before(case, "received_on", received_on)
    with transaction.atomic():
        escalation = Escalation.objects.create(
            case=case, received_on=received_on, grounds=grounds.strip(), created_by=actor
        )
        _change(
            actor=actor,
            case=case,
            kind=EventKind.ESCALATION,
            text="The applicant escalated the handling of the case to the OPCC",
            summary="escalated",
            status=Status.ESCALATED,
        )
        _audit_child(actor, escalation, case, "escalation recorded")
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
    with transaction.atomic():
        before = audit_snapshot(escalation)
        escalation.outcome = outcome.strip()
        escalation.reviewed_on = on
        escalation.reviewed_by = actor
        escalation.save()
        _change(
            actor=actor,
            case=escalation.case,
            kind=EventKind.ESCALATION,
            text="The OPCC reviewed the escalation (its outcome is on the escalation)",
            summary="escalation reviewed, closed",
            status=Status.CLOSED,
            closed_on=on,
        )
        _audit_child(actor, escalation, escalation.case, "escalation reviewed", before)
    return escalation


def case_anonymise(
    *, case: CaseReview, actor: Any = None, reason: str = "after the retention period"
) -> CaseReview:
    """Removes what identifies anyone, keeping what the annual figures count (dates,
    channel, district, statuses, the threshold decision): every personal field the case and
    its incidents, bodies' accounts, recommendations, escalations and log notes declare. Their
    history never held those fields, so it stays as the record of what happened when."""
    with transaction.atomic():
        case = CaseReview.objects.select_for_update().get(pk=case.pk)
        before = audit_snapshot(case)
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
        _log(case=case, actor=actor, kind=EventKind.ANONYMISED, text="Personal details removed")
        audit_change(
            actor=actor,
            instance=case,
            before=before,
            summary=f"{case.reference}: anonymised ({reason})",
        )
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
