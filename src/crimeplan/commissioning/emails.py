"""The e-mail that tells an applicant the panel's decision, with its reasons, in the language
the applicant chose to be written to in (the panel's reasons are quoted as typed)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from crimeplan.core.languages import name_in

from .constants import Decision
from .models import Moderation


def decision_message(moderation: Moderation) -> EmailMessage | None:
    """The decision e-mail to the application's contact, or None when there is no address."""
    application = moderation.application
    if not application.contact_email:
        return None
    funded = moderation.decision == Decision.FUND
    language = application.correspondence_language
    with translation.override(language):
        body = render_to_string(
            "commissioning/email/decision.txt",
            {
                "application": application,
                "moderation": moderation,
                "funded": funded,
                "opcc_name": name_in(
                    language, settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
                ),
                "contact_email": settings.CRIMEPLAN_CONTACT_EMAIL,
            },
        )
        subject = (
            gettext("Your grant application %(reference)s: funded")
            if funded
            else gettext("Your grant application %(reference)s: not funded")
        ) % {"reference": application.reference}
    return EmailMessage(
        subject=subject,
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
