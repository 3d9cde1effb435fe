"""What each viewer may read of the survey and of unsafe-place reports.

OPCC staff see every district; a partner whose organisation covers a district (a CSP or a
district council) sees that district against the county; nobody else sees district pages.
"""

from typing import Any

from django.db.models import QuerySet

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import Viewer
from crimeplan.geography.models import District

from .models import Survey, SurveyEstimate, SurveyQuestion, UnsafePlaceReport

PARTNER_ROLES = frozenset({Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})
ESTIMATE_COLUMNS = [
    "year",
    "question",
    "area_code",
    "area",
    "base",
    "suppressed",
    "percent",
    "lower_95",
    "upper_95",
    "previous_percent",
    "change_points",
    "change_p_value",
    "synthetic",
]


def districts_for(*, viewer: Viewer) -> QuerySet[District]:
    """Districts whose survey and hotspot pages the viewer may open."""
    if viewer.is_opcc_staff:
        return District.objects.all()
    own = [org for org, role in viewer.role_pairs if role in PARTNER_ROLES]
    codes = Organisation.objects.filter(
        pk__in=own, district__isnull=False, archived_at__isnull=True
    ).values("district")
    return District.objects.filter(pk__in=codes)


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.all()


def estimate_rows(
    *, survey: Survey, question: SurveyQuestion | None = None, district: District | None = None
) -> list[dict[str, Any]]:
    """Estimates as table rows: every district and the county, or one district and the
    county. Suppressed estimates show their base and no percentage."""
    found = SurveyEstimate.objects.filter(question__survey=survey).select_related(
        "question", "district"
    )
    if question is not None:
        found = found.filter(question=question)
    rows = []
    for e in found.order_by("question__order", "district__name"):
        if district is not None and e.district_id not in {None, district.pk}:
            continue
        rows.append(
            {
                "year": survey.year,
                "question": e.question.code,
                "question_label": e.question.positive_label,
                "area_code": e.district.code if e.district else "county",
                "area": e.district.name if e.district else "County",
                "base": e.base,
                "suppressed": e.suppressed,
                "percent": _round(e.percent),
                "lower_95": _round(e.lower),
                "upper_95": _round(e.upper),
                "previous_percent": _round(e.previous_percent),
                "change_points": _round(e.change_points),
                "change_p_value": _round(e.change_p_value, 4),
                "change_significant": e.change_significant,
                "synthetic": survey.synthetic,
            }
        )
    return rows


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def reports_for_moderation(*, status: str) -> QuerySet[UnsafePlaceReport]:
    return UnsafePlaceReport.objects.filter(status=status).select_related("district")
