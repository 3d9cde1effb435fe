"""`crimeplan victims_feedback`: import a quarter's victims' feedback survey, show its
estimates, publish or withdraw them (the same services the pages use)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crimeplan.victims_code import feedback
from crimeplan.victims_code.feedback_forms import MAX_POPULATION_BYTES
from crimeplan.victims_code.feedback_services import (
    FeedbackFile,
    FeedbackImportError,
    feedback_estimate_rows,
    feedback_survey_import,
    feedback_survey_publish,
)
from crimeplan.victims_code.models import FeedbackSurvey


class Command(BaseCommand):
    help = "Victims' feedback survey: import a quarter, show its estimates, publish them."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("import", help="a quarter's responses with their codebook")
        load.add_argument("--year", type=int, required=True, help="2025 for 2025/26")
        load.add_argument("--quarter", type=int, required=True, help="1 (April-June) to 4")
        load.add_argument("--codebook", type=Path, required=True, help=".json")
        load.add_argument("--responses", type=Path, required=True, help=".csv or .xlsx")
        load.add_argument("--population", type=Path, help="group,victims lines (CSV)")
        load.add_argument("--min-per-group", type=int, default=feedback.DEFAULT_MIN_PER_GROUP)
        load.add_argument("--min-base", type=int, default=feedback.DEFAULT_MIN_BASE)
        for name, text in (("show", "the estimates"), ("publish", "publish the estimates")):
            sub = commands.add_parser(name, help=text)
            sub.add_argument("--year", type=int, required=True)
            sub.add_argument("--quarter", type=int, required=True)
            if name == "publish":
                sub.add_argument("--withdraw", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
                return
        except FeedbackImportError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        survey = FeedbackSurvey.objects.filter(
            year=int(str(options["year"])), quarter=int(str(options["quarter"]))
        ).first()
        if survey is None:
            raise CommandError("--year, --quarter: no survey held for that quarter")
        if options["action"] == "publish":
            feedback_survey_publish(survey=survey, published=not options["withdraw"])
            self.stdout.write(f"{'Withdrew' if options['withdraw'] else 'Published'} {survey}.")
            return
        self.stdout.write(f"{survey}: {survey.respondents} respondents. {survey.weighting_reason}")
        for row in feedback_estimate_rows(survey=survey):
            shown = (
                "suppressed"
                if row.percents is None
                else "{:.1f}% ({:.1f} to {:.1f})".format(*row.percents)
            )
            self.stdout.write(f"{row.question}\t{row.group or 'all'}\t{row.base}\t{shown}")

    def _import(self, options: dict[str, object]) -> None:
        population: list[str] = []
        source = "population"
        if options["population"]:
            path = Path(str(options["population"]))
            source = path.name
            content = path.read_bytes()
            if len(content) > MAX_POPULATION_BYTES:
                raise CommandError(
                    f"{path.name}: larger than {MAX_POPULATION_BYTES // 1000} KB; a population "
                    "file has one short line per group"
                )
            try:
                population = content.decode("utf-8-sig").splitlines()
            except UnicodeDecodeError as error:
                raise CommandError(f"{path.name}: not UTF-8 text") from error
        codebook = Path(str(options["codebook"]))
        responses = Path(str(options["responses"]))
        with codebook.open("rb") as book, responses.open("rb") as answers:
            survey = feedback_survey_import(
                year=int(str(options["year"])),
                quarter=int(str(options["quarter"])),
                codebook=FeedbackFile(codebook.name, book),
                responses=FeedbackFile(responses.name, answers),
                population_lines=population,
                population_source=source,
                min_per_group=int(str(options["min_per_group"])),
                min_base=int(str(options["min_base"])),
            )
        self.stdout.write(
            f"{survey.respondents} responses for {survey.period} imported, "
            f"{'weighted' if survey.weighted else 'unweighted'}: {survey.weighting_reason}"
        )
