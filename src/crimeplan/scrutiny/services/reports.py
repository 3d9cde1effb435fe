"""Annual reports: their figures, frozen as JSON when the report is published."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import figures, selectors
from ..constants import (
    PanelKind,
    ReportKind,
)
from ..models import (
    PublishedReport,
)
from .common import audited_save


def report_figures(*, kind: str, year: int) -> dict[str, Any]:
    """The figures an annual report shows, as JSON, so a published report is frozen."""
    if kind == ReportKind.ICV:
        return {"icv": [row.as_dict() for row in selectors.icv_figures(year=year)]}
    findings = selectors.right_findings(year=year)

    def rows(by: str) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "met": r.met,
                "not_met": r.not_met,
                "not_assessed": r.not_assessed,
                "rate_percent": r.rate_percent,
            }
            for r in figures.compliance_by(findings, by=by)
        ]

    return {
        "by_right": rows("right"),
        "by_agency": rows("agency"),
        "outcomes": [[period, cells] for period, cells in selectors.panel_outcomes()],
        "vetting_outcomes": [
            [period, cells] for period, cells in selectors.panel_outcomes(kind=PanelKind.VETTING)
        ],
    }


@transaction.atomic
def report_publish(*, kind: str, year: int, introduction: str, actor: Any) -> PublishedReport:
    if PublishedReport.objects.filter(kind=kind, year=year).exists():
        raise ValidationError({"year": "This year's report is already published."})
    report = PublishedReport(
        kind=kind,
        year=year,
        introduction=introduction,
        published_at=timezone.now(),
        figures=report_figures(kind=kind, year=year),
        created_by=actor,
    )
    audited_save(report, actor=actor, summary=f"Published {report}")
    return report
