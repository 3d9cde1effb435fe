"""`crimeplan commissioning summary --format csv`: per fund and round, bids or applications,
amount awarded (won, for national funds) and amount paid, in pounds."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.commissioning import selectors
from crimeplan.commissioning.exports import FORMATS, export_bytes
from crimeplan.commissioning.models import Fund


class Command(BaseCommand):
    help = "Commissioning reports. `summary`: per fund and round, bids, awarded and paid."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        summary = sub.add_parser("summary", help="per fund and round: bids, awarded, paid")
        summary.add_argument("--format", choices=sorted(FORMATS), default="csv")
        summary.add_argument("--fund", help="only this fund (its name)")
        summary.add_argument("--output", type=Path, help="write here instead of standard output")

    def handle(self, *args: object, **options: object) -> None:
        fund = None
        if options["fund"]:
            fund = Fund.objects.filter(name=options["fund"]).first()
            if fund is None:
                raise CommandError(f"--fund: no fund named {options['fund']!r}")
        rows = selectors.summary_for_export(selectors.summary(fund=fund))
        data = export_bytes(
            rows, selectors.SUMMARY_COLUMNS, str(options["format"]), title="commissioning"
        )
        if options["output"]:
            Path(str(options["output"])).write_bytes(data)
            self.stdout.write(f"{len(rows)} rows written to {options['output']}")
        elif options["format"] == "csv":
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            sys.stdout.buffer.write(data)
