"""`crimeplan load-reference`: forces, populations, comparison groups, districts and LSOAs."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.geography import loader


class Command(BaseCommand):
    help = "Load the reference geography from the real public data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--shared-data", type=Path, default=settings.CRIMEPLAN_SHARED_DATA)
        parser.add_argument("--force", default=settings.CRIMEPLAN_FORCE, help="police.uk force id")
        parser.add_argument("--districts", type=Path, help="LSOA → district file (see docs)")
        parser.add_argument("--boundaries", type=Path, help="district boundaries GeoJSON")

    def handle(self, *args: object, **options: object) -> None:
        shared = Path(str(options["shared_data"]))
        if not shared.is_dir():
            raise CommandError(
                f"The public data folder {shared} does not exist: set CRIMEPLAN_SHARED_DATA."
            )
        try:
            report = loader.run(
                shared_data=shared,
                force_id=str(options["force"]),
                districts_file=options["districts"],  # type: ignore[arg-type]
                boundaries_file=options["boundaries"],  # type: ignore[arg-type]
            )
        except loader.ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
