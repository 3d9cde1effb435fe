"""What the public pages show of the survey and the unsafe-place hotspots, with what was done
about each finding ("you said, we did").

The public survey page shows only published years (`Survey.published_on`): the newest year's
estimates by district with their 95% intervals and change from the year before, and the force
area's trend over every published year. Beside an estimate that changed significantly for the
worse, and beside a hotspot cell, it shows the delivery actions that answer it and what the OPCC
published about them (`findings.answers_for`). Nothing here reads a report or a response: only
the stored estimates and the published analysis.
"""

import datetime
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from crimeplan.core.findings import Answer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Text

from . import findings, hotspots, selectors
from .models import AnnouncedFinding, Survey, SurveyEstimate, SurveyQuestion

# A delivery action's status as the public reads it (delivery.constants.ActionStatus values).
PUBLIC_STATUS = {
    "not_started": _("Planned"),
    "on_track": _("Under way"),
    "at_risk": _("Under way"),
    "off_track": _("Under way, behind plan"),
    "complete": _("Done"),
    "cancelled": _("Stopped"),
}


@dataclass(frozen=True)
class ShownUpdate:
    published_on: datetime.date
    text: str
    lang: str  # the language the text is in, where it differs from the page's


@dataclass(frozen=True)
class Shown:
    """An answering action as a public page shows it, in the page's language where the
    OPCC wrote a Welsh text."""

    title: str
    status: "Text"
    updates: list[ShownUpdate]
    title_lang: str = ""  # "en" on a Welsh page: the OPCC's action titles are English


def shown(answers: list[Answer]) -> list[Shown]:
    welsh = translation.get_language() == "cy"
    found = []
    for answer in answers:
        updates = [
            ShownUpdate(u.published_on, u.text_cy, "")
            if welsh and u.text_cy
            else ShownUpdate(u.published_on, u.text, "en" if welsh else "")
            for u in answer.updates
        ]
        found.append(
            Shown(
                answer.title,
                PUBLIC_STATUS.get(answer.status, ""),
                updates,
                title_lang="en" if welsh else "",
            )
        )
    return found


@dataclass(frozen=True)
class Row:
    """One area's estimate for a question."""

    area: str
    base: int
    percent: float | None
    lower: float | None
    upper: float | None
    change_points: float | None
    significant: bool
    worse: bool
    key: str
    answers: list[Shown] = field(default_factory=list)

    @property
    def change_size(self) -> float | None:
        return None if self.change_points is None else abs(self.change_points)

    @property
    def anchor(self) -> str:
        return "finding-" + self.key.replace(":", "-")


@dataclass(frozen=True)
class TrendPoint:
    year: int
    percent: float | None
    lower: float | None
    upper: float | None
    synthetic: bool


@dataclass(frozen=True)
class QuestionResults:
    code: str
    text: str
    label: str
    # "en" where a Welsh page shows the codebook's English wording (it gives no Welsh).
    text_lang: str
    label_lang: str
    higher_is_better: bool
    rows: list[Row]
    trend: list[TrendPoint]

    @property
    def findings(self) -> list[Row]:
        return [r for r in self.rows if r.worse]


def _welsh(survey: Survey, question: SurveyQuestion) -> dict[str, str]:
    """The question's Welsh wording, where the codebook gives it (`text_cy`,
    `positive_label_cy`)."""
    for spec in survey.codebook.get("questions", []):
        if isinstance(spec, dict) and str(spec.get("id")) == question.code:
            return {
                "text": str(spec.get("text_cy") or ""),
                "label": str(spec.get("positive_label_cy") or ""),
            }
    return {"text": "", "label": ""}


def _row(estimate: SurveyEstimate, county_name: str) -> Row:
    return Row(
        area=estimate.district.local_name if estimate.district else county_name,
        base=estimate.base,
        percent=estimate.percent,
        lower=estimate.lower,
        upper=estimate.upper,
        change_points=estimate.change_points,
        significant=estimate.change_significant,
        worse=findings.is_worse(estimate),
        key=findings.survey_key(estimate),
    )


def published_surveys() -> list[Survey]:
    return list(Survey.objects.filter(published_on__isnull=False).order_by("-year"))


def survey_results(*, county_name: str) -> dict[str, Any] | None:
    """The newest published survey's results by question, with the trend and the answers to
    its findings; None when no survey is published."""
    surveys = published_surveys()
    if not surveys:
        return None
    newest = surveys[0]
    welsh = translation.get_language() == "cy"
    estimates = SurveyEstimate.objects.select_related("question__survey", "district")
    county_trend: dict[str, list[TrendPoint]] = {}
    for e in estimates.filter(question__survey__in=surveys, district__isnull=True).order_by(
        "question__survey__year"
    ):
        survey = e.question.survey
        county_trend.setdefault(e.question.code, []).append(
            TrendPoint(survey.year, e.percent, e.lower, e.upper, survey.synthetic)
        )
    rows: dict[int, list[Row]] = {}
    # The force area first, then the districts by name.
    ordered = sorted(
        estimates.filter(question__survey=newest),
        key=lambda e: (e.district is not None, e.district.name if e.district else ""),
    )
    for e in ordered:
        rows.setdefault(e.question_id, []).append(_row(e, county_name))
    keys = [r.key for found in rows.values() for r in found if r.worse]
    answered = findings.answers_for(AnnouncedFinding.Kind.SURVEY, keys)
    questions = []
    for question in newest.questions.order_by("order"):
        cy = _welsh(newest, question) if welsh else {"text": "", "label": ""}
        questions.append(
            QuestionResults(
                code=question.code,
                text=cy["text"] or question.text,
                label=cy["label"] or question.positive_label,
                text_lang="en" if welsh and not cy["text"] else "",
                label_lang="en" if welsh and not cy["label"] else "",
                higher_is_better=question.higher_is_better,
                rows=[
                    replace(r, answers=shown(answered.get(r.key, [])))
                    for r in rows.get(question.pk, [])
                ],
                trend=county_trend.get(question.code, []),
            )
        )
    return {"survey": newest, "years": [s.year for s in surveys], "questions": questions}


@dataclass(frozen=True)
class HotspotRow:
    cell: hotspots.CellResult
    answers: list[Shown]
    place: str = ""  # "Near Winchcombe Street, Cheltenham" (area_names), where one is known


def published_hotspots_answered() -> tuple[hotspots.Method, list[HotspotRow]]:
    """The public hotspot page's cells, each with the actions answering it (hotspots only)."""
    method = selectors.method_for(None)
    cells = selectors.published_hotspots(method=method)
    answered = findings.answers_for(
        AnnouncedFinding.Kind.HOTSPOT, [c.cell for c in cells if c.hotspot]
    )
    return method, [
        HotspotRow(c, shown(answered.get(c.cell, [])) if c.hotspot else []) for c in cells
    ]
