"""Survey services: load population cells, import a year's responses, weight them, and rebuild
the estimates and charts the pages read. Each runs in one transaction: on any error the stored
survey is left as it was."""

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record, audited_change
from crimeplan.geography.models import District

from . import charts, estimates, findings, weighting
from .codebook import Codebook, codebook_read, responses_read
from .models import PopulationCell, Survey, SurveyEstimate, SurveyQuestion, SurveyResponse

POPULATION_COLUMNS = ("year", "district", "age_band", "sex", "population", "source")


class SurveyImportError(ValueError):
    pass


def population_load(*, path: Path, actor: Any = None) -> int:
    """Loads `year,district,age_band,sex,population,source` rows (district: ONS code),
    replacing the cells of each year the file holds. Returns the number of cells."""
    path = Path(path)
    districts = {d.code: d for d in District.objects.all()}
    cells: list[PopulationCell] = []
    problems: list[str] = []
    number = 1
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            absent = set(POPULATION_COLUMNS) - set(reader.fieldnames or [])
            if absent:
                raise SurveyImportError(
                    f"{path.name}: columns missing: {', '.join(sorted(absent))}"
                )
            for number, row in enumerate(reader, start=2):
                where = f"{path.name}, row {number}"
                # A short row (a file cut off) gives None, a long one a None key.
                if None in row or None in row.values():
                    problems.append(f"{where}: not as many fields as the header has")
                    continue
                cell = _population_cell(row, districts, where, problems)
                if cell is not None:
                    cells.append(cell)
    except UnicodeDecodeError:
        raise SurveyImportError(
            f"{path.name}, row {number + 1}: not UTF-8 text: save the file as 'CSV UTF-8'"
        ) from None
    if problems:
        raise SurveyImportError("\n".join(problems))
    if not cells:
        raise SurveyImportError(f"{path.name}: the file holds no rows, only a header")
    with transaction.atomic():
        years = {c.year for c in cells}
        PopulationCell.objects.filter(year__in=years).delete()
        PopulationCell.objects.bulk_create(cells)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="voice.PopulationCell",
            summary=f"Loaded {len(cells)} survey population cells for {sorted(years)}",
        )
    return len(cells)


def _population_cell(
    row: dict[str, str], districts: dict[str, District], where: str, problems: list[str]
) -> PopulationCell | None:
    district = districts.get(row["district"].strip())
    if district is None:
        problems.append(f"{where}, field district: {row['district']!r} is not a known district")
        return None
    try:
        year = int(row["year"])
        population = int(row["population"])
    except ValueError:
        problems.append(f"{where}, field year or population: not a whole number")
        return None
    if population <= 0:
        problems.append(f"{where}, field population: must be more than 0")
        return None
    return PopulationCell(
        year=year,
        district=district,
        age_band=row["age_band"].strip(),
        sex=row["sex"].strip(),
        population=population,
        source=row["source"].strip()[:500],
    )


def survey_import(
    *,
    year: int,
    codebook_path: Path,
    responses_path: Path,
    population_year: int,
    min_base: int = estimates.DEFAULT_MIN_BASE,
    trim_factor: float = weighting.DEFAULT_TRIM_FACTOR,
    synthetic: bool = False,
    actor: Any = None,
) -> Survey:
    """Reads, validates and weights one year's survey, replacing any held for that year,
    then rebuilds its estimates (and the next year's changes) and charts."""
    codebook = codebook_read(codebook_path)
    responses = responses_read(responses_path, codebook)
    districts = {d.code: d for d in District.objects.all()}
    unknown = sorted({r.respondent["district"] for r in responses} - set(districts))
    if unknown:
        raise SurveyImportError(
            f"{Path(responses_path).name}: district codes {', '.join(unknown)} in the codebook "
            "are not districts of this force area"
        )
    cells = list(
        PopulationCell.objects.filter(year=population_year).values(
            "district__code", "age_band", "sex", "population"
        )
    )
    if not cells:
        raise SurveyImportError(f"no population cells for {population_year}: load them first")
    population = weighting.margins_from_cells(
        [{**c, "district": c["district__code"]} for c in cells], codebook.margins
    )
    result = weighting.rake(
        respondents=[r.respondent for r in responses],
        margins=codebook.margins,
        population=population,
        trim_factor=trim_factor,
    )
    with transaction.atomic():
        Survey.objects.filter(year=year).delete()
        survey = Survey.objects.create(
            year=year,
            title=codebook.title or "Perception of crime survey",
            synthetic=synthetic,
            codebook=codebook.raw,
            source_file=Path(responses_path).name,
            population_year=population_year,
            min_base=min_base,
            trim_factor=trim_factor,
            respondents=result.respondents,
            design_effect=result.design_effect,
            effective_n=result.effective_n,
            efficiency=result.efficiency,
            trimmed=result.trimmed,
            smallest_weight=result.smallest,
            largest_weight=result.largest,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _save_questions(survey, codebook)
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                survey=survey,
                row=r.row,
                district=districts[r.respondent["district"]],
                age_band=r.respondent["age_band"],
                sex=r.respondent["sex"],
                answers=r.answers,
                weight=w,
            )
            for r, w in zip(responses, result.weights, strict=True)
        )
        estimates_rebuild(survey=survey)
        following = Survey.objects.filter(year=year + 1).first()
        if following is not None:
            estimates_rebuild(survey=following)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            instance=survey,
            summary=f"Imported {result.respondents} survey responses for {year}"
            + (" (synthetic)" if synthetic else ""),
        )
        # Imported again, a published year is unpublished until the OPCC checks it again.
        findings.announce_survey_changes()
    return survey


