"""Applications: what makes one complete, receiving it (from the public form or recorded by
staff), and acknowledging it to the applicant."""

import datetime
import hashlib
import hmac
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crimeplan.audit.services import audit_change
from crimeplan.core.mail import send_courtesy_mail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from ..areas import AreaConfig, configured_area
from ..constants import (
    ApplicantRelationship,
    Channel,
    ContactPreference,
    EventKind,
)
from ..models import CaseReview, Incident
from .common import (
    compute_threshold,
    log_event,
    require_manager,
)

INCIDENT_FIELDS = (
    "occurred_on",
    "reported_on",
    "reported_to",
    "agency_reference",
    "hate_motivated",
    "location",
    "reported_by",
)
CONTACT_NEEDED: dict[str, tuple[str, "StrOrPromise"]] = {
    ContactPreference.EMAIL: (
        "applicant_email",
        gettext_lazy("Enter an e-mail address, as that is how you would like us to contact you"),
    ),
    ContactPreference.PHONE: (
        "applicant_phone",
        gettext_lazy("Enter a phone number, as that is how you would like us to contact you"),
    ),
    ContactPreference.POST: (
        "applicant_address",
        gettext_lazy("Enter a postal address, as that is how you would like us to contact you"),
    ),
}


def applicant_key(*, email: str, phone: str) -> str:
    """A keyed hash of the applicant's contact, so repeat applicants can be counted without
    comparing (or exporting) the contact details themselves."""
    contact = email.strip().lower() or "".join(ch for ch in phone if ch.isdigit())
    if not contact:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), contact.encode(), hashlib.sha256).hexdigest()


def application_validate(fields: dict[str, Any], *, incident_count: int | None) -> None:
    """What makes an application complete beyond each field's own format: consent, the
    contact detail for the chosen way of contact, at least one incident (unless
    `incident_count` is None, when the incidents are being corrected separately)."""
    errors: dict[str, list[str]] = {}
    if not fields.get("consent_to_share"):
        errors["consent_to_share"] = [
            _("Agree that we may share the application with the bodies that review it")
        ]
    relationship = fields.get("applicant_relationship")
    if relationship and relationship != ApplicantRelationship.VICTIM:
        if not fields.get("victim_consent"):
            errors["victim_consent"] = [_("Confirm that the victim has agreed to you applying")]
        if not fields.get("victim_name", "").strip():
            errors["victim_name"] = [_("Enter the name of the person, business or group affected")]
    preference = fields.get("contact_preference")
    needed = CONTACT_NEEDED.get(str(preference))
    if needed and not str(fields.get(needed[0], "")).strip():
        errors[needed[0]] = [str(needed[1])]
    if incident_count == 0:
        errors["__all__"] = [_("Tell us about at least one incident you reported")]
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
        require_manager(actor)
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
        compute_threshold(case, area or configured_area())
        case.save()
        log_event(case=case, actor=actor, kind=EventKind.STATUS, text=f"Received by {channel}")
        audit_change(
            actor=actor,
            instance=case,
            summary=f"ASB Case Review application {case.reference} received",
        )
    return case


def application_acknowledge(*, case: CaseReview) -> bool:
    """E-mails the applicant their reference, if they gave an address. Called once the case
    is saved (outside its transaction): a refused address must not make the applicant send
    it again, so a mail server's refusal is logged, not raised. Returns whether it was sent."""
    if not case.applicant_email:
        return False
    with translation.override(case.correspondence_language):
        subject = _("Your ASB Case Review application %(reference)s") % {
            "reference": case.reference
        }
        message = (
            _("Thank you for applying for an ASB Case Review. Your reference is %(reference)s.")
            % {"reference": case.reference}
            + "\n"
            + _(
                "We will check whether the threshold for a review is met and write to you "
                "with our decision."
            )
            + "\n"
        )
    return send_courtesy_mail(
        subject=subject,
        message=message,
        recipient=case.applicant_email,
        what=f"Acknowledgement of ASB Case Review {case.reference}",
    )
