"""`crimeplan victims-code remind`: e-mails the partner editors of each agency whose Victims'
Code return for the last ended quarter is overdue (the daily scheduled job)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from crimeplan.victims_code import services


class Command(BaseCommand):
    help = "Victims' Code compliance: remind agencies of overdue quarterly returns."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("remind", help="E-mail agencies whose return is overdue.")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = services.reminders_send(today=timezone.localdate())
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("No Victims' Code returns to chase.")
