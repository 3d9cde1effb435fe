"""Reads for the Victims' Code returns: who may see and make which agency's returns, the
quarter's returns and missing ones, the compliance figures, the joint review's other sources
(the VCOP case-sampling panel's findings, victims' feedback) and the reminders due."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation, User
from crimeplan.accounts.permissions import Viewer
from crimeplan.scrutiny import selectors as scrutiny_selectors

from . import figures
from .constants import (
    REMIND_EVERY_DAYS,
    VictimsRight,
    last_ended_quarter,
    min_base,
    previous_quarter,
    quarter_end,
    remind_after_days,
)
from .feedback_services import QuarterSummary, quarter_summary
from .models import ComplianceReturn, ReturningAgency, ReturnReminder, ReviewMeeting
from .permissions import RETURN_MAKERS, RETURN_READERS, REVIEW_MANAGERS

RIGHT_LABELS = dict(VictimsRight.choices)


def _maker_organisations(viewer: Viewer) -> set[int]:
    return {org for org, role in viewer.role_pairs if role in RETURN_MAKERS}


def shows_returns(viewer: Viewer) -> bool:
    """The menu entry: OPCC staff (no query), and partner editors of a returning agency."""
    if viewer.has_any(RETURN_READERS):
        return True
    organisations = _maker_organisations(viewer)
    return bool(organisations) and (
        ReturningAgency.objects.filter(
            organisation__in=organisations, archived_at__isnull=True
        ).exists()
    )


def manages_reviews(viewer: Viewer) -> bool:
    return viewer.has_any(REVIEW_MANAGERS)


def agencies(*, include_archived: bool = False) -> QuerySet[ReturningAgency]:
    found = ReturningAgency.objects.select_related("organisation")
    return found if include_archived else found.filter(archived_at__isnull=True)


def agencies_for(*, viewer: Viewer) -> QuerySet[Organisation]:
    """The organisations whose returns the viewer may make: every returning agency for the
    review managers, their own for a returning agency's partner editors."""
    found = Organisation.objects.filter(
        victims_code_agency__isnull=False,
        victims_code_agency__archived_at__isnull=True,
        archived_at__isnull=True,
    ).order_by("name")
    if viewer.has_any(REVIEW_MANAGERS):
        return found
    return found.filter(pk__in=_maker_organisations(viewer))


def return_list(*, viewer: Viewer) -> QuerySet[ComplianceReturn]:
    """Every return for OPCC staff; a partner editor's own agency's; none for anyone else."""
    returns = ComplianceReturn.objects.select_related("agency", "submitted_by")
    if viewer.has_any(RETURN_READERS):
        return returns
    return returns.filter(agency__in=_maker_organisations(viewer))


def missing_returns(*, year: int, quarter: int) -> list[ReturningAgency]:
    """The active agencies that owe a return for the quarter and have not made it."""
    made = set(
        ComplianceReturn.objects.filter(year=year, quarter=quarter).values_list(
            "agency_id", flat=True
        )
    )
    return [
        agency
        for agency in agencies()
        if agency.owes(year, quarter) and agency.organisation_id not in made
    ]


def quarters_returned() -> list[tuple[int, int]]:
    """Every quarter with at least one return, latest first."""
    return list(
        ComplianceReturn.objects.order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .distinct()
    )


def latest_quarter() -> tuple[int, int] | None:
    quarters = quarters_returned()
    return quarters[0] if quarters else None


def quarter_counts(*, year: int, quarter: int) -> list[figures.Count]:
    return [
        figures.Count(right, agency, eligible, complied)
        for right, agency, eligible, complied in ComplianceReturn.objects.filter(
            year=year, quarter=quarter
        ).values_list("lines__right", "agency__name", "lines__eligible", "lines__complied")
        if right is not None
    ]


def compliance_figures(*, year: int, quarter: int) -> list[figures.Row]:
    """The quarter's rows (all agencies, then each agency, per right), compared with the
    quarter before."""
    before = previous_quarter(year, quarter)
    return figures.compliance_rows(
        quarter_counts(year=year, quarter=quarter),
        quarter_counts(year=before[0], quarter=before[1]),
        min_base=min_base(),
    )


def figure_dicts(rows: list[figures.Row]) -> list[dict[str, object]]:
    return [row.as_dict(RIGHT_LABELS) for row in rows]


def meeting_list(*, viewer: Viewer) -> QuerySet[ReviewMeeting]:
    meetings = ReviewMeeting.objects.all()
    return meetings if viewer.has_any(RETURN_READERS) else meetings.none()


@dataclass(frozen=True)
class CaseFindings:
    right: str
    met: int
    not_met: int
    not_assessed: int


def case_findings(*, year: int, quarter: int) -> list[CaseFindings]:
    """The VCOP case-sampling panel's findings on cases it met to review in the quarter,
    per right: complied, not complied, and could not be assessed."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for finding in scrutiny_selectors.right_findings(year=year):
        day = finding.meeting_day
        if (day.month - 4) % 12 // 3 + 1 != quarter:
            continue
        slot = {"met": 0, "not_met": 1}.get(finding.compliance, 2)
        counts[finding.right][slot] += 1
    return [CaseFindings(right, *counts[right]) for right in sorted(counts)]


def feedback_summary(*, year: int, quarter: int, public: bool = False) -> QuarterSummary | None:
    """What the victims' feedback survey says of the quarter (only if published, for the
    public page)."""
    summary = quarter_summary(year=year, quarter=quarter, public=public)
    if summary is None or (public and not summary.published):
        return None
    return summary


@dataclass(frozen=True)
class DueReminder:
    agency: Organisation
    year: int
    quarter: int
    recipients: list[str]


def reminders_due(*, today: datetime.date) -> list[DueReminder]:
    """The agencies whose return for the last ended quarter is missing once the configured
    days after its end have passed, not reminded about it in the last week."""
    year, quarter = last_ended_quarter(today)
    if today < quarter_end(year, quarter) + datetime.timedelta(days=remind_after_days()):
        return []
    recent = set(
        ReturnReminder.objects.filter(
            year=year,
            quarter=quarter,
            sent_at__date__gt=today - datetime.timedelta(days=REMIND_EVERY_DAYS),
        ).values_list("agency_id", flat=True)
    )
    due = []
    for agency in missing_returns(year=year, quarter=quarter):
        if agency.organisation_id in recent:
            continue
        recipients = list(
            User.objects.filter(
                memberships__organisation=agency.organisation,
                memberships__role=Role.PARTNER_EDITOR,
                memberships__ended_at__isnull=True,
                is_active=True,
            )
            .order_by("email")
            .values_list("email", flat=True)
            .distinct()
        )
        due.append(DueReminder(agency.organisation, year, quarter, recipients))
    return due
