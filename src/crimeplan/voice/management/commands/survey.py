"""`crimeplan survey`: load population cells, import a year's responses, print estimates."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.core.exports import table_bytes
from crimeplan.geography.models import District
from crimeplan.voice import estimates, selectors, weighting
from crimeplan.voice.codebook import CodebookError, ResponsesError
from crimeplan.voice.models import Survey
from crimeplan.voice.survey import SurveyImportError, population_load, survey_import

# Text formats print to standard output; XLSX goes out as bytes.
FORMATS = ("csv", "json", "xlsx")


class Command(BaseCommand):
    help = "Perception-of-crime survey: population cells, imports and weighted estimates."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        population = commands.add_parser("load-population", help="year,district,age_band,...")
        population.add_argument("file", type=Path)
        load = commands.add_parser("import", help="a year's responses with their codebook")
        load.add_argument("--year", type=int, required=True)
        load.add_argument("--codebook", type=Path, required=True)
        load.add_argument("--responses", type=Path, required=True, help=".csv, .xlsx or .sav")
        load.add_argument("--population-year", type=int, required=True)
        load.add_argument("--min-base", type=int, default=estimates.DEFAULT_MIN_BASE)
        load.add_argument("--trim-factor", type=float, default=weighting.DEFAULT_TRIM_FACTOR)
        show = commands.add_parser("estimates", help="weighted percentages with 95% intervals")
        show.add_argument("--year", type=int, required=True)
        show.add_argument("--question", help="question id (all questions if left out)")
        show.add_argument("--by", choices=["district", "county"], default="district")
        show.add_argument("--district", help="one district's ONS code, against the county")
        show.add_argument("--format", choices=sorted(FORMATS), default="csv")

    def handle(self, *args: object, **options: object) -> None:
        try:
            if options["action"] == "load-population":
                count = population_load(path=Path(str(options["file"])))
                self.stdout.write(f"{count} population cells loaded.")
            elif options["action"] == "import":
                self._import(options)
            else:
                self._estimates(options)
        except (CodebookError, ResponsesError, SurveyImportError, weighting.WeightingError) as e:
            raise CommandError(str(e)) from e
        except OSError as error:
            raise CommandError(str(error)) from error

    def _import(self, options: dict[str, object]) -> None:
        survey = survey_import(
            year=int(str(options["year"])),
            codebook_path=Path(str(options["codebook"])),
            responses_path=Path(str(options["responses"])),
            population_year=int(str(options["population_year"])),
            min_base=int(str(options["min_base"])),
            trim_factor=float(str(options["trim_factor"])),
        )
        self.stdout.write(
            f"{survey.respondents} responses for {survey.year} weighted: design effect "
            f"{survey.design_effect:.3f}, weighting efficiency {100 * survey.efficiency:.1f}%, "
            f"effective sample {survey.effective_n:.0f}, {survey.trimmed} weights trimmed."
        )

    def _estimates(self, options: dict[str, object]) -> None:
        survey = Survey.objects.filter(year=int(str(options["year"]))).first()
        if survey is None:
            raise CommandError(f"--year: no survey held for {options['year']}")
        question = None
        if options["question"]:
            question = survey.questions.filter(code=options["question"]).first()
            if question is None:
                codes = ", ".join(survey.questions.values_list("code", flat=True))
                raise CommandError(f"--question: {options['question']!r} is not one of {codes}")
        district = None
        if options["district"]:
            district = District.objects.filter(code=options["district"]).first()
            if district is None:
                raise CommandError(f"--district: no district {options['district']!r}")
        rows = selectors.estimate_rows(survey=survey, question=question, district=district)
        if options["by"] == "county":
            rows = [r for r in rows if r["area_code"] == "county"]
        data = table_bytes(rows, selectors.ESTIMATE_COLUMNS, str(options["format"]), title="survey")
        if options["format"] == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
        if survey.synthetic:
            self.stderr.write("These estimates are from a SYNTHETIC survey, not real responses.")
