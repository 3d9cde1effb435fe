"""`crimeplan offence-measures sync|export FILE|load FILE`: the offence-code → measure mapping."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.crime_data import offence_measures


class Command(BaseCommand):
    help = (
        "Manage the measures made from Home Office offence codes: `sync` creates the shipped "
        "measures that are missing, `export FILE` writes every measure to a TOML file, and "
        "`load FILE` creates or replaces the measures a TOML file defines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("sync", help="create the shipped measures that are missing")
        export = actions.add_parser("export", help="write every measure to a TOML file")
        export.add_argument("file", type=Path)
        load = actions.add_parser("load", help="create or replace the measures a TOML file defines")
        load.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        try:
            if action == "export":
                path = Path(str(options["file"]))
                count = offence_measures.offence_measures_export(path=path)
                self.stdout.write(f"{count} offence measures written to {path}")
                return
            if action == "load":
                report = offence_measures.offence_measures_load(
                    path=Path(str(options["file"])), actor=None
                )
            else:
                report = offence_measures.offence_measures_sync(actor=None)
        except offence_measures.OffenceMeasureFileError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Offence measures: " + "\n".join(report.lines()))
