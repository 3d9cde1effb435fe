"""A mail backend for tests that behaves as a mail server refusing every recipient."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        for message in email_messages:
            refused = {address: (550, b"5.1.1 User unknown") for address in message.to}
            raise smtplib.SMTPRecipientsRefused(refused)
        return 0


REFUSING = {"default": {"BACKEND": "crimeplan.core.tests.refusing_mail.RefusingBackend"}}