@transaction.atomic
def survey_publish(*, survey: Survey, actor: Any, publish: bool = True) -> Survey:
    """Publishes a year's results on the public survey page, or takes them off it. The
    tracker hears of the survey's findings that this starts or ends."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if (survey.published_on is not None) == publish:
        return survey
    with audited_change(
        survey,
        actor=actor,
        summary=f"{'Published' if publish else 'Withdrew'} the {survey.year} survey results",
    ):
        survey.published_on = timezone.localdate() if publish else None
        survey.save(update_fields=["published_on"])
    findings.announce_survey_changes()
    return survey


def _save_questions(survey: Survey, codebook: Codebook) -> None:
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey,
            code=q.name,
            text=q.text or q.name,
            positive_label=q.positive_label or ", ".join(q.codes[c] for c in q.positive),
            higher_is_better=q.higher_is_better,
            order=i,
        )
        for i, q in enumerate(codebook.questions)
    )


def estimates_rebuild(*, survey: Survey) -> int:
    """Recomputes every question's estimates (and change since the year before) and redraws
    its charts. Returns the number of estimates stored."""
    responses = list(survey.responses.select_related("district").order_by("row"))
    codes = [r.district.code for r in responses]
    weights = [r.weight for r in responses]
    districts = {d.code: d for d in District.objects.filter(code__in=set(codes))}
    previous = Survey.objects.filter(year=survey.year - 1).first()
    questions = {q["id"]: q for q in survey.codebook["questions"]}
    stored = 0
    for question in survey.questions.all():
        positive = {str(c) for c in questions[question.code]["positive"]}
        found = estimates.question_estimates(
            districts=codes,
            weights=weights,
            answers=[r.answers.get(question.code) for r in responses],
            positive=positive,
            min_base=survey.min_base,
        )
        before = _previous_estimates(previous, question.code)
        question.estimates.all().delete()
        rows = [
            _estimate_row(question, e, districts, before.get(area)) for area, e in found.items()
        ]
        SurveyEstimate.objects.bulk_create(rows)
        stored += len(rows)
        charts.charts_rebuild(question=question)
    return stored


def _previous_estimates(previous: Survey | None, code: str) -> dict[str, estimates.Estimate]:
    if previous is None:
        return {}
    rows: Iterable[SurveyEstimate] = SurveyEstimate.objects.filter(
        question__survey=previous, question__code=code
    ).select_related("district")
    return {
        (e.district.code if e.district else estimates.COUNTY): estimates.Estimate(
            area="",
            base=e.base,
            percent=e.percent,
            lower=e.lower,
            upper=e.upper,
            standard_error=e.standard_error,
        )
        for e in rows
    }


def _estimate_row(
    question: SurveyQuestion,
    estimate: estimates.Estimate,
    districts: dict[str, District],
    before: estimates.Estimate | None,
) -> SurveyEstimate:
    change = estimates.change_since(estimate, before) if before else None
    return SurveyEstimate(
        question=question,
        district=districts[estimate.area] if estimate.area else None,
        base=estimate.base,
        percent=estimate.percent,
        lower=estimate.lower,
        upper=estimate.upper,
        standard_error=estimate.standard_error,
        previous_percent=before.percent if before else None,
        change_points=change.points if change else None,
        change_p_value=change.p_value if change else None,
    )
