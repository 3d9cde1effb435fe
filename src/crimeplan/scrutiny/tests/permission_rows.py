"""The scrutiny pages in the permission matrix.

Sites in these rows are run by `csp_own` or `csp_other`, standing in for the constabulary:
the rule is "members of the organisation that runs the site", whatever its kind. So
`csp_own`'s partner editor and viewer play the custody inspector's office here.
"""

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import OPCC, PUBLIC, Row
from crimeplan.core.tests.world import World
from crimeplan.scrutiny.models import Panel, PanelMeeting, PanelMember, Visit, Volunteer
from crimeplan.scrutiny.permissions import (
    COORDINATORS,
    FIGURE_ROLES,
    PANEL_MANAGERS,
    PANEL_MEMBER_ROLES,
)

from .factories import (
    ActionFactory,
    CaseFactory,
    IssueFactory,
    MeetingFactory,
    PanelFactory,
    PublishedReportFactory,
    SiteFactory,
    VisitFactory,
    VolunteerFactory,
    filed,
)

SITE_PARTNERS = frozenset({Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})
VISIT_ROLES = OPCC | SITE_PARTNERS | {Role.VOLUNTEER}
NOBODY: frozenset[str] = frozenset()


def own_visit(world: World, *, is_filed: bool = False, own_site: bool = True) -> Visit:
    """A visit by the world's volunteer, at a site run by csp_own (or csp_other)."""
    user = world.people[Role.VOLUNTEER]
    # One volunteer record per account, however many rows this world serves.
    volunteer = Volunteer.objects.filter(user=user).first() or VolunteerFactory(user=user)
    site = SiteFactory(organisation=world.csp_own if own_site else world.csp_other)
    visit = VisitFactory(site=site, first_visitor=volunteer)
    return filed(visit) if is_filed else visit


def other_visit(world: World, *, is_filed: bool = False, own_site: bool = True) -> Visit:
    site = SiteFactory(organisation=world.csp_own if own_site else world.csp_other)
    visit = VisitFactory(site=site)
    return filed(visit) if is_filed else visit


# The members of `served_panel`: a Police and Crime Panel member and a partner viewer.
SERVING = frozenset({Role.PANEL_MEMBER, Role.PARTNER_VIEWER})


def served_panel(world: World) -> Panel:
    panel = PanelFactory()
    for role in SERVING:
        PanelMember.objects.create(panel=panel, user=world.people[role])
    return panel


def served_meeting(world: World) -> PanelMeeting:
    panel = served_panel(world)
    meeting = MeetingFactory(panel=panel)
    CaseFactory(panel=panel, meeting=meeting)
    return meeting


def _pk(obj: object) -> dict[str, object]:
    return {"pk": obj.pk}  # type: ignore[attr-defined]


