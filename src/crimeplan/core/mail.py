"""E-mail sent to members of the public as a courtesy (an acknowledgement, a link to return
to a form): a mail server that refuses the address or cannot be reached must not turn the
request that sent it into a server error after the record was saved."""

import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def send_courtesy_mail(*, subject: str, message: str, recipient: str, what: str) -> bool:
    """Sends one e-mail; returns False, logging `what` (never the address), if it could not
    be sent."""
    try:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("%s not sent: %s", what, type(error).__name__)
        return False
    return True
