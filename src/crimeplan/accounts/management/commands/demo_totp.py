"""`crimeplan demo-totp EMAIL`: prints a demo account's current authenticator code."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.accounts.demo import demo_credentials


class Command(BaseCommand):
    help = "Print the current authenticator (TOTP) code of a demonstration account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: object, **options: object) -> None:
        if settings.CRIMEPLAN_IS_PRODUCTION:
            raise CommandError("demo-totp is for demonstration installations only.")
        creds = demo_credentials().get(str(options["email"]).lower())
        if creds is None:
            raise CommandError(
                f"{options['email']} is not a demonstration account (run load-demo)."
            )
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(creds["totp_secret"], counter)))