ROWS: list[Row] = [
    Row("scrutiny:volunteer_list", COORDINATORS),
    Row("scrutiny:volunteer_create", COORDINATORS),
    Row("scrutiny:volunteer_detail", COORDINATORS, lambda w: _pk(VolunteerFactory())),
    Row("scrutiny:volunteer_edit", COORDINATORS, lambda w: _pk(VolunteerFactory())),
    Row("scrutiny:training_add", COORDINATORS, lambda w: _pk(VolunteerFactory())),
    Row("scrutiny:site_list", COORDINATORS),
    Row("scrutiny:site_edit", COORDINATORS, lambda w: _pk(SiteFactory())),
    Row(
        "scrutiny:site_archive",
        COORDINATORS,
        lambda w: _pk(SiteFactory()),
        method="post",
        ok_status=302,
    ),
    Row("scrutiny:visit_list", VISIT_ROLES),
    Row("scrutiny:rota_generate", COORDINATORS),
    Row(
        "scrutiny:visit_detail",
        VISIT_ROLES,
        lambda w: _pk(own_visit(w, is_filed=True)),
        label="own pair, filed, site's organisation",
    ),
    Row(
        "scrutiny:visit_detail",
        OPCC | {Role.VOLUNTEER},
        lambda w: _pk(own_visit(w)),
        label="own pair, planned",
    ),
    Row(
        "scrutiny:visit_detail",
        OPCC | SITE_PARTNERS,
        lambda w: _pk(other_visit(w, is_filed=True)),
        label="another pair, filed",
    ),
    Row(
        "scrutiny:visit_detail",
        OPCC,
        lambda w: _pk(other_visit(w, is_filed=True, own_site=False)),
        label="another organisation's site",
    ),
    Row("scrutiny:visit_adjust", COORDINATORS, lambda w: _pk(other_visit(w))),
    Row(
        "scrutiny:visit_cancel",
        COORDINATORS,
        lambda w: _pk(other_visit(w)),
        method="post",
        ok_status=302,
    ),
    Row("scrutiny:visit_report", {Role.VOLUNTEER}, lambda w: _pk(own_visit(w)), label="own"),
    Row("scrutiny:visit_report", NOBODY, lambda w: _pk(other_visit(w)), label="another pair"),
    Row("scrutiny:visit_report", NOBODY, lambda w: _pk(own_visit(w, is_filed=True)), label="filed"),
    Row("scrutiny:detainee_add", {Role.VOLUNTEER}, lambda w: _pk(own_visit(w))),
    Row("scrutiny:issue_add", {Role.VOLUNTEER}, lambda w: _pk(own_visit(w))),
    Row(
        "scrutiny:visit_file",
        {Role.VOLUNTEER},
        lambda w: _pk(own_visit(w)),
        method="post",
        ok_status=302,
    ),
    Row("scrutiny:issue_list", OPCC | SITE_PARTNERS),
    Row(
        "scrutiny:issue_respond",
        COORDINATORS | {Role.PARTNER_EDITOR},
        lambda w: _pk(IssueFactory(visit=other_visit(w, is_filed=True))),
        label="site's organisation",
    ),
    Row(
        "scrutiny:issue_respond",
        COORDINATORS,
        lambda w: _pk(IssueFactory(visit=other_visit(w, is_filed=True, own_site=False))),
        label="another organisation's site",
    ),
    Row("scrutiny:panel_list", PANEL_MEMBER_ROLES),
    Row("scrutiny:panel_create", PANEL_MANAGERS),
    Row("scrutiny:panel_detail", OPCC, lambda w: _pk(PanelFactory()), label="not serving"),
    Row(
        "scrutiny:panel_detail",
        OPCC | SERVING,
        lambda w: _pk(served_panel(w)),
        label="members serving",
    ),
    Row("scrutiny:panel_edit", PANEL_MANAGERS, lambda w: _pk(PanelFactory())),
    Row("scrutiny:cases_add", PANEL_MANAGERS, lambda w: _pk(PanelFactory())),
    Row("scrutiny:meeting_create", PANEL_MANAGERS, lambda w: {"panel_pk": PanelFactory().pk}),
    Row("scrutiny:action_add", PANEL_MANAGERS, lambda w: _pk(PanelFactory())),
    Row("scrutiny:meeting_detail", OPCC, lambda w: _pk(MeetingFactory()), label="not serving"),
    Row(
        "scrutiny:meeting_detail",
        OPCC | SERVING,
        lambda w: _pk(served_meeting(w)),
        label="members serving",
    ),
    Row(
        "scrutiny:meeting_edit",
        PANEL_MANAGERS,
        lambda w: _pk(served_meeting(w)),
        label="members serving, read only",
    ),
    Row("scrutiny:meeting_edit", PANEL_MANAGERS, lambda w: _pk(MeetingFactory())),
    Row("scrutiny:sample_draw", PANEL_MANAGERS, lambda w: _pk(MeetingFactory())),
    Row(
        "scrutiny:case_findings",
        PANEL_MANAGERS,
        lambda w: _pk(CaseFactory(meeting=(m := MeetingFactory()), panel=m.panel)),
    ),
    Row("scrutiny:action_close", PANEL_MANAGERS, lambda w: _pk(ActionFactory())),
    Row("scrutiny:figures", FIGURE_ROLES),
    Row("scrutiny:figures_export", FIGURE_ROLES),
    Row("scrutiny:report_publish", COORDINATORS, lambda w: {"kind": "icv", "year": 2025}),
    Row("scrutiny:public_report_list", PUBLIC),
    Row("scrutiny:public_report", PUBLIC, lambda w: _pk(PublishedReportFactory())),
    Row("scrutiny:public_report_export_pdf", PUBLIC, lambda w: _pk(PublishedReportFactory())),
    Row("api:list_published_reports", PUBLIC),
    Row("api:get_published_report", PUBLIC, lambda w: {"report_id": PublishedReportFactory().pk}),
    Row("api:icv_figures", FIGURE_ROLES, lambda w: {"year": 2025}),
]
