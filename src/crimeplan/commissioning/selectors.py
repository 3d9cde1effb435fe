"""What each viewer may see of commissioning, and the figures the reports print.

One visibility rule per model, used by every page, export and command: OPCC staff see every
application and award; a grant assessor sees only submitted applications of rounds whose panel
they sit on and in which they have declared no conflict; partners see their own
organisation's applications and awards.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.permissions import Viewer
from crimeplan.core.money import pence_to_pounds_text
from crimeplan.delivery.models import Priority

from . import scoring
from .constants import ApplicationStatus, BidOutcome, FundKind, ReturnStatus
from .models import Application, Award, Bid, Fund, MonitoringReturn, PanelMember, Round, Score
from .periods import financial_year_label
from .permissions import COMMISSIONERS, PARTNER_ROLES


def _partner_organisations(viewer: Viewer) -> set[int]:
    return {org for org, role in viewer.role_pairs if role in PARTNER_ROLES}


def application_list(*, viewer: Viewer) -> QuerySet[Application]:
    applications = Application.objects.select_related("round__fund", "district").exclude(
        status=ApplicationStatus.DRAFT
    )
    if viewer.user_id is not None:
        # A declared conflict hides the application from its declarer, whatever else they are.
        applications = applications.exclude(conflicts__user_id=viewer.user_id)
    if viewer.is_opcc_staff:
        return applications
    condition = Q(organisation_id__in=_partner_organisations(viewer))
    if viewer.has_any([Role.GRANT_ASSESSOR]) and viewer.user_id is not None:
        condition |= Q(
            round__panel__user_id=viewer.user_id, status=ApplicationStatus.SUBMITTED
        ) & ~Q(conflicts__user_id=viewer.user_id)
    return applications.filter(condition).distinct()


def organisation_named(name: str) -> Organisation | None:
    """The organisation an applicant names, where one is already held under that name
    (archived or not: names are unique across both)."""
    name = name.strip()
    if not name:
        return None
    return Organisation.objects.filter(name__iexact=name).first()


def award_list(*, viewer: Viewer) -> QuerySet[Award]:
    awards = Award.objects.select_related("round__fund", "recipient", "district")
    if viewer.is_opcc_staff:
        return awards
    return awards.filter(recipient_id__in=_partner_organisations(viewer))


def may_edit_award(viewer: Viewer, award: Award) -> bool:
    """Commissioning staff, and the grantee's own partner editors."""
    return viewer.has_any(COMMISSIONERS) or viewer.has_role_in(
        award.recipient_id, [Role.PARTNER_EDITOR]
    )


def fund_list(*, archived: bool = False) -> QuerySet[Fund]:
    """Funds in use, or (`archived=True`) the archived ones, which stay readable."""
    return Fund.objects.filter(archived_at__isnull=not archived).annotate(
        round_count=Count("rounds", distinct=True)
    )


def open_rounds(today: datetime.date | None = None) -> list[Round]:
    """Rounds the public may apply to: of a fund that takes applications, neither archived."""
    today = today or timezone.localdate()
    rounds = Round.objects.select_related("fund").filter(
        fund__kind__in=[FundKind.LOCAL, FundKind.JOINT],
        fund__archived_at__isnull=True,
        archived_at__isnull=True,
    )
    return [
        r
        for r in rounds
        if (r.opens_on is None or r.opens_on <= today)
        and (r.closes_on is None or today <= r.closes_on)
    ]


@dataclass(frozen=True)
class AssessmentRow:
    assessor: str
    assessor_id: int
    percentage: Any
    scores: dict[int, int]


