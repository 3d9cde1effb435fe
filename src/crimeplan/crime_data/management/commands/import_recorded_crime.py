"""`crimeplan import-recorded-crime FILE`: a Home Office police recorded crime table."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.crime_data import offence_measures, recorded_crime
from crimeplan.crime_data.importing import ImportFileError, rows_text


class Command(BaseCommand):
    help = (
        "Import a Home Office police recorded crime table (force by quarter by offence code, "
        "CSV), then create any shipped offence measures that are missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="load the good rows; write the rejected ones, with reasons, beside the import",
        )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        try:
            run = recorded_crime.run(
                path=Path(str(options["file"])),
                actor=None,
                skip_bad_rows=bool(options["skip_bad_rows"]),
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        record = run.files[0]
        self.stdout.write(
            f"Import {run.pk}: {run.rows_read:,} rows read, {run.rows_loaded:,} loaded, "
            f"{run.rows_rejected:,} rejected, {record['rows_skipped']:,} skipped "
            f"(not territorial forces) in {seconds:.1f} s."
        )
        self.stdout.write(run.message)
        for body, skipped in record["skipped_bodies"].items():
            self.stdout.write(
                f"  skipped {body}: {rows_text(skipped['rows'])}, {skipped['offences']:,} offences"
            )
        if run.rejected_rows_file:
            self.stdout.write(f"Rejected rows, with reasons: {run.rejected_rows_file}")
        report = offence_measures.offence_measures_sync(actor=None)
        self.stdout.write("Offence measures: " + "\n".join(report.lines()))
