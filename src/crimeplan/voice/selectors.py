"""What each viewer may read of the survey and of unsafe-place reports.

OPCC staff see every district; a partner whose organisation covers a district (a CSP or a
district council) sees that district against the county; nobody else sees district pages.
"""

import datetime
import hashlib
from typing import Any

from django.db.models import Max, QuerySet

from crimeplan.accounts.constants import PARTNER_ROLES
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import Viewer
from crimeplan.core.memo import Memo
from crimeplan.geography.models import District

from . import hotspots
from .constants import ReportStatus
from .models import Survey, SurveyEstimate, SurveyQuestion, UnsafePlaceReport
from .permissions import SURVEY_READERS

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


def district_boundaries(district: District | None) -> list[tuple[str, dict[str, Any]]]:
    """(name in the page's language, boundary GeoJSON) of the district, or of every district
    with a boundary: what the maps draw and the hotspot areas are named from."""
    districts = [district] if district else District.objects.exclude(boundary__isnull=True)
    return [(d.local_name, d.boundary) for d in districts if d.boundary]


def published_reports(
    *, district: District | None = None, start: Any = None, end: Any = None
) -> QuerySet[UnsafePlaceReport]:
    """Accepted reports (moderated, not spam), optionally one district's and a date range."""
    reports = UnsafePlaceReport.objects.filter(status=ReportStatus.PUBLISHED)
    if district is not None:
        reports = reports.filter(district=district)
    if start is not None:
        reports = reports.filter(incident_date__gte=start)
    if end is not None:
        reports = reports.filter(incident_date__lte=end)
    return reports


def method_for(district: District | None) -> hotspots.Method:
    """District cells of about 0.1 km²; the whole county in cells of about 0.7 km²."""
    if district is None:
        return hotspots.Method(resolution=hotspots.COUNTY_RESOLUTION)
    return hotspots.Method()


def published_hotspots(
    *,
    district: District | None = None,
    start: Any = None,
    end: Any = None,
    method: hotspots.Method | None = None,
) -> list[hotspots.CellResult]:
    """The cells of a district (or the county) that may be published: Gi* and density over
    the study area for accepted reports with a grid cell, kept only where a cell holds at
    least the method's minimum of reports (`hotspots.published`)."""
    method = method or method_for(district)
    areas = (
        [district]
        if district is not None
        else list(District.objects.exclude(boundary__isnull=True))
    )
    study_area = hotspots.area_cells([a.boundary for a in areas if a.boundary], method.resolution)
    cells = sorted(
        published_reports(district=district, start=start, end=end)
        .exclude(grid_cell="")
        .values_list("grid_cell", flat=True)
    )

    def analysed() -> list[hotspots.CellResult]:
        found = hotspots.analyse(report_cells=cells, study_area=study_area, method=method)
        return hotspots.published(found, method.min_count)

    # The analysis (999 permutations) takes a second or two; its result depends only on the
    # reports' cells, the study area and the method, so it is worked out once for each state
    # of the data, and shared with the other server processes through the cache. Only the
    # published cells are kept: a cell under the minimum never leaves this function.
    key = (method, _digest(sorted(study_area)), _digest(cells))
    return ANALYSES.get_or_make(key, analysed)


ANALYSES: Memo[list[hotspots.CellResult]] = Memo(size=32, shared="hotspots", version=2)


def _digest(cells: list[str]) -> str:
    return hashlib.sha256("\n".join(cells).encode()).hexdigest()


def district_report_counts(*, district: District | None = None) -> list[dict[str, Any]]:
    """Accepted reports by district, with those under the minimum shown as suppressed."""
    rows = []
    districts = [district] if district else list(District.objects.order_by("name"))
    for d in districts:
        count = published_reports(district=d).count()
        shown = count >= hotspots.DEFAULT_MIN_COUNT
        rows.append({"district": d, "count": count if shown else None, "suppressed": not shown})
    return rows


def comparison_periods(
    *, start: datetime.date | None, end: datetime.date | None, district: District | None = None
) -> tuple[tuple[datetime.date, datetime.date], tuple[datetime.date, datetime.date]] | None:
    """The period asked for (or the latest twelve months with reports) and the one of the
    same length just before it; None when there are no reports."""
    if end is None:
        end = published_reports(district=district).aggregate(last=Max("incident_date"))["last"]
        if end is None:
            return None
    if start is None:
        start = end - datetime.timedelta(days=364)
    length = end - start
    earlier_end = start - datetime.timedelta(days=1)
    return (earlier_end - length, earlier_end), (start, end)


def hotspot_comparison(
    *,
    district: District | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    method: hotspots.Method | None = None,
) -> dict[str, Any] | None:
    """Published cells of a period beside those of the period before it."""
    periods = comparison_periods(start=start, end=end, district=district)
    if periods is None:
        return None
    (e_start, e_end), (l_start, l_end) = periods
    earlier = published_hotspots(district=district, start=e_start, end=e_end, method=method)
    later = published_hotspots(district=district, start=l_start, end=l_end, method=method)
    return {
        "earlier": (e_start, e_end),
        "later": (l_start, l_end),
        "rows": hotspots.compare(earlier, later),
    }


def shows_survey(viewer: Viewer) -> bool:
    """The "Survey" menu entry: OPCC staff and partners."""
    return viewer.has_any(SURVEY_READERS)


def shows_moderation(viewer: Viewer) -> bool:
    """The "Unsafe-place reports" menu entry: OPCC staff, who moderate them."""
    return viewer.is_opcc_staff