def assessment(application: Application) -> tuple[list[AssessmentRow], Any]:
    """Each panel member's weighted percentage and the panel's mean (for moderation)."""
    criteria = [
        scoring.CriterionWeight(c.pk, c.weight, c.max_score)
        for c in application.round.criteria.all()
    ]
    by_assessor: dict[int, dict[int, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    for score in Score.objects.filter(application=application).select_related("assessor"):
        by_assessor[score.assessor_id][score.criterion_id] = score.score
        names[score.assessor_id] = str(score.assessor)
    rows = [
        AssessmentRow(names[a], a, scoring.weighted_percentage(criteria, scores), scores)
        for a, scores in sorted(by_assessor.items(), key=lambda item: names[item[0]])
    ]
    return rows, scoring.panel_mean(r.percentage for r in rows)


def assessment_for(application: Application, *, viewer: Viewer) -> tuple[list[AssessmentRow], Any]:
    """The assessment as `viewer` may see it. Scoring is independent: OPCC staff see every
    panel member's scores and the panel's mean; anyone else (a panel member) sees only their
    own scores, and no mean."""
    rows, mean = assessment(application)
    if viewer.is_opcc_staff:
        return rows, mean
    return [r for r in rows if r.assessor_id == viewer.user_id], None


def own_scores(application: Application, *, assessor_id: int | None) -> QuerySet[Score]:
    """The scores one panel member gave an application (none for nobody)."""
    return Score.objects.filter(application=application, assessor_id=assessor_id)


def overdue_returns(
    *, viewer: Viewer, today: datetime.date | None = None
) -> QuerySet[MonitoringReturn]:
    today = today or timezone.localdate()
    return MonitoringReturn.objects.filter(
        award__in=award_list(viewer=viewer), status=ReturnStatus.DUE, due_on__lt=today
    ).select_related("award__recipient")


# Reports --------------------------------------------------------------------------------

SUMMARY_COLUMNS = [
    "fund",
    "round",
    "years",
    "kind",
    "bids_or_applications",
    "amount_awarded",
    "amount_paid",
]


def _bids_won_pence(round_: Round, bids: list[Bid]) -> int:
    """What the OPCC won in a national round: the published total where per-bid amounts are
    not known, else the sum of the bids won."""
    if round_.won_total_pence is not None:
        return round_.won_total_pence
    return sum(
        b.amount_won_pence or 0 for b in bids if b.outcome in {BidOutcome.WON, BidOutcome.PART_WON}
    )


def summary(*, fund: Fund | None = None) -> list[dict[str, Any]]:
    """Per fund and round: bids (national funds) or submitted applications, the amount awarded
    (won, for national funds) and paid, in pence."""
    rounds = Round.objects.select_related("fund").order_by("fund__name", "opens_on", "name")
    if fund is not None:
        rounds = rounds.filter(fund=fund)
    paid = dict(
        Round.objects.annotate(paid=Sum("awards__payments__amount_pence")).values_list("pk", "paid")
    )
    bids: dict[int, list[Bid]] = defaultdict(list)
    for bid in Bid.objects.all():
        bids[bid.round_id].append(bid)
    applications = dict(
        Round.objects.annotate(
            n=Count("applications", filter=~Q(applications__status=ApplicationStatus.DRAFT))
        ).values_list("pk", "n")
    )
    rows = []
    for r in rounds:
        national = r.fund.kind == FundKind.NATIONAL
        rows.append(
            {
                "fund": r.fund.name,
                "round": r.name,
                "years": r.years,
                "kind": r.fund.kind,
                "bids_or_applications": len(bids[r.pk]) if national else applications[r.pk],
                "amount_awarded_pence": _bids_won_pence(r, bids[r.pk])
                if national
                else r.allocated_pence,
                "amount_paid_pence": int(paid.get(r.pk) or 0),
            }
        )
    return rows


def summary_for_export(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pence as pounds with two decimals, exactly (never via floats)."""
    return [
        {
            **row,
            "amount_awarded": pence_to_pounds_text(row["amount_awarded_pence"]),
            "amount_paid": pence_to_pounds_text(row["amount_paid_pence"]),
        }
        for row in rows
    ]


TOTAL_DIMENSIONS = {
    "fund": ("round__fund__name", "Fund"),
    "round": ("round__name", "Round"),
    "priority": ("priority__code", "Plan priority"),
    "district": ("district__name", "District"),
    "provider": ("recipient__name", "Provider"),
}


def award_totals(*, viewer: Viewer, by: str) -> list[dict[str, Any]]:
    """Awards, amount awarded, paid and spent, grouped by one dimension."""
    if by not in TOTAL_DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(TOTAL_DIMENSIONS)}, not {by!r}")
    field, _label = TOTAL_DIMENSIONS[by]
    groups: dict[str, dict[str, Any]] = {}
    awards = award_list(viewer=viewer).annotate(paid=Sum("payments__amount_pence", distinct=False))
    spent = dict(
        award_list(viewer=viewer).annotate(s=Sum("spend__amount_pence")).values_list("pk", "s")
    )
    for award in awards.values(
        "pk", field, "amount_pence", "paid", "round__name", "round__fund__name"
    ):
        key = award[field] or ("County-wide" if by == "district" else "Not recorded")
        if by == "round":
            key = f"{award['round__fund__name']}: {award['round__name']}"
        group = groups.setdefault(
            key, {by: key, "awards": 0, "awarded_pence": 0, "paid_pence": 0, "spent_pence": 0}
        )
        group["awards"] += 1
        group["awarded_pence"] += award["amount_pence"]
        group["paid_pence"] += int(award["paid"] or 0)
        group["spent_pence"] += int(spent.get(award["pk"]) or 0)
    return [groups[k] for k in sorted(groups)]


def totals_for_export(
    rows: list[dict[str, Any]], by: str
) -> tuple[list[dict[str, Any]], list[str]]:
    out = [
        {
            by: row[by],
            "awards": row["awards"],
            "awarded": pence_to_pounds_text(row["awarded_pence"]),
            "paid": pence_to_pounds_text(row["paid_pence"]),
            "spent": pence_to_pounds_text(row["spent_pence"]),
        }
        for row in rows
    ]
    return out, [by, "awards", "awarded", "paid", "spent"]


def public_grants() -> QuerySet[Award]:
    """The grants the OPCC publishes: published awards of local and joint funds."""
    return (
        Award.objects.filter(published=True, round__fund__kind__in=[FundKind.LOCAL, FundKind.JOINT])
        .select_related("round__fund", "recipient", "district")
        .order_by("-starts_on", "title")
    )


def area_summary() -> list[dict[str, Any]]:
    """What was funded in each district (and county-wide), for neighbourhood policing teams."""
    areas: dict[str, list[Award]] = defaultdict(list)
    for award in Award.objects.select_related("round__fund", "recipient", "district").order_by(
        "title"
    ):
        areas[award.district.name if award.district else "County-wide"].append(award)
    return [
        {
            "area": name,
            "awards": areas[name],
            "total_pence": sum(a.amount_pence for a in areas[name]),
        }
        for name in sorted(areas, key=lambda n: (n == "County-wide", n))
    ]


def financial_year_choices(award: Award) -> list[tuple[int, str]]:
    from .periods import financial_year_of

    first, last = financial_year_of(award.starts_on), financial_year_of(award.ends_on)
    return [(y, financial_year_label(y)) for y in range(first, last + 1)]


def on_panel(round_id: int, user_id: int | None) -> bool:
    return (
        user_id is not None
        and PanelMember.objects.filter(round_id=round_id, user_id=user_id).exists()
    )


def priority_by_code(code: str) -> Priority | None:
    """The plan priority with this code (e.g. an application's `CSC`): the latest plan's when
    several plans use the code."""
    code = code.strip().upper()
    if not code:
        return None
    return (
        Priority.objects.filter(code__iexact=code).order_by("-plan__term_start", "-plan_id").first()
    )


def shows_funds(viewer: Viewer) -> bool:
    """The "Commissioning" menu entry: OPCC staff."""
    return viewer.is_opcc_staff


def shows_applications_only(viewer: Viewer) -> bool:
    """The "Grant applications" menu entry: a grant assessor who is not OPCC staff (staff
    reach the applications through "Commissioning")."""
    return viewer.has_any([Role.GRANT_ASSESSOR]) and not viewer.is_opcc_staff
