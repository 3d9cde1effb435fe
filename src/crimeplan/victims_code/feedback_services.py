"""Victims' feedback survey: importing a quarter (one transaction, audited; a re-import
replaces the quarter), publishing it, and the reads its pages and the joint review use.

The module's other reads live in `selectors` (the compliance returns'); the feedback survey
keeps its own here so its part of the app stays in files of its own."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.voice.codebook import CodebookError, ResponsesError

from . import feedback
from .models import FeedbackEstimate, FeedbackResponse, FeedbackSurvey


class FeedbackImportError(ValueError):
    """A quarter's files cannot be imported; the message names the file, line and field."""


@dataclass(frozen=True)
class FeedbackFile:
    name: str
    stream: IO[bytes]


def feedback_survey_import(
    *,
    year: int,
    quarter: int,
    codebook: FeedbackFile,
    responses: FeedbackFile,
    population_lines: Sequence[str] = (),
    population_source: str = "population",
    min_per_group: int = feedback.DEFAULT_MIN_PER_GROUP,
    min_base: int = feedback.DEFAULT_MIN_BASE,
    synthetic: bool = False,
    actor: Any = None,
) -> FeedbackSurvey:
    """Reads, checks, weights (where the sample allows) and estimates one quarter's survey,
    replacing any held for that quarter. Nothing is stored if anything is wrong."""
    try:
        feedback.period_check(year=year, quarter=quarter)
        if min_base < 2 or min_per_group < 1:
            raise ValueError("min_base must be at least 2 and min_per_group at least 1")
        book = feedback.codebook_load(codebook.stream, name=codebook.name)
        rows = feedback.responses_load(responses.stream, name=responses.name, codebook=book)
        population = feedback.population_parse(
            population_lines, name=population_source, groups=list(book.group.codes.values())
        )
    except (CodebookError, ResponsesError, ValueError) as error:
        raise FeedbackImportError(str(error)) from error
    result = feedback.feedback_estimates(
        responses=rows,
        codebook=book,
        population=population,
        min_per_group=min_per_group,
        min_base=min_base,
    )
    with transaction.atomic():
        replaced = FeedbackSurvey.objects.filter(year=year, quarter=quarter).delete()[0] > 0
        survey = FeedbackSurvey.objects.create(
            year=year,
            quarter=quarter,
            title=book.title or "Victims' feedback survey",
            synthetic=synthetic,
            codebook=book.raw,
            source_file=responses.name[:300],
            population=population,
            min_per_group=min_per_group,
            min_base=min_base,
            respondents=len(rows),
            weighted=result.decision.weighted,
            weighting_reason=result.decision.reason[:500],
            design_effect=max(1.0, result.design_effect),
            effective_n=result.effective_n,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        FeedbackResponse.objects.bulk_create(
            FeedbackResponse(survey=survey, line=r.line, group=r.group, answers=r.answers, weight=w)
            for r, w in zip(rows, result.weights, strict=True)
        )
        questions = {q.name: (i, q) for i, q in enumerate(book.questions)}
        FeedbackEstimate.objects.bulk_create(
            FeedbackEstimate(
                survey=survey,
                question=e.question,
                text=questions[e.question][1].text or e.question,
                positive_label=_positive_label(questions[e.question][1]),
                order=questions[e.question][0],
                group=e.group,
                base=e.base,
                share=e.share,
                low=e.low,
                high=e.high,
                standard_error=e.standard_error,
            )
            for e in result.estimates
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            instance=survey,
            summary=f"Imported {len(rows)} victims' feedback responses for {survey.period}"
            + (", replacing the survey held" if replaced else "")
            + (" (synthetic)" if synthetic else "")
            + ("; weighted" if survey.weighted else "; unweighted"),
        )
    return survey


def _positive_label(question: Any) -> str:
    label = question.positive_label or ", ".join(question.codes[c] for c in question.positive)
    return str(label)[:200]


def feedback_survey_publish(
    *, survey: FeedbackSurvey, published: bool, actor: Any = None
) -> FeedbackSurvey:
    """Publishes a quarter's estimates (those above the minimum base), or withdraws them."""
    with transaction.atomic():
        before = {"published": survey.published}
        survey.published = published
        survey.save(update_fields=["published"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            instance=survey,
            summary=f"{'Published' if published else 'Withdrew'} the victims' feedback "
            f"estimates for {survey.period}",
            before=before,
            after={"published": published},
        )
    return survey


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


@dataclass(frozen=True)
class EstimateRow:
    question: str
    text: str
    positive_label: str
    group: str  # "" for every respondent
    base: int
    share: float | None
    low: float | None
    high: float | None
    previous_share: float | None = None
    change_points: float | None = None
    change_significant: bool = False

    @property
    def suppressed(self) -> bool:
        return self.share is None

    @property
    def percents(self) -> tuple[float, float, float] | None:
        """The share and its interval as percentages, for the pages."""
        if self.share is None or self.low is None or self.high is None:
            return None
        return 100 * self.share, 100 * self.low, 100 * self.high

    @property
    def shown(self) -> dict[str, str]:
        """The share, its interval and the change as every page prints them (whole numbers,
        rounded as Python rounds), so the public page and the review page agree."""
        percents = self.percents
        return {
            "share": "" if percents is None else f"{percents[0]:.0f}",
            "low": "" if percents is None else f"{percents[1]:.0f}",
            "high": "" if percents is None else f"{percents[2]:.0f}",
            "change": "" if self.change_points is None else f"{self.change_points:+.0f}",
        }


def _as_pure(e: FeedbackEstimate) -> feedback.QuestionEstimate:
    return feedback.QuestionEstimate(
        e.question, e.group, e.base, e.share, e.low, e.high, e.standard_error
    )


def feedback_estimate_rows(
    *, survey: FeedbackSurvey, groups: bool = True, public: bool = False
) -> list[EstimateRow]:
    """The survey's estimates in question order (every respondent first, then each group),
    with the change since the quarter before where both quarters have an estimate. For the
    public, only a published quarter before is compared: a change from an unpublished one
    would give its estimate away."""
    year, quarter = previous_quarter(survey.year, survey.quarter)
    earlier_estimates = FeedbackEstimate.objects.filter(survey__year=year, survey__quarter=quarter)
    if public:
        earlier_estimates = earlier_estimates.filter(survey__published=True)
    before = {(e.question, e.group): e for e in earlier_estimates}
    estimates = survey.estimates.all() if groups else survey.estimates.filter(group="")
    rows = []
    for e in estimates.order_by("order", "group"):
        earlier = before.get((e.question, e.group))
        change = feedback.change_between(_as_pure(e), _as_pure(earlier)) if earlier else None
        rows.append(
            EstimateRow(
                question=e.question,
                text=e.text,
                positive_label=e.positive_label,
                group=e.group,
                base=e.base,
                share=e.share,
                low=e.low,
                high=e.high,
                previous_share=earlier.share if earlier else None,
                change_points=change.points if change else None,
                change_significant=bool(change and change.significant),
            )
        )
    return rows


@dataclass(frozen=True)
class QuarterSummary:
    year: int
    quarter: int
    period: str  # "2025/26 Q3"
    title: str
    synthetic: bool
    published: bool
    respondents: int
    weighted: bool
    weighting_reason: str
    min_base: int
    rows: list[EstimateRow]  # every respondent's estimate per question; suppressed ones empty

    def paragraphs(self) -> list[str]:
        """What a page says about the quarter's survey before its table."""
        said = [
            f"{self.title}, {self.period}: {self.respondents} victims answered. "
            + ("Weighted. " if self.weighted else "Unweighted. ")
            + self.weighting_reason
        ]
        if self.synthetic:
            said.append("Synthetic demonstration data: nobody answered this survey.")
        said.append(f"Estimates on fewer than {self.min_base} answers are not shown.")
        return said

    def table(self) -> list[dict[str, str]]:
        """One row per question, headed by what each column holds."""
        return [
            {
                "Question": row.text,
                "Answer counted": row.positive_label,
                "Answered": str(row.base),
                "Percentage": "Not shown" if row.percents is None else f"{row.shown['share']}%",
                "95% interval": (
                    "" if row.percents is None else f"{row.shown['low']}% to {row.shown['high']}%"
                ),
                "Change since the quarter before": (
                    ""
                    if row.change_points is None
                    else f"{row.shown['change']} points"
                    + (" (significant)" if row.change_significant else "")
                ),
            }
            for row in self.rows
        ]


def quarter_summary(*, year: int, quarter: int, public: bool = False) -> QuarterSummary | None:
    """The quarter's feedback in brief, for the joint review and the public page (which must
    show it only when `published`, and passes `public`); None when no survey is held for the
    quarter."""
    survey = FeedbackSurvey.objects.filter(year=year, quarter=quarter).first()
    if survey is None:
        return None
    return QuarterSummary(
        year=survey.year,
        quarter=survey.quarter,
        period=survey.period,
        title=survey.title,
        synthetic=survey.synthetic,
        published=survey.published,
        respondents=survey.respondents,
        weighted=survey.weighted,
        weighting_reason=survey.weighting_reason,
        min_base=survey.min_base,
        rows=feedback_estimate_rows(survey=survey, groups=False, public=public),
    )
