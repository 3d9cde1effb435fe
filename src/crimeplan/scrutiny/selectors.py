"""Who sees which visits, issues, volunteers and panels, and the figures the reports show.

- Co-ordinators (OPCC administrator, volunteer co-ordinator) see volunteers' personal details.
- OPCC staff see every visit report as soon as it is filed, and the panels.
- A volunteer sees only the visits they are one of the pair on.
- Members of the organisation that runs a site (the constabulary: the custody inspector) see
  its filed reports and their issues, with volunteers shown by reference only.
"""

import datetime

from django.db.models import Count, F, Q, QuerySet

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import User
from crimeplan.accounts.permissions import Viewer

from . import figures, rota
from .constants import (
    CaseOutcome,
    IssueStatus,
    PanelKind,
    Scheme,
    TimeOfDay,
    VictimsRight,
    VisitStatus,
)
from .models import (
    Panel,
    PanelAction,
    PanelCase,
    PanelMember,
    PublishedReport,
    RightFinding,
    Site,
    Visit,
    VisitIssue,
    Volunteer,
)
from .permissions import COORDINATORS, PANEL_MANAGERS, PANEL_MEMBER_ROLES, SITE_ROLES


def sees_personal_details(viewer: Viewer) -> bool:
    return viewer.has_any(COORDINATORS)


def manages_panels(viewer: Viewer) -> bool:
    return viewer.has_any(PANEL_MANAGERS)


def shows_visits(viewer: Viewer) -> bool:
    """The "Custody visits" menu entry: OPCC staff, volunteers, and partners whose
    organisation runs a visited site (not every partner)."""
    if viewer.is_opcc_staff or Role.VOLUNTEER in viewer.roles:
        return True
    organisations = _site_organisations(viewer)
    return bool(organisations) and Site.objects.filter(organisation_id__in=organisations).exists()


def shows_reports(viewer: Viewer) -> bool:
    """The public "Scrutiny reports" menu entry, once there is a report to read."""
    return PublishedReport.objects.exists()


def volunteer_list(*, viewer: Viewer) -> QuerySet[Volunteer]:
    if not sees_personal_details(viewer):
        return Volunteer.objects.none()
    return (
        Volunteer.objects.select_related("user")
        .annotate(training_count=Count("training"))
        .order_by("reference")
    )


def _site_organisations(viewer: Viewer) -> set[int]:
    return {org for org, role in viewer.role_pairs if role in SITE_ROLES}


def visit_list(*, viewer: Viewer) -> QuerySet[Visit]:
    """Visits the viewer may open. The site's organisation sees only filed reports: a planned
    visit is unannounced, so the rota never reaches the constabulary."""
    visits = Visit.objects.select_related("site", "first_visitor", "second_visitor")
    if viewer.is_opcc_staff:
        return visits
    if not viewer.is_member:
        return visits.none()
    condition = Q(pk__in=[])
    if viewer.user_id is not None and Role.VOLUNTEER in viewer.roles:
        condition |= Q(first_visitor__user_id=viewer.user_id) | Q(
            second_visitor__user_id=viewer.user_id
        )
    organisations = _site_organisations(viewer)
    if organisations:
        condition |= Q(site__organisation_id__in=organisations, status=VisitStatus.FILED)
    return visits.filter(condition)


def issue_list(*, viewer: Viewer) -> QuerySet[VisitIssue]:
    return VisitIssue.objects.filter(
        visit__in=visit_list(viewer=viewer), visit__status=VisitStatus.FILED
    ).select_related("visit__site")


def responds_to_issues(viewer: Viewer, visit: Visit) -> bool:
    """The site's partner editor (the custody inspector) or a co-ordinator records responses."""
    return viewer.has_any(COORDINATORS) or viewer.has_role_in(
        visit.site.organisation_id, [Role.PARTNER_EDITOR]
    )


def sees_rota(viewer: Viewer) -> bool:
    return viewer.is_opcc_staff or Role.VOLUNTEER in viewer.roles


def site_list(*, scheme: str | None = None) -> QuerySet[Site]:
    sites = Site.objects.filter(archived_at__isnull=True).select_related("organisation")
    if scheme == Scheme.CUSTODY:
        return sites.filter(kind="custody_suite")
    if scheme == Scheme.ANIMAL_WELFARE:
        return sites.filter(kind="dog_section")
    return sites


def sites_managed() -> QuerySet[Site]:
    """Every site, archived ones last, for the co-ordinators' page that changes them."""
    return (
        Site.objects.select_related("organisation")
        .annotate(visit_count=Count("visits"))
        .order_by(F("archived_at").asc(nulls_first=True), "name")
    )


