"""What each viewer may see of ASB Case Reviews, and the co-ordinator's working list.

The visibility rule (one selector, used by every page, export and the API): the co-ordinator
and the OPCC administrator see every case; a partner sees the cases its organisation is
invited to, and a Community Safety Partnership the cases in its district. No one else — not
even other OPCC staff — sees a case: applications hold personal and sensitive data.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from crimeplan.accounts.constants import PARTNER_ROLES, OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import Viewer

from . import figures
from .areas import Timescales
from .constants import OPEN_STATUSES
from .deadlines import Deadline, StageDates, deadlines
from .models import CaseReview, Escalation, InvitedBody, Recommendation
from .permissions import MANAGERS


def is_manager(viewer: Viewer) -> bool:
    return viewer.has_any(MANAGERS)


def may_see_cases(viewer: Viewer) -> bool:
    """For the menu: the co-ordinator and administrator always; a partner once a case is
    shared with it (a query, but only for partners)."""
    if is_manager(viewer):
        return True
    if not viewer.has_any(PARTNER_ROLES):
        return False
    return case_list(viewer=viewer).exists()


def case_list(*, viewer: Viewer) -> QuerySet[CaseReview]:
    cases = CaseReview.objects.select_related("district")
    if is_manager(viewer):
        return cases
    partner_orgs = {org for org, role in viewer.role_pairs if role in PARTNER_ROLES}
    if not partner_orgs:
        return cases.none()
    csp_districts = Organisation.objects.filter(
        pk__in=partner_orgs, kind=OrganisationKind.CSP, district__isnull=False
    ).values("district_id")
    return cases.filter(
        Q(bodies__organisation_id__in=partner_orgs) | Q(district_id__in=csp_districts)
    ).distinct()


def case_detail(*, viewer: Viewer, pk: int) -> CaseReview:
    """Raises CaseReview.DoesNotExist for a case the viewer may not see."""
    return (
        case_list(viewer=viewer)
        .prefetch_related(
            "incidents",
            Prefetch("bodies", queryset=InvitedBody.objects.select_related("organisation")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("owner")),
            Prefetch("escalations", queryset=Escalation.objects.select_related("reviewed_by")),
            "events__actor",
        )
        .get(pk=pk)
    )


def case_deadlines(
    case: CaseReview, timescales: Timescales, *, today: datetime.date
) -> list[Deadline]:
    return deadlines(
        StageDates(
            received_on=case.received_on,
            acknowledged_on=case.acknowledged_on,
            threshold_decided_on=case.threshold_decided_on,
            threshold_met=case.threshold_met,
            review_held_on=case.review_held_on,
            outcome_sent_on=case.outcome_sent_on
            or (case.threshold_decided_on if case.threshold_met is False else None),
        ),
        timescales,
        today=today,
    )


@dataclass(frozen=True)
class WorkingListRow:
    case: CaseReview
    next_deadline: Deadline | None
    overdue: list[Deadline]


def working_list(
    *,
    viewer: Viewer,
    timescales: Timescales,
    today: datetime.date,
    status: str = "",
    overdue_only: bool = False,
) -> list[WorkingListRow]:
    """Open cases (or one status), each with its next deadline and any overdue stages."""
    cases = case_list(viewer=viewer)
    cases = cases.filter(status=status) if status else cases.filter(status__in=OPEN_STATUSES)
    rows = []
    for case in cases:
        stages = case_deadlines(case, timescales, today=today)
        pending = [d for d in stages if d.done_on is None]
        overdue = [d for d in pending if d.overdue]
        if overdue_only and not overdue:
            continue
        rows.append(
            WorkingListRow(
                case=case,
                next_deadline=min(pending, key=lambda d: d.due_on) if pending else None,
                overdue=overdue,
            )
        )
    return rows


def open_recommendations(*, viewer: Viewer) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        case__in=case_list(viewer=viewer), completed_on__isnull=True
    ).select_related("case", "owner")


def annual_figures(*, year: int) -> list[dict[str, object]]:
    """Published figures: counts only, so every case is counted whoever asks."""
    cases = CaseReview.objects.select_related("district").annotate(
        recommendation_count=Count("recommendations")
    )
    return figures.annual_figures(
        (
            figures.CaseFacts(
                received_on=case.received_on,
                channel=case.channel,
                district=case.district.name if case.district else "Unknown district",
                acknowledged_on=case.acknowledged_on,
                threshold_decided_on=case.threshold_decided_on,
                threshold_met=case.threshold_met,
                review_held_on=case.review_held_on,
                outcome_sent_on=case.outcome_sent_on,
                recommendations=case.recommendation_count,
                applicant_key=case.applicant_key,
                location=case.location if case.anonymised_at is None else "",
            )
            for case in cases
        ),
        year=year,
    )
