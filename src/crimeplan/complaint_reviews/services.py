"""Changes to complaint reviews: keyword-only, one transaction each, logged and audited.

The audit trail and the case's log are written in the services' own words (a reference, a
status, a finding): the complainant's name, contact details and every text they or the
review officer typed are personal (`ComplaintReview.PERSONAL_FIELDS`) and never copied.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crimeplan.accounts.permissions import viewer_for
from crimeplan.audit.services import audit_change, audited_change
from crimeplan.core import languages
from crimeplan.core.letters import long_date
from crimeplan.core.mail import send_courtesy_mail
from crimeplan.core.personal import erase_personal_values

from . import findings
from .constants import (
    DEFAULT_ACK_WORKING_DAYS,
    DEFAULT_DECISION_TARGET_WORKING_DAYS,
    Channel,
    EventKind,
    Finding,
    Status,
)
from .models import ComplaintReview, Recommendation, Reminder, ReviewEvent
from .permissions import REVIEWERS
from .timers import in_time, last_day_to_apply

APPLICATION_FIELDS = (
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "complainant_address",
    "force_reference",
    "outcome_reviewed",
    "outcome_letter_on",
    "grounds",
    "late_reason",
    "correspondence_language",
)


def ack_working_days() -> int:
    return int(getattr(settings, "CRIMEPLAN_COMPLAINT_ACK_WORKING_DAYS", DEFAULT_ACK_WORKING_DAYS))


def decision_target_working_days() -> int:
    return int(
        getattr(
            settings,
            "CRIMEPLAN_COMPLAINT_DECISION_TARGET_WORKING_DAYS",
            DEFAULT_DECISION_TARGET_WORKING_DAYS,
        )
    )


def _require_reviewer(actor: Any) -> None:
    if not viewer_for(actor).has_any(REVIEWERS):
        raise PermissionDenied("Only a complaint review officer can do this.")


def _log(*, review: ComplaintReview, actor: Any, kind: str, text: str) -> ReviewEvent:
    return ReviewEvent.objects.create(
        review=review,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        text=text,
    )


def _not_before_receipt(review: ComplaintReview, field: str, day: datetime.date) -> None:
    if day < review.received_on:
        raise ValidationError({field: ["The date must be on or after the date received"]})


def _change(
    *, actor: Any, review: ComplaintReview, kind: str, text: str, **changes: Any
) -> ComplaintReview:
    """Saves changes to a locked copy of the review, logs and audits them."""
    with transaction.atomic():
        review = ComplaintReview.objects.select_for_update().get(pk=review.pk)
        with audited_change(review, actor=actor, summary=f"{review.reference}: {text}"):
            for name, value in changes.items():
                setattr(review, name, value)
            try:
                review.full_clean()
            except ValidationError as error:
                raise ValidationError(error.message_dict) from None
            review.save()
            _log(review=review, actor=actor, kind=kind, text=text)
    return review


def application_out_of_time_message(outcome_letter_on: datetime.date) -> str:
    """What a late applicant reads: why it is late, and the discretion route."""
    return _(
        "An application for a review must reach us within 28 days of the outcome letter: "
        "for a letter dated %(letter)s, by %(last)s. We can still accept a late application "
        "if there is a good reason for the delay: tell us the reason below and the review "
        "officer will decide whether to accept it."
    ) % {
        "letter": long_date(outcome_letter_on),
        "last": long_date(last_day_to_apply(outcome_letter_on)),
    }


def review_submit(
    *, actor: Any, channel: str, received_on: datetime.date, **fields: Any
) -> ComplaintReview:
    """An application: from the public form (channel web, no actor) or entered by a review
    officer from a letter, an e-mail or a phone call."""
    if channel != Channel.WEB:
        _require_reviewer(actor)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    if not fields.get("correspondence_language"):
        # Not asked (the site offers one language): the default, English.
        fields.pop("correspondence_language", None)
    review = ComplaintReview(
        channel=channel,
        received_on=received_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    outcome_letter_on = fields.get("outcome_letter_on")
    if outcome_letter_on is not None:
        review.in_time = in_time(outcome_letter_on=outcome_letter_on, received_on=received_on)
        if outcome_letter_on > received_on:
            raise ValidationError(
                {"outcome_letter_on": [_("The outcome letter must be dated on or before today")]}
            )
    review.full_clean(exclude=["reference"])
    with transaction.atomic():
        review.save()
        review.reference = f"CR-{received_on.year}-{review.pk:05d}"
        review.save()
        timing = "in time" if review.in_time else "after the 28 days"
        _log(
            review=review,
            actor=actor,
            kind=EventKind.RECEIVED,
            text=f"Received by {Channel(channel).label.lower()}, {timing}",
        )
        audit_change(
            actor=actor,
            instance=review,
            summary=f"Complaint review application {review.reference} received",
        )
    return review


def application_confirm(*, review: ComplaintReview) -> bool:
    """E-mails the complainant their reference if they gave an address (a refusal by the
    mail server is logged, not raised: the application is already saved)."""
    if not review.complainant_email:
        return False
    with translation.override(review.correspondence_language):
        subject = _("Your request for a complaint review %(reference)s") % {
            "reference": review.reference
        }
        message = (
            _(
                "We have received your request for a review of how your complaint was "
                "handled. Your reference is %(reference)s."
            )
            % {"reference": review.reference}
            + "\n"
        )
    return send_courtesy_mail(
        subject=subject,
        message=message,
        recipient=review.complainant_email,
        what=f"Receipt of complaint review {review.reference}",
    )


def _validity_reasons(
    review: ComplaintReview,
    *,
    reviewable: bool,
    already_reviewed: bool,
    late_accepted: bool | None,
    discretion_reason: str,
) -> tuple[bool, list[str]]:
    """Whether the application is valid, and why, in the active language."""
    reasons = []
    if review.in_time:
        reasons.append(_("The application was made within 28 days of the outcome letter."))
    elif late_accepted:
        reasons.append(
            _("The application was late; it was accepted because: %(reason)s")
            % {"reason": discretion_reason.strip()}
        )
    else:
        reasons.append(
            _("The application was late and was not accepted: %(reason)s")
            % {"reason": discretion_reason.strip()}
        )
    if reviewable:
        reasons.append(_("The Police and Crime Commissioner is the relevant review body."))
    else:
        reasons.append(
            _(
                "The Police and Crime Commissioner is not the relevant review body for this "
                "complaint (the IOPC is, or the complaint was not handled under Schedule 3)."
            )
        )
    if already_reviewed:
        reasons.append(_("The outcome has already been reviewed."))
    valid = reviewable and not already_reviewed and bool(review.in_time or late_accepted)
    return valid, reasons


def review_check_validity(
    *,
    actor: Any,
    review: ComplaintReview,
    on: datetime.date,
    reviewable: bool,
    already_reviewed: bool,
    late_accepted: bool | None = None,
    discretion_reason: str = "",
) -> ComplaintReview:
    """Records whether the application is valid, with its reasons: in time (or a late one
    accepted, with the reason the discretion was used), reviewable by this body, not
    already reviewed."""
    _require_reviewer(actor)
    if review.status != Status.RECEIVED:
        raise ValidationError({"reviewable": ["Validity has already been decided"]})
    _not_before_receipt(review, "on", on)
    if not review.in_time:
        if late_accepted is None:
            raise ValidationError(
                {"late_accepted": ["The application is late: decide whether to accept it"]}
            )
        if not discretion_reason.strip():
            raise ValidationError(
                {"discretion_reason": ["Give the reason for accepting or refusing it late"]}
            )
    else:
        late_accepted = None

    def reasons_in(language: str) -> tuple[bool, list[str]]:
        with translation.override(language):
            return _validity_reasons(
                review,
                reviewable=reviewable,
                already_reviewed=already_reviewed,
                late_accepted=late_accepted,
                discretion_reason=discretion_reason,
            )

    # In English for staff and, where the complainant asked for another language, in that
    # language for their letter.
    valid, reasons = reasons_in(languages.ENGLISH)
    for_applicant: list[str] = []
    if review.correspondence_language != languages.ENGLISH:
        for_applicant = reasons_in(review.correspondence_language)[1]
    late_text = ""
    if late_accepted is not None:
        late_text = ", late application accepted" if late_accepted else ", late application refused"
    return _change(
        actor=actor,
        review=review,
        kind=EventKind.VALIDITY,
        text=("valid" if valid else "not valid") + late_text,
        status=Status.VALID if valid else Status.NOT_VALID,
        reviewable=reviewable,
        already_reviewed=already_reviewed,
        late_accepted=late_accepted,
        valid=valid,
        validity_reasons="\n".join(reasons),
        validity_reasons_for_applicant="\n".join(for_applicant),
        validity_decided_on=on,
    )


def review_acknowledge(
    *, actor: Any, review: ComplaintReview, on: datetime.date
) -> ComplaintReview:
    _require_reviewer(actor)
    if review.acknowledged_on is not None:
        raise ValidationError({"on": ["The application has already been acknowledged"]})
    _not_before_receipt(review, "on", on)
    return _change(
        actor=actor,
        review=review,
        kind=EventKind.ACKNOWLEDGED,
        text="acknowledged",
        acknowledged_on=on,
    )


def review_request_file(
    *, actor: Any, review: ComplaintReview, on: datetime.date
) -> ComplaintReview:
    """The request to the force for its complaint file."""
    _require_reviewer(actor)
    if review.status != Status.VALID:
        raise ValidationError({"on": ["Request the file once the application is found valid"]})
    _not_before_receipt(review, "on", on)
    return _change(
        actor=actor,
        review=review,
        kind=EventKind.FILE,
        text="file requested from the force",
        status=Status.FILE_REQUESTED,
        file_requested_on=on,
    )


def review_record_file_received(
    *, actor: Any, review: ComplaintReview, on: datetime.date
) -> ComplaintReview:
    _require_reviewer(actor)
    if review.file_requested_on is None or on < review.file_requested_on:
        raise ValidationError({"on": ["The file must be requested before it is received"]})
    return _change(
        actor=actor,
        review=review,
        kind=EventKind.FILE,
        text="file received from the force",
        file_received_on=on,
    )


def review_declare_conflict(
    *, actor: Any, review: ComplaintReview, has_conflict: bool, on: datetime.date
) -> ComplaintReview:
    """The review officer declares, before deciding, whether they have a conflict of
    interest (any link with the officers, the complainant or the handling of the complaint).
    A declared conflict takes them off the review: another officer declares in turn."""
    _require_reviewer(actor)
    if review.status not in {Status.VALID, Status.FILE_REQUESTED}:
        raise ValidationError({"has_conflict": ["Only a valid application is reviewed"]})
    _not_before_receipt(review, "on", on)
    return _change(
        actor=actor,
        review=review,
        kind=EventKind.CONFLICT,
        text=(
            "the review officer declared a conflict of interest and stood aside"
            if has_conflict
            else "the review officer declared no conflict of interest"
        ),
        reviewer=None if has_conflict else actor,
        has_conflict=has_conflict,
        conflict_declared_on=on,
    )


def review_decide(
    *,
    actor: Any,
    review: ComplaintReview,
    finding: str,
    reasons: str,
    on: datetime.date,
    recommendations: Sequence[str] = (),
) -> ComplaintReview:
    """The review officer's decision: the outcome was reasonable and proportionate, or not,
    with the reasons and, if not, recommendations to the force."""
    _require_reviewer(actor)
    if review.status not in {Status.VALID, Status.FILE_REQUESTED}:
        raise ValidationError({"finding": ["Only a valid application awaiting review is decided"]})
    if review.has_conflict is not False or review.reviewer_id != getattr(actor, "pk", None):
        raise ValidationError(
            {"finding": ["Declare that you have no conflict of interest before deciding"]}
        )
    if finding not in Finding.values:
        raise ValidationError({"finding": ["Choose whether the outcome was reasonable"]})
    if not reasons.strip():
        raise ValidationError({"reasons": ["Enter the reasons for the decision"]})
    texts = [text.strip() for text in recommendations if text.strip()]
    if texts and finding == Finding.REASONABLE:
        raise ValidationError(
            {"recommendations": ["Recommendations follow an outcome found not reasonable"]}
        )
    with transaction.atomic():
        review = _change(
            actor=actor,
            review=review,
            kind=EventKind.DECISION,
            text=f"decided: {Finding(finding).label.lower()}",
            status=Status.DECIDED,
            finding=finding,
            decision_reasons=reasons.strip(),
            decided_on=on,
        )
        for text in texts:
            recommendation_add(actor=actor, review=review, text=text)
    return review


def recommendation_add(*, actor: Any, review: ComplaintReview, text: str) -> Recommendation:
    _require_reviewer(actor)
    if review.finding != Finding.NOT_REASONABLE:
        raise ValidationError({"text": ["Recommendations follow an outcome found not reasonable"]})
    if not text.strip():
        raise ValidationError({"text": ["Enter the recommendation"]})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            review=review, text=text.strip(), created_by=actor
        )
        _log(review=review, actor=actor, kind=EventKind.RECOMMENDATION, text="recommendation made")
        audit_change(
            actor=actor,
            instance=recommendation,
            summary=f"{review.reference}: recommendation made to the force",
        )
        findings.announce_on_commit([findings.recommendation_finding(recommendation)])
    return recommendation


def recommendation_record_response(
    *,
    actor: Any,
    recommendation: Recommendation,
    accepted: bool,
    responded_on: datetime.date,
    acted_on: datetime.date | None = None,
) -> Recommendation:
    """Whether the force accepted the recommendation (and when), and when it acted on it."""
    _require_reviewer(actor)
    review = recommendation.review
    if review.decided_on and responded_on < review.decided_on:
        raise ValidationError({"responded_on": ["The force cannot reply before the decision"]})
    if acted_on is not None and not accepted:
        raise ValidationError({"acted_on": ["Only an accepted recommendation can be acted on"]})
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        word = "accepted" if accepted else "not accepted"
        with audited_change(
            recommendation, actor=actor, summary=f"{review.reference}: recommendation {word}"
        ):
            recommendation.accepted = accepted
            recommendation.responded_on = responded_on
            recommendation.acted_on = acted_on
            try:
                recommendation.full_clean()
            except ValidationError as error:
                raise ValidationError(error.message_dict) from None
            recommendation.save()
            acted = ", acted on" if acted_on else ""
            _log(
                review=review,
                actor=actor,
                kind=EventKind.RECOMMENDATION,
                text=f"the force's reply: {word}{acted}",
            )
        findings.announce_on_commit([findings.recommendation_finding(recommendation)])
    return recommendation


def reminders_record(*, reminded: Sequence[tuple[ComplaintReview, str]], on: datetime.date) -> None:
    """Notes the day the officers were e-mailed about each (review, timer)."""
    with transaction.atomic():
        for review, timer in reminded:
            Reminder.objects.update_or_create(
                review=review, timer=timer.lower(), defaults={"sent_on": on}
            )


ANONYMISED = "[anonymised]"


def review_anonymise(*, review: ComplaintReview, reason: str, actor: Any = None) -> ComplaintReview:
    """Removes what identifies the complainant once the retention period has passed: every
    personal field the review (and its recommendations, if they ever declare any) holds.
    Dates, channel, statuses, validity, the finding and the force's replies stay, so the
    quarterly figures do not change. The log's texts are the services' own words, never
    personal, and stay as they are; the history never held the personal fields. Audited by
    the reference and a count; a review already anonymised is left alone."""
    with transaction.atomic():
        review = ComplaintReview.objects.select_for_update().get(pk=review.pk)
        if review.anonymised_at is not None:
            return review
        with audited_change(review, actor=actor, summary="") as change:
            cleared = len(erase_personal_values(review, placeholder=ANONYMISED))
            for recommendation in review.recommendations.all():
                erased = erase_personal_values(recommendation, placeholder=ANONYMISED)
                if erased:
                    recommendation.save()
                    cleared += len(erased)
            review.anonymised_at = timezone.now()
            review.save()
            change.summary = (
                f"{review.reference}: anonymised ({reason}), {cleared} personal fields cleared"
            )
            _log(
                review=review,
                actor=actor,
                kind=EventKind.ANONYMISED,
                text="personal details removed",
            )
        # Anonymised, the review's recommendations leave the tracker.
        findings.announce_on_commit(findings.review_findings(review))
    return review
