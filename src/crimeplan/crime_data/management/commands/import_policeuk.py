"""`crimeplan import-policeuk PATH...`: archive zips, folders, monthly CSVs or API JSON."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from crimeplan.crime_data import policeuk
from crimeplan.crime_data.importing import ImportFileError


class Command(BaseCommand):
    help = "Import police.uk street, outcomes and stop-and-search files (and API JSON)."
    # The system checks import every page's code (charts, PDFs, statistics): seconds of CPU
    # that a data import does not need. `crimeplan check` and the server still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="load the good rows; write the rejected ones, with reasons, beside the import",
        )
        parser.add_argument(
            "--force", help="police.uk force id, for API JSON and stop-and-search files"
        )
        parser.add_argument(
            "--api-covers-force",
            action="store_true",
            help="API JSON holds the whole force (as fetch-policeuk makes), not an area",
        )
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="replace months held already even where the new data has over "
            "CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT (default 10) fewer rows",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        bar = tqdm(
            unit=" rows",
            unit_scale=True,
            disable=bool(options["no_progress"]),
            desc="police.uk import",
            file=self.stderr._out,
        )

        def progress(done: int, latest: int) -> None:
            bar.update(latest)

        try:
            run = policeuk.run(
                paths=list(options["paths"]),  # type: ignore[call-overload]
                skip_bad_rows=bool(options["skip_bad_rows"]),
                force_id=options["force"],  # type: ignore[arg-type]
                api_covers_force=bool(options["api_covers_force"]),
                progress=progress,
                allow_shrink=bool(options["allow_shrink"]),
            )
        except ImportFileError as error:
            bar.close()
            raise CommandError(str(error)) from error
        bar.close()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Import {run.pk}: {run.rows_read:,} rows read, {run.rows_loaded:,} loaded, "
            f"{run.rows_rejected:,} rejected, from {len(run.files)} files in {seconds:.1f} s; "
            f"forces {', '.join(run.forces) or 'none'}; months {', '.join(run.months) or 'none'}."
        )
        if run.rejected_rows_file:
            self.stdout.write(f"Rejected rows, with reasons: {run.rejected_rows_file}")
