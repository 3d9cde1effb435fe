"""`crimeplan scrutiny icv-figures --year YYYY --format csv|json|xlsx`: the ICV scheme's
annual statistics by custody suite and quarter of the financial year (April to March)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.core.exports import table_bytes
from crimeplan.scrutiny import selectors
from crimeplan.scrutiny.figures import ICV_COLUMNS

# Text formats print to standard output; XLSX goes out as bytes.
FORMATS = ("csv", "json", "xlsx")


class Command(BaseCommand):
    help = "Custody visiting and scrutiny panel figures."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        icv = commands.add_parser("icv-figures", help="ICV annual statistics by suite and quarter")
        icv.add_argument(
            "--year", type=int, required=True, help="financial year starting in April of YYYY"
        )
        icv.add_argument("--format", choices=sorted(FORMATS), default="csv")
        icv.add_argument("--output", type=Path, help="write here instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "icv-figures":
            self._icv_figures(options)

    def _icv_figures(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year: {year} is not a plausible financial year")
        rows = [row.as_dict() for row in selectors.icv_figures(year=year)]
        data = table_bytes(rows, ICV_COLUMNS, options["format"], title=f"ICV {year}")
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stdout.write(f"{len(rows)} rows written to {options['output']}")
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
