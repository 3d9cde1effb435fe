"""`crimeplan import-aggregates FILE...`: aggregated-data and population template files."""

import time
from pathlib import Path
from typing import cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.crime_data import aggregates
from crimeplan.crime_data.importing import ImportFileError
from crimeplan.geography.models import Force


class Command(BaseCommand):
    help = (
        "Import aggregated-data template files (measure,area,period_start,period_end,value) "
        "and population template files (area,year,population[,source]), CSV or XLSX. "
        "See docs/how-to/aggregated-data-template.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="load the good rows; write the rejected ones, with reasons, beside the import",
        )
        parser.add_argument(
            "--force", help="police.uk id of the force whose comparison group `msg` means"
        )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        force_id = str(options["force"]) if options["force"] else None
        if force_id and not Force.objects.filter(police_uk_id=force_id).exists():
            raise CommandError(f"--force {force_id}: not a police.uk force id")
        try:
            run = aggregates.run(
                paths=cast(list[Path], options["paths"]),
                actor=None,
                skip_bad_rows=bool(options["skip_bad_rows"]),
                force_id=force_id,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Import {run.pk}: {run.rows_read:,} rows read, {run.rows_loaded:,} loaded, "
            f"{run.rows_rejected:,} rejected, 0 skipped, from "
            + (f"{len(run.files)} files" if len(run.files) > 1 else "1 file")
            + f" in {seconds:.1f} s."
        )
        for record in run.files:
            self.stdout.write(
                f"  {record['name']} ({record['kind']} template): {record['rows_read']:,} read, "
                f"{record['rows_loaded']:,} loaded, {record['rows_rejected']:,} rejected"
            )
        self.stdout.write(run.message)
        if run.rejected_rows_file:
            self.stdout.write(f"Rejected rows, with reasons: {run.rejected_rows_file}")
