"""`crimeplan asb-reviews check-threshold|annual-figures|anonymise-expired`."""

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.asb_reviews import areas, figures, selectors
from crimeplan.asb_reviews.case_file import CaseFileError, read_case
from crimeplan.asb_reviews.threshold import RuleError, evaluate
from crimeplan.core import exports
from crimeplan.retention import retention_apply


class Command(BaseCommand):
    help = "ASB Case Review: test a threshold rule on a case, print the annual figures, anonymise."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        check = commands.add_parser(
            "check-threshold",
            help="Apply a threshold rule to a case in JSON: prints 'met' or 'not met', then why.",
        )
        check.add_argument("case", type=Path, help="the case as JSON")
        check.add_argument(
            "--rule", type=Path, help="a rule TOML file (default: the configured area's)"
        )
        annual = commands.add_parser("annual-figures", help="The year's published figures.")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--format", choices=["csv", "json"], default="csv")
        commands.add_parser(
            "anonymise-expired",
            help="Anonymise closed cases past the retention period (part of `retention apply`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check-threshold":
            self._check(options["case"], options["rule"])
        elif action == "annual-figures":
            self._annual(options["year"], options["format"])
        else:
            # The retention schedule's ASB part: `crimeplan retention apply` runs it daily.
            result = retention_apply(today=timezone.localdate(), keys=["asb_cases"])[0]
            if result.error:
                raise CommandError(f"Nothing anonymised: {result.error}")
            count = result.count
            self.stdout.write(f"Anonymised {count} closed case(s) past the retention period.")

    def _check(self, case_path: Path, rule_path: Path | None) -> None:
        try:
            rule = areas.load_rule(rule_path) if rule_path else areas.configured_area().rule
            case = read_case(case_path)
        except (RuleError, CaseFileError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(evaluate(rule, case).as_text())

    def _annual(self, year: int, output_format: str) -> None:
        if not 2014 <= year <= datetime.MAXYEAR:
            raise CommandError("--year must be 2014 (when the Act began) or later")
        rows = selectors.annual_figures(year=year)
        if output_format == "json":
            self.stdout.write(json.dumps(rows, indent=2, default=str))
            return
        self.stdout.write(
            exports.table_bytes(rows, figures.COLUMNS, "csv").decode("utf-8"), ending=""
        )
        sys.stdout.flush()
