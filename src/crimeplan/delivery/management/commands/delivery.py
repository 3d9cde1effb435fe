"""`crimeplan delivery import|export|report|send-reminders|load-snapshot`: delivery plans from
the command line. Each subcommand is a thin layer over the service a page or job calls too."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.delivery import planfile, report, services
from crimeplan.delivery.models import Plan
from crimeplan.delivery.reminders import reminders_send
from crimeplan.delivery.tasks import send_update_reminders
from crimeplan.performance import contracts as performance
from crimeplan.performance import services as performance_services


class Command(BaseCommand):
    help = "Delivery plans: import and export plan files, the plan update report, reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="create a plan from a .toml or .xlsx plan file")
        load.add_argument("file", type=Path)
        load.add_argument("--slug", default="", help="the plan's slug (default: from the file)")
        export = actions.add_parser("export", help="write a plan to a .toml or .xlsx plan file")
        export.add_argument("--plan", required=True, help="the plan's slug")
        export.add_argument("--format", choices=["toml", "xlsx"], default="toml")
        export.add_argument("--output", type=Path, required=True)
        rep = actions.add_parser("report", help="write the plan update report")
        rep.add_argument("--plan", required=True, help="the plan's slug")
        rep.add_argument("--format", choices=["html", "pdf"], default="html")
        rep.add_argument("--output", type=Path, required=True)
        remind = actions.add_parser(
            "send-reminders", help="e-mail owners of actions overdue for an update (run daily)"
        )
        remind.add_argument("--date", default="", help="act as if today were YYYY-MM-DD")
        remind.add_argument(
            "--base-url", default="", help="the site's address for links (or CRIMEPLAN_BASE_URL)"
        )
        remind.add_argument(
            "--enqueue", action="store_true", help="queue the job for `crimeplan db_worker`"
        )
        snap = actions.add_parser(
            "load-snapshot", help="load a published performance table (CSV) for the report"
        )
        snap.add_argument("file", type=Path)
        snap.add_argument("--title", required=True)
        snap.add_argument("--source", required=True)
        snap.add_argument("--baseline", required=True, help="the baseline period, as printed")
        snap.add_argument("--current", required=True, help="the current period, as printed")

    def handle(self, *args: object, **options: object) -> None:
        action = str(options["action"]).replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except (planfile.PlanFileError, performance.PrintedTableFileError) as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except OSError as error:
            raise CommandError(str(error)) from error

    def _plan(self, slug: object) -> Plan:
        plan = Plan.objects.filter(slug=str(slug)).first()
        if plan is None:
            raise CommandError(f"No plan has the slug {slug!r}.")
        return plan

    def _import(self, options: dict[str, object]) -> None:
        path = Path(str(options["file"]))
        spec = planfile.read_plan_file(path, slug=str(options["slug"]))
        plan = services.plan_import(spec=spec, actor=None, file=path.name)
        self.stdout.write(
            f"Plan {plan.slug}: {plan.priorities.count()} priorities, "
            f"{plan.funding.count()} funding rows, {len(spec.actions)} actions imported."
        )

    def _export(self, options: dict[str, object]) -> None:
        spec = services.plan_spec(plan=self._plan(options["plan"]))
        output = Path(str(options["output"]))
        content = (
            planfile.toml_bytes(spec) if options["format"] == "toml" else planfile.xlsx_bytes(spec)
        )
        output.write_bytes(content)
        self.stdout.write(f"Plan {spec.slug} written to {output}")

    def _report(self, options: dict[str, object]) -> None:
        plan = self._plan(options["plan"])
        built, body = report.draft(plan)
        output = Path(str(options["output"]))
        if options["format"] == "pdf":
            output.write_bytes(report.render_pdf(title=built.title, body=body))
        else:
            output.write_text(
                report.render_document(title=built.title, body=body), encoding="utf-8"
            )
        self.stdout.write(f"{built.title} written to {output}")
        # What would stop it being published (web addresses are checked only at publication).
        for problem in report.publication_problems(built, body, check_external=False):
            self.stderr.write(f"Would block publication: {problem}")

    def _send_reminders(self, options: dict[str, object]) -> None:
        day = str(options["date"])
        if options["enqueue"]:
            result = send_update_reminders.enqueue(day)
            self.stdout.write(f"Reminders queued as task {result.id}")
            return
        try:
            today = datetime.date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from error
        for line in reminders_send(today=today, base_url=str(options["base_url"])).lines():
            self.stdout.write(line)

    def _load_snapshot(self, options: dict[str, object]) -> None:
        path = Path(str(options["file"]))
        rows = performance.read_printed_table_file(path)
        loaded = performance_services.printed_table_load(
            rows=rows,
            title=str(options["title"]),
            source=str(options["source"]),
            baseline_label=str(options["baseline"]),
            current_label=str(options["current"]),
            actor=None,
        )
        self.stdout.write(f"Performance snapshot {loaded.title!r}: {len(rows)} rows loaded.")
