"""The e-mail that tells an applicant the panel's decision, with its reasons."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .constants import Decision
from .models import Moderation


def decision_message(moderation: Moderation) -> EmailMessage | None:
    """The decision e-mail to the application's contact, or None when there is no address."""
    application = moderation.application
    if not application.contact_email:
        return None
    funded = moderation.decision == Decision.FUND
    body = render_to_string(
        "commissioning/email/decision.txt",
        {
            "application": application,
            "moderation": moderation,
            "funded": funded,
            "opcc_name": settings.CRIMEPLAN_OPCC_NAME,
            "contact_email": settings.CRIMEPLAN_CONTACT_EMAIL,
        },
    )
    outcome = "funded" if funded else "not funded"
    return EmailMessage(
        subject=f"Your grant application {application.reference}: {outcome}",
        body=body,
        to=[application.contact_email],
        reply_to=[settings.CRIMEPLAN_CONTACT_EMAIL],
    )


def decision_send(moderation_id: int) -> bool:
    """Sends the decision e-mail; run after the decision is committed, so an applicant is
    never told of a decision that was rolled back. True if an e-mail was sent."""
    moderation = Moderation.objects.select_related("application__round__fund").get(pk=moderation_id)
    message = decision_message(moderation)
    if message is None:
        return False
    message.send()
    return True
