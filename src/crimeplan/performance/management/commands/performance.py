"""`crimeplan performance table|spc|framework`: the engine from the command line.

`table` with `--data` computes from files alone, without the database; without `--data` it
reads the stored data for the framework. `spc` charts a monthly series from a CSV file.
"""

import datetime
import json
from argparse import ArgumentParser
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crimeplan.core import exports
from crimeplan.crime_data.contracts import ImportFileError, csv_records

from ... import framework as framework_module
from ... import outputs
from ...constants import Aim
from ...engine import Table, compute_table
from ...files import inputs_from_files
from ...framework import FrameworkError
from ...spc import SeriesError, xmr

SPC_COLUMNS = ("month", "value", "mean", "lower_limit", "upper_limit", "rule", "point_type")


class Command(BaseCommand):
    help = "The performance framework: compute the table, chart a series, manage frameworks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        table = commands.add_parser("table", help="Compute the performance table.")
        table.add_argument("framework", type=Path, help="the framework's TOML file")
        table.add_argument(
            "--data", type=Path, action="append", default=[], help="aggregated-data template"
        )
        table.add_argument(
            "--populations", type=Path, action="append", default=[], help="population template"
        )
        table.add_argument("--format", choices=outputs.FORMATS, default="csv")
        table.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
        spc = commands.add_parser("spc", help="XmR chart of a monthly series (month,value).")
        spc.add_argument("series", type=Path)
        spc.add_argument("--aim", choices=[a.value for a in Aim], required=True)
        spc.add_argument("--rebase", action="append", default=[], metavar="YYYY-MM")
        spc.add_argument("--fix-after", type=int, metavar="N")
        spc.add_argument("--target", type=str)
        spc.add_argument("--decimals", type=int, default=3, help="for mean and limits")
        spc.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "table":
            self._table(options)
        else:
            self._spc(options)

    # -- table ------------------------------------------------------------------------------

    def _table(self, options: dict[str, Any]) -> None:
        path: Path = options["framework"]
        try:
            framework = framework_module.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except FrameworkError as error:
            raise CommandError(f"{path}: {error}") from None
        if options["data"]:
            try:
                loaded = inputs_from_files(framework, options["data"], options["populations"])
            except ImportFileError as error:
                raise CommandError(str(error)) from None
            inputs, notes = loaded.inputs, loaded.notes
        else:
            if options["populations"]:
                raise CommandError("--populations goes with --data (files), not stored data")
            from ...selectors import stored_inputs

            inputs, notes = stored_inputs(framework)
        table = compute_table(framework, inputs)
        for note in notes:
            self.stderr.write(note)
        self._write_table(table, options["format"], options["output"])

    def _write_table(self, table: Table, fmt: str, output: Path | None) -> None:
        if fmt in outputs.BINARY_FORMATS and output is None:
            raise CommandError(f"--format {fmt} writes a binary file: give --output FILE")
        writers: dict[str, Callable[[Table], str | bytes]] = {
            "csv": outputs.to_csv,
            "json": lambda t: json.dumps(outputs.to_json(t), indent=2) + "\n",
            "html": outputs.to_html,
            "xlsx": outputs.to_xlsx,
            "ods": outputs.to_ods,
            "pdf": outputs.to_pdf,
        }
        content = writers[fmt](table)
        if output is None:
            self.stdout.write(str(content), ending="")
        elif isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8")

    # -- spc --------------------------------------------------------------------------------

    def _spc(self, options: dict[str, Any]) -> None:
        path: Path = options["series"]
        months, values = _read_series(path)
        try:
            rebase = [_parse_month(m, "--rebase") for m in options["rebase"]]
            target = _parse_decimal(options["target"], "--target") if options["target"] else None
            result = xmr(
                months,
                values,
                aim=Aim(options["aim"]),
                rebase=rebase,
                fix_after=options["fix_after"],
                target=target,
            )
        except (SeriesError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from None
        for warning in result.warnings:
            self.stderr.write(warning)
        places = Decimal(1).scaleb(-options["decimals"])
        rows = [
            {
                "month": f"{p.month:%Y-%m}",
                "value": f"{p.value:f}",
                "mean": f"{p.mean.quantize(places):f}",
                "lower_limit": f"{p.lower_limit.quantize(places):f}",
                "upper_limit": f"{p.upper_limit.quantize(places):f}",
                "rule": "+".join(rule.value for rule in p.rules),
                "point_type": p.point_type.value,
            }
            for p in result.points
        ]
        if options["format"] == "json":
            document = {
                "points": rows,
                "assurance": result.assurance.value if result.assurance else None,
                "warnings": list(result.warnings),
            }
            self.stdout.write(json.dumps(document, indent=2))
            return
        self.stdout.write(exports.table_bytes(rows, SPC_COLUMNS, "csv").decode("utf-8"), ending="")
        if result.assurance:
            self.stderr.write(f"Assurance against the target: {result.assurance.value}")


def _parse_month(text: str, where: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a month written YYYY-MM") from None


def _parse_decimal(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{where}: {text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{where}: {text!r} is not a finite number")
    return value


def _read_series(path: Path) -> tuple[list[datetime.date], list[Decimal]]:
    try:
        records = list(csv_records(path))
    except FileNotFoundError:
        raise CommandError(f"{path}: file not found") from None
    except ImportFileError as error:
        raise CommandError(str(error)) from None
    if not records:
        raise CommandError(f"{path}: the file is empty")
    header = [cell.strip().lower() for cell in records[0][1]]
    if header[:2] != ["month", "value"] or len(header) != 2:
        raise CommandError(f"{path}, line 1: the header must be month,value")
    months, values = [], []
    for line, cells in records[1:]:
        if len(cells) != 2:
            raise CommandError(f"{path}, line {line}: expected 2 values, found {len(cells)}")
        try:
            months.append(_parse_month(cells[0], "field 'month'"))
            values.append(_parse_decimal(cells[1], "field 'value'"))
        except ValueError as error:
            raise CommandError(f"{path}, line {line}, {error}") from None
    return months, values
