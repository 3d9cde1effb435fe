"""`crimeplan crime-summary`: prints stored street-level counts as CSV, JSON or XLSX."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.core.exports import table_bytes
from crimeplan.crime_data import selectors
from crimeplan.geography.models import Force

# Text formats print to standard output; XLSX goes out as bytes.
FORMATS = ("csv", "json", "xlsx")


class Command(BaseCommand):
    help = (
        "Print stored police.uk counts for a force, grouped by month, crime type, district or LSOA."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", required=True, help="police.uk force id")
        parser.add_argument("--from", dest="start", help="first month, YYYY-MM")
        parser.add_argument("--to", dest="end", help="last month, YYYY-MM")
        parser.add_argument(
            "--by",
            default="month,crime_type",
            help=f"comma-separated: {', '.join(selectors.SUMMARY_DIMENSIONS)}",
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--kind", default="street", help="street (archive) or street_api")
        parser.add_argument("--output", type=Path, help="write here instead of standard output")

    def handle(self, *args: object, **options: object) -> None:
        force = Force.objects.filter(police_uk_id=options["force"]).first()
        if force is None:
            raise CommandError(f"--force: no force with the police.uk id {options['force']!r}")
        try:
            start = selectors.month_start(str(options["start"])) if options["start"] else None
            end = selectors.month_start(str(options["end"])) if options["end"] else None
            if start and end and start > end:
                raise ValueError("--from is after --to")
            by = [d.strip() for d in str(options["by"]).split(",") if d.strip()]
            rows = selectors.crime_summary(
                force=force, by=by, start=start, end=end, kind=str(options["kind"])
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        data = table_bytes(
            rows, [*by, "count"], str(options["format"]), title=f"{force.police_uk_id} crime"
        )
        if options["output"]:
            Path(str(options["output"])).write_bytes(data)
            self.stdout.write(f"{len(rows)} rows written to {options['output']}")
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
        quality = selectors.data_quality(
            force=force, kind=str(options["kind"]), start=start, end=end
        )
        for note in quality.notes():
            self.stderr.write(f"Data quality: {note}")
