"""`crimeplan load-ons-asb FILE [--force ID]`: the ONS table of ASB incidents by police force
area (XLSX, ODS or CSV) into the long-run series. See docs/how-to/ons-asb-long-run.md."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.performance import longrun


class Command(BaseCommand):
    help = (
        "Load the ONS table 'Anti-social behaviour incidents recorded by the police, by police "
        "force area' (XLSX, ODS or CSV): incidents or rates per 1,000 by year ending March for "
        "forces, regions and England and Wales. Loading the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            default=settings.CRIMEPLAN_FORCE,
            help="police.uk id of the force whose Most Similar Group a row coded `msg` holds "
            "(default: CRIMEPLAN_FORCE)",
        )
        parser.add_argument(
            "--source", default="", help="the source label to store (default: the sheet title)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = longrun.run(
                options["path"], force_id=options["force"], source=options["source"]
            )
        except longrun.AsbFileError as error:
            raise CommandError(f"{error} Nothing was stored.") from error
        for line in report.lines():
            self.stdout.write(line)
