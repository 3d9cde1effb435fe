"""`crimeplan commissioning summary|send-reminders`.

`summary --format csv` prints, per fund and round, bids or applications, amount awarded (won,
for national funds) and amount paid, in pounds. `send-reminders` (run daily) e-mails grantees
whose monitoring returns are overdue. Each is a thin layer over what a page or job calls too.
"""

import datetime
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.commissioning import selectors
from crimeplan.commissioning.constants import EXPORT_FORMATS, RETURN_REMINDER_REPEAT_DAYS
from crimeplan.commissioning.models import Fund
from crimeplan.commissioning.reminders import return_reminders_send
from crimeplan.commissioning.tasks import send_return_reminders
from crimeplan.core import exports


class Command(BaseCommand):
    help = (
        "Commissioning. `summary`: per fund and round, bids, awarded and paid. "
        "`send-reminders`: e-mail grantees with overdue monitoring returns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        summary = sub.add_parser("summary", help="per fund and round: bids, awarded, paid")
        summary.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="csv")
        summary.add_argument("--fund", help="only this fund (its name)")
        summary.add_argument("--output", type=Path, help="write here instead of standard output")
        remind = sub.add_parser(
            "send-reminders", help="e-mail grantees with overdue monitoring returns (run daily)"
        )
        remind.add_argument("--date", default="", help="act as if today were YYYY-MM-DD")
        remind.add_argument(
            "--base-url", default="", help="the site's address for links (or CRIMEPLAN_BASE_URL)"
        )
        remind.add_argument(
            "--repeat-days",
            type=int,
            default=RETURN_REMINDER_REPEAT_DAYS,
            help="remind about the same return at most once in this many days "
            f"(default {RETURN_REMINDER_REPEAT_DAYS})",
        )
        remind.add_argument(
            "--enqueue", action="store_true", help="queue the job for `crimeplan db_worker`"
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["report"] == "send-reminders":
            self._send_reminders(options)
        else:
            self._summary(options)

    def _summary(self, options: dict[str, object]) -> None:
        fund = None
        if options["fund"]:
            fund = Fund.objects.filter(name=options["fund"]).first()
            if fund is None:
                raise CommandError(f"--fund: no fund named {options['fund']!r}")
        rows = selectors.summary_for_export(selectors.summary(fund=fund))
        data = exports.table_bytes(
            rows, selectors.SUMMARY_COLUMNS, str(options["format"]), title="commissioning"
        )
        if options["output"]:
            Path(str(options["output"])).write_bytes(data)
            self.stdout.write(f"{len(rows)} rows written to {options['output']}")
        elif options["format"] == "csv":
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            sys.stdout.buffer.write(data)

    def _send_reminders(self, options: dict[str, object]) -> None:
        day = str(options["date"])
        try:
            today = datetime.date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from error
        repeat_days = int(str(options["repeat_days"]))
        if repeat_days < 1:
            raise CommandError("--repeat-days must be 1 or more")
        if options["enqueue"]:
            result = send_return_reminders.enqueue(
                day, base_url=str(options["base_url"]), repeat_days=repeat_days
            )
            self.stdout.write(f"Reminders queued as task {result.id}")
            return
        report = return_reminders_send(
            today=today, base_url=str(options["base_url"]), repeat_days=repeat_days
        )
        for line in report.lines():
            self.stdout.write(line)
