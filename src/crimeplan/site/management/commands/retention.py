"""`crimeplan retention apply [--dry-run] [--kind KIND]` and `crimeplan retention schedule`:
the retention schedule (crimeplan.retention), applied daily by the operator's scheduler."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.core.ratelimit import purge_expired_database_cache
from crimeplan.retention import (
    SCHEDULE,
    retention_apply,
    retention_cutoff,
    retention_period_text,
)


class Command(BaseCommand):
    help = "Delete or anonymise personal data kept longer than the retention schedule says."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        apply = commands.add_parser("apply", help="Apply the schedule as of today.")
        apply.add_argument(
            "--dry-run", action="store_true", help="count what is due; change nothing"
        )
        apply.add_argument(
            "--kind",
            action="append",
            default=[],
            choices=[kind.key for kind in SCHEDULE],
            help="only this kind (repeat for more); all kinds if not given",
        )
        commands.add_parser("schedule", help="Print the schedule as configured.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["action"] == "schedule":
            for kind in SCHEDULE:
                cutoff = retention_cutoff(kind, today)
                self.stdout.write(
                    f"{kind.key}: {retention_period_text(kind)} (today: on or before "
                    f"{cutoff}); {kind.action}"
                )
            return
        dry_run = options["dry_run"]
        results = retention_apply(today=today, dry_run=dry_run, keys=options["kind"])
        verb = "due" if dry_run else "done"
        for result in results:
            if result.error:
                self.stderr.write(f"{result.kind.key}: FAILED, nothing changed ({result.error})")
            else:
                self.stdout.write(
                    f"{result.kind.key}: {result.count} {verb} (kept since {result.cutoff} "
                    "or before)"
                )
        if not dry_run and not options["kind"]:
            purged = purge_expired_database_cache()
            self.stdout.write(f"expired sign-in counters removed from the database cache: {purged}")
        failed = [result.kind.key for result in results if result.error]
        if failed:
            raise CommandError(f"Not applied: {', '.join(failed)}; the other kinds were.")
