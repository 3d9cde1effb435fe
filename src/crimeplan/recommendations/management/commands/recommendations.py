"""`crimeplan recommendations sync`: applies every module's findings to the tracker (the daily
scheduled job; running it again changes nothing)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crimeplan.recommendations.sync import CREATED, UNCHANGED, UPDATED, sync_all


class Command(BaseCommand):
    help = "Recommendations tracker: bring it up to date with every module's findings."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("sync", help="Apply every module's findings to the tracker.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sync_all()
        self.stdout.write(
            f"Recommendations: {counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged."
        )
