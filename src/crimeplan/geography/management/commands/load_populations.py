"""`crimeplan load-populations FILE`: add force populations from `area,year,population,source`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.geography.services import PopulationFileError, force_populations_import


class Command(BaseCommand):
    help = "Add or replace force populations from a CSV file (area,year,population,source)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.exists():
            raise CommandError(f"{path}: file not found")
        try:
            result = force_populations_import(path=path, actor=None)
        except PopulationFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.saved} populations saved from {path}")
