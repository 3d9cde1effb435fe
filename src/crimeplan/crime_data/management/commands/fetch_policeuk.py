"""`crimeplan fetch-policeuk --force ID --from YYYY-MM --to YYYY-MM`: download a force's street
crime from the police.uk API, resuming an unfinished run, then import it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.crime_data import fetch
from crimeplan.crime_data.importing import ImportFileError


class Command(BaseCommand):
    help = (
        "Download a force's street-level crime from the data.police.uk API, month by month, "
        "resuming what an earlier run left unfinished, then import it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", required=True, help="police.uk force id, e.g. gloucestershire"
        )
        parser.add_argument("--from", dest="first_month", required=True, metavar="YYYY-MM")
        parser.add_argument("--to", dest="last_month", required=True, metavar="YYYY-MM")
        parser.add_argument(
            "--base-url",
            help="the API's address (default: the CRIMEPLAN_POLICEUK_API setting, else "
            f"{fetch.DEFAULT_BASE_URL})",
        )
        parser.add_argument(
            "--rate",
            type=float,
            default=fetch.DEFAULT_RATE,
            help=f"requests a second (default {fetch.DEFAULT_RATE:g}, police.uk's limit)",
        )
        parser.add_argument("--no-import", action="store_true", help="download and merge only")
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="replace months held already even where the new data has over "
            "CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT (default 10) fewer rows",
        )

    def handle(self, *args: object, **options: Any) -> None:
        try:
            api = fetch.PoliceUkApi(
                options["base_url"] or fetch.configured_base_url(), rate=options["rate"]
            )
            result = fetch.run(
                force_id=options["force"],
                first_month=options["first_month"],
                last_month=options["last_month"],
                api=api,
                import_data=not options["no_import"],
                allow_shrink=options["allow_shrink"],
            )
        except fetch.FetchError as error:
            raise CommandError(str(error)) from error
        except ImportFileError as error:
            raise CommandError(f"The download finished but the import failed: {error}") from error
        for month in result.months:
            self.stdout.write(
                f"{month.month}: {month.records:,} crimes from {month.neighbourhoods} "
                f"neighbourhoods ({month.duplicates:,} more on shared boundaries, counted once) "
                f"→ {month.path}"
            )
        stats = result.stats
        self.stdout.write(
            f"Requests: {stats.requests:,} made, {stats.too_many_requests:,} answered 429 Too "
            f"Many Requests, {stats.retries:,} were retries; waited {result.waited_for_rate:.1f} s "
            f"for the rate limit and {stats.waited_for_retry:.1f} s before retrying."
        )
        run = result.import_run
        if run is None:
            self.stdout.write(f"Not imported (--no-import): the month files are in {result.folder}")
            return
        self.stdout.write(
            f"Import {run.pk}: {run.rows_read:,} rows read, {run.rows_loaded:,} loaded, "
            f"{run.rows_rejected:,} rejected; months {', '.join(run.months) or 'none'}."
        )