def visits_for_rota(*, start: datetime.date, end: datetime.date) -> list[rota.PlannedVisit]:
    """The visits planned or made (not cancelled) from `start` to `end` inclusive, as the
    rota's rules see them: site, day, time of day and pair."""
    rows = (
        Visit.objects.filter(scheduled_on__range=(start, end))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("scheduled_on", "pk")
        .values_list(
            "site_id", "scheduled_on", "time_of_day", "first_visitor_id", "second_visitor_id"
        )
    )
    return [rota.PlannedVisit(site, day, tod, (a, b)) for site, day, tod, a, b in rows]


def panel_member_candidates() -> QuerySet[User]:
    """Accounts that can be made panel members: active, with a current role that may be."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=PANEL_MEMBER_ROLES,
            memberships__ended_at__isnull=True,
            memberships__organisation__archived_at__isnull=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def shows_panels(viewer: Viewer) -> bool:
    """The "Scrutiny panels" menu entry: OPCC staff, and members serving on a panel."""
    return viewer.is_opcc_staff or (
        viewer.user_id is not None
        and viewer.has_any(PANEL_MEMBER_ROLES)
        and PanelMember.objects.filter(
            user_id=viewer.user_id, archived_at__isnull=True, panel__archived_at__isnull=True
        ).exists()
    )


def panel_list(*, viewer: Viewer) -> QuerySet[Panel]:
    """OPCC staff see every panel; anyone else the panels they serve on (while they hold a
    role that may serve), never another panel's cases."""
    panels = Panel.objects.all()
    if not viewer.is_opcc_staff:
        if viewer.user_id is None or not viewer.has_any(PANEL_MEMBER_ROLES):
            return Panel.objects.none()
        panels = panels.filter(
            archived_at__isnull=True,  # a panel wound up is no longer its members' to see
            pk__in=PanelMember.objects.filter(
                user_id=viewer.user_id, archived_at__isnull=True
            ).values("panel_id"),
        )
    return panels.annotate(
        case_count=Count("cases", distinct=True),
        open_actions=Count("actions", filter=Q(actions__status="open"), distinct=True),
    ).order_by("name")


def open_actions(*, panel: Panel) -> QuerySet[PanelAction]:
    return panel.actions.filter(status="open")


def filed_visits(*, year: int, scheme: str = Scheme.CUSTODY) -> list[figures.FiledVisit]:
    start, end = figures.financial_year_bounds(year)
    visits = (
        Visit.objects.filter(
            status=VisitStatus.FILED,
            scheduled_on__range=(start, end),
            site__kind="custody_suite" if scheme == Scheme.CUSTODY else "dog_section",
        )
        .select_related("site")
        .annotate(
            raised=Count("issues", distinct=True),
            resolved=Count("issues", filter=Q(issues__status=IssueStatus.RESOLVED), distinct=True),
        )
    )
    return [
        figures.FiledVisit(
            site=v.site.name,
            day=v.scheduled_on,
            is_night=v.time_of_day == TimeOfDay.NIGHT,
            detainees_in_custody=v.detainees_in_custody,
            offered=v.offered,
            spoken_to=v.spoken_to,
            observed=v.observed,
            declined=v.declined,
            issues_raised=v.raised,
            issues_resolved=v.resolved,
        )
        for v in visits
    ]


def icv_figures(*, year: int) -> list[figures.IcvRow]:
    return figures.icv_figures(filed_visits(year=year), year=year)


def right_findings(*, year: int | None = None) -> list[figures.RightFinding]:
    findings = RightFinding.objects.filter(case__meeting__isnull=False).select_related(
        "case__meeting"
    )
    if year is not None:
        start, end = figures.financial_year_bounds(year)
        findings = findings.filter(case__meeting__held_on__range=(start, end))
    labels = dict(VictimsRight.choices)
    return [
        figures.RightFinding(
            right=labels[f.right],
            agency=f.case.agency or "Not recorded",
            compliance=f.compliance,
            meeting_day=f.case.meeting.held_on,  # type: ignore[union-attr]
        )
        for f in findings
    ]


def panel_outcomes(*, kind: str = PanelKind.OUT_OF_COURT) -> list[tuple[str, dict[str, int]]]:
    cases = PanelCase.objects.filter(
        panel__kind=kind, meeting__isnull=False, outcome__gt=""
    ).values_list("meeting__held_on", "outcome")
    labels = dict(CaseOutcome.choices)
    return figures.outcomes_over_time((day, labels[outcome]) for day, outcome in cases)


def published_reports() -> QuerySet[PublishedReport]:
    return PublishedReport.objects.all()
