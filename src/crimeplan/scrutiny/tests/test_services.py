"""Services and selectors against the database: who sees which visit, filing a report,
issues tracked to a response, the rota in the database, sampling and findings."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.scrutiny import rota, selectors, services
from crimeplan.scrutiny.constants import (
    DETAINEE_CHECKLIST,
    Compliance,
    IssueStatus,
    PanelKind,
    ReportKind,
    Scheme,
    VictimsRight,
    VisitStatus,
)
from crimeplan.scrutiny.models import Visit
from crimeplan.scrutiny.rota import TIMES_OF_DAY

from .factories import (
    CaseFactory,
    IssueFactory,
    MeetingFactory,
    PanelFactory,
    SiteFactory,
    VisitFactory,
    VolunteerFactory,
    filed,
)

pytestmark = pytest.mark.django_db
ALL_YES = {key: "yes" for key, _ in DETAINEE_CHECKLIST}


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.OPCC)


@pytest.fixture
def constabulary():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.CONSTABULARY)


def volunteer_with_account(opcc):  # type: ignore[no-untyped-def]
    return VolunteerFactory(user=member(Role.VOLUNTEER, opcc))


def report(visit: Visit, **changes: object) -> dict[str, object]:
    arrived = datetime.datetime(2025, 6, 14, 23, 10, tzinfo=datetime.UTC)
    values: dict[str, object] = {
        "arrived_at": arrived,
        "left_at": arrived + datetime.timedelta(hours=1),
        "detainees_in_custody": 6,
        "offered": 5,
        "spoken_to": 3,
        "declined": 2,
        "observed": 1,
        "declined_reasons": {"asleep": 1, "did_not_want": 1},
        "records_reviewed": 2,
    }
    return values | changes


def test_a_volunteer_sees_only_their_own_pairs_visits(opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    me = volunteer_with_account(opcc)
    site = SiteFactory(organisation=constabulary)
    mine = VisitFactory(site=site, first_visitor=me)
    mine_second = VisitFactory(site=site, second_visitor=me)
    theirs = filed(VisitFactory(site=site))
    visible = set(selectors.visit_list(viewer=viewer_for(me.user)))
    assert visible == {mine, mine_second}
    assert theirs not in visible
    assert not selectors.issue_list(viewer=viewer_for(me.user)).filter(visit=theirs).exists()


def test_the_constabulary_sees_filed_reports_and_issues_but_not_the_rota(
    opcc, constabulary
) -> None:  # type: ignore[no-untyped-def]
    inspector = member(Role.PARTNER_EDITOR, constabulary)
    site = SiteFactory(organisation=constabulary)
    planned = VisitFactory(site=site)
    reported = filed(VisitFactory(site=site))
    elsewhere = filed(VisitFactory())
    issue = IssueFactory(visit=reported)
    IssueFactory(visit=elsewhere)
    viewer = viewer_for(inspector)
    assert list(selectors.visit_list(viewer=viewer)) == [reported]
    assert list(selectors.issue_list(viewer=viewer)) == [issue]
    assert planned not in selectors.visit_list(viewer=viewer)
    assert not selectors.volunteer_list(viewer=viewer).exists()
    assert not selectors.sees_personal_details(viewer)
    assert selectors.responds_to_issues(viewer, reported)
    assert not selectors.responds_to_issues(viewer, elsewhere)


def test_opcc_staff_see_every_report_and_coordinators_see_volunteers(opcc) -> None:  # type: ignore[no-untyped-def]
    visits = {filed(VisitFactory()), VisitFactory()}
    analyst = viewer_for(member(Role.OPCC_ANALYST, opcc))
    coordinator = viewer_for(member(Role.VOLUNTEER_COORDINATOR, opcc))
    assert set(selectors.visit_list(viewer=analyst)) == visits
    assert not selectors.volunteer_list(viewer=analyst).exists()
    assert selectors.volunteer_list(viewer=coordinator).count() == 4


def test_no_report_is_written_or_filed_before_its_visit(opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    """Issue 22, item 10: a report filed before its visit was an impossible date the pages let
    through; the visit's day must have come."""
    me = volunteer_with_account(opcc)
    ahead = timezone.localdate() + datetime.timedelta(days=3)
    visit = VisitFactory(
        first_visitor=me, site=SiteFactory(organisation=constabulary), scheduled_on=ahead
    )
    with pytest.raises(ValidationError, match="its report can be written from that day"):
        services.visit_report_save(visit=visit, report=report(visit), actor=me.user)
    with pytest.raises(ValidationError, match="its report can be written from that day"):
        services.visit_file(visit=visit, actor=me.user)
    visit.refresh_from_db()
    assert visit.status == "planned" and visit.arrived_at is None


def test_filing_a_report_end_to_end(opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    me = volunteer_with_account(opcc)
    visit = VisitFactory(first_visitor=me, site=SiteFactory(organisation=constabulary))
    with pytest.raises(ValidationError, match="times you arrived"):
        services.visit_file(visit=visit, actor=me.user)
    services.visit_report_save(visit=visit, report=report(visit), actor=me.user)
    services.detainee_check_add(
        visit=visit,
        custody_number="GL/1234/25",
        child_or_vulnerable=True,
        answers=ALL_YES,
        concerns="",
        actor=me.user,
    )
    issue = services.issue_raise(
        visit=visit,
        category="health",
        description="Medication not given on time.",
        raised_with_custody_officer=True,
        actor=me.user,
    )
    services.visit_file(visit=visit, actor=me.user)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FILED
    assert visit.filed_by == me.user
    inspector = member(Role.PARTNER_VIEWER, constabulary)
    assert list(selectors.issue_list(viewer=viewer_for(inspector))) == [issue]
    with pytest.raises(ValidationError, match="filed"):
        services.visit_report_save(visit=visit, report=report(visit), actor=me.user)
    assert AuditEvent.objects.filter(
        object_type="scrutiny.Visit", summary="Filed a visit report"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"offered": 7}, "offered"),
        ({"spoken_to": 4}, "spoken_to"),
        ({"observed": 7}, "observed"),
        ({"declined_reasons": {"asleep": 1}}, "declined"),
    ],
)
def test_counts_that_do_not_add_up_are_refused(changes, field) -> None:  # type: ignore[no-untyped-def]
    visit = VisitFactory()
    with pytest.raises(ValidationError) as error:
        services.visit_report_save(visit=visit, report=report(visit, **changes), actor=None)
    assert field in error.value.message_dict
    visit.refresh_from_db()
    assert visit.detainees_in_custody == 0


def test_more_detainee_checks_than_spoken_to_cannot_be_filed() -> None:
    visit = VisitFactory()
    services.visit_report_save(visit=visit, report=report(visit, spoken_to=0), actor=None)
    services.detainee_check_add(
        visit=visit,
        custody_number="A1",
        child_or_vulnerable=False,
        answers=ALL_YES,
        concerns="",
        actor=None,
    )
    with pytest.raises(ValidationError, match="More detainees"):
        services.visit_file(visit=visit, actor=None)
    with pytest.raises(ValidationError, match="already recorded"):
        services.detainee_check_add(
            visit=visit,
            custody_number="A1",
            child_or_vulnerable=False,
            answers=ALL_YES,
            concerns="",
            actor=None,
        )
    with pytest.raises(ValidationError, match="every question"):
        services.detainee_check_add(
            visit=visit,
            custody_number="A2",
            child_or_vulnerable=False,
            answers={},
            concerns="",
            actor=None,
        )


def test_an_issue_is_tracked_to_its_resolution() -> None:
    issue = IssueFactory(visit=filed(VisitFactory()))
    services.issue_respond(issue=issue, response="Looking into it.", resolved=False, actor=None)
    assert issue.status == IssueStatus.RESPONDED
    services.issue_respond(issue=issue, response="Bell repaired.", resolved=True, actor=None)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESOLVED
    assert issue.resolved_at is not None
    assert [e.status for e in issue.events.all()] == ["responded", "resolved"]
    with pytest.raises(ValidationError):
        services.issue_respond(issue=issue, response="  ", resolved=True, actor=None)


def test_the_database_refuses_a_pair_of_one() -> None:
    volunteer = VolunteerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(first_visitor=volunteer, second_visitor=volunteer)


def test_rota_generated_into_the_database_keeps_the_rules(opcc) -> None:  # type: ignore[no-untyped-def]
    SiteFactory.create_batch(2)
    VolunteerFactory.create_batch(6)
    VolunteerFactory(status="paused")
    VolunteerFactory(vetting_expires_on=datetime.date(2025, 5, 1))  # expires mid-rota
    VolunteerFactory(scheme=Scheme.ANIMAL_WELFARE)
    start, end = datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)
    result = services.rota_generate(
        scheme=Scheme.CUSTODY,
        start=start,
        end=end,
        visit_count=20,
        max_pair_repeats=2,
        seed=7,
        actor=None,
    )
    assert len(result.visits) == 20
    eligible = set(Visit.objects.values_list("first_visitor__reference", flat=True)) | set(
        Visit.objects.values_list("second_visitor__reference", flat=True)
    )
    assert len(eligible) <= 6
    assert not Visit.objects.filter(first_visitor__status="paused").exists()
    assert {v.time_of_day for v in result.visits} == set(TIMES_OF_DAY)
    # A second rota for the next quarter counts the first one's pairs.
    again = services.rota_generate(
        scheme=Scheme.CUSTODY,
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 9, 30),
        visit_count=20,
        max_pair_repeats=2,
        seed=8,
        actor=None,
    )
    pairs: dict[tuple[int, int], int] = {}
    for visit in Visit.objects.all():
        key = tuple(sorted((visit.first_visitor_id, visit.second_visitor_id)))
        pairs[key] = pairs.get(key, 0) + 1  # type: ignore[index]
    assert max(pairs.values()) <= 2
    assert len(again.visits) + len(again.unfilled) == 20


def _rota(start: datetime.date, end: datetime.date, visit_count: int) -> services.RotaResult:
    return services.rota_generate(
        scheme=Scheme.CUSTODY,
        start=start,
        end=end,
        visit_count=visit_count,
        max_pair_repeats=2,
        seed=11,
        actor=None,
    )


def test_a_rota_counts_the_pairs_visits_by_year_long_stretch() -> None:
    """Two visits together 300 and 290 days before a year-long rota do not stop the pair
    visiting later in it (they were counted against the whole rota); visits more than a
    year after its last day do not count either, and the rule holds in every stretch."""
    a, b = VolunteerFactory(), VolunteerFactory()
    site = SiteFactory()
    start, end = datetime.date(2027, 4, 1), datetime.date(2028, 3, 31)
    for days_before in (300, 290):
        VisitFactory(
            site=site,
            first_visitor=a,
            second_visitor=b,
            scheduled_on=start - datetime.timedelta(days=days_before),
        )
    assert len(_rota(start, end, 2).visits) == 2
    later = datetime.date(2030, 6, 1)
    for day in (later, later + datetime.timedelta(days=7)):
        VisitFactory(site=site, first_visitor=a, second_visitor=b, scheduled_on=day)
    assert len(_rota(datetime.date(2029, 4, 1), datetime.date(2029, 5, 31), 2).visits) == 2
    visits = [
        rota.PlannedVisit(v.site_id, v.scheduled_on, v.time_of_day, (a.pk, b.pk))
        for v in Visit.objects.all()
    ]
    assert (
        rota.pairs_over_limit(visits, max_pair_repeats=2, window_days=services.PAIR_HISTORY_DAYS)
        == {}
    )


def test_a_rota_sends_nobody_on_a_day_they_already_visit() -> None:
    """Another rota already sends two of the three volunteers on the day: no pair is left."""
    a, b, _ = VolunteerFactory(), VolunteerFactory(), VolunteerFactory()
    day = datetime.date(2028, 2, 29)
    VisitFactory(first_visitor=a, second_visitor=b, scheduled_on=day, time_of_day="morning")
    result = _rota(day, day, 1)
    assert result.visits == [] and len(result.unfilled) == 1
    assert Visit.objects.count() == 1


def test_adjusting_a_visit_keeps_the_rules() -> None:
    a, b, c = VolunteerFactory(), VolunteerFactory(), VolunteerFactory(availability=["0:night"])
    day = datetime.date(2025, 6, 14)  # a Saturday
    VisitFactory(first_visitor=a, second_visitor=b, scheduled_on=day - datetime.timedelta(days=30))
    busy = VisitFactory(scheduled_on=day, first_visitor=VolunteerFactory())
    visit = VisitFactory(scheduled_on=datetime.date(2025, 6, 20))
    arguments = {"visit": visit, "time_of_day": "night", "max_pair_repeats": 1, "actor": None}
    with pytest.raises(ValidationError, match="would visit together 2 times"):
        services.visit_adjust(scheduled_on=day, first_visitor=a, second_visitor=b, **arguments)
    with pytest.raises(ValidationError, match="not available"):
        services.visit_adjust(scheduled_on=day, first_visitor=a, second_visitor=c, **arguments)
    with pytest.raises(ValidationError, match="already has a visit"):
        services.visit_adjust(
            scheduled_on=day, first_visitor=a, second_visitor=busy.first_visitor, **arguments
        )
    services.visit_adjust(
        scheduled_on=day,
        first_visitor=a,
        second_visitor=b,
        **(arguments | {"max_pair_repeats": 2}),
    )
    visit.refresh_from_db()
    assert (visit.scheduled_on, visit.first_visitor, visit.second_visitor) == (day, a, b)


def test_a_visit_at_an_archived_site_cannot_be_moved() -> None:
    a, b = VolunteerFactory(), VolunteerFactory()
    visit = VisitFactory(scheduled_on=datetime.date(2025, 5, 1))
    visit.site.archived_at = timezone.now()
    visit.site.save()
    with pytest.raises(ValidationError, match="archived"):
        services.visit_adjust(
            visit=visit, scheduled_on=datetime.date(2025, 6, 14), time_of_day="night",
            first_visitor=a, second_visitor=b, max_pair_repeats=2, actor=None,
        )  # fmt: skip


def test_moving_a_visit_counts_the_pairs_later_visits_too() -> None:
    """The pair limit counts the pair's visits after the new day, not only before it: two
    visits together in the month after make a third (moved to before them) one too many."""
    a, b = VolunteerFactory(), VolunteerFactory()
    day = datetime.date(2025, 6, 14)
    for later in (20, 40):
        VisitFactory(
            first_visitor=b, second_visitor=a, scheduled_on=day + datetime.timedelta(days=later)
        )
    visit = VisitFactory(scheduled_on=datetime.date(2025, 5, 1))
    arguments = {"visit": visit, "time_of_day": "night", "actor": None}
    with pytest.raises(ValidationError, match="would visit together 3 times"):
        services.visit_adjust(
            scheduled_on=day, first_visitor=a, second_visitor=b, max_pair_repeats=2, **arguments
        )
    # Visits more than a year away do not count.
    far = day + datetime.timedelta(days=services.PAIR_HISTORY_DAYS + 40)
    services.visit_adjust(
        scheduled_on=far, first_visitor=a, second_visitor=b, max_pair_repeats=2, **arguments
    )
    visit.refresh_from_db()
    assert visit.scheduled_on == far


def test_moving_a_visit_onto_a_day_either_volunteer_is_booked_is_refused() -> None:
    a, b = VolunteerFactory(), VolunteerFactory()
    day = datetime.date(2025, 6, 14)
    VisitFactory(scheduled_on=day, second_visitor=b, time_of_day="morning")
    visit = VisitFactory(scheduled_on=datetime.date(2025, 5, 1))
    with pytest.raises(ValidationError, match=f"{b.reference} already has a visit on 14 June"):
        services.visit_adjust(
            visit=visit,
            scheduled_on=day,
            time_of_day="night",
            first_visitor=a,
            second_visitor=b,
            max_pair_repeats=3,
            actor=None,
        )


def test_sampling_records_the_rule_and_is_reproducible() -> None:
    panel = PanelFactory()
    lines = [
        f"OOCD-{n:03d},Police,{'Youth caution' if n % 3 else 'Community resolution'}"
        for n in range(1, 31)
    ]
    load = services.cases_add(panel=panel, lines=[*lines, lines[0], ""], actor=None)
    assert (load.added, len(load.skipped)) == (30, 1)
    first = MeetingFactory(panel=panel)
    sample = services.sample_draw(
        meeting=first, size=4, seed=99, case_type="youth caution", actor=None
    )
    assert set(first.cases.values_list("reference", flat=True)) == set(sample.references)
    assert all(c.case_type == "Youth caution" for c in first.cases.all())
    first.refresh_from_db()
    assert first.sample_seed == 99
    assert "4 of 20 cases" in first.sample_rule
    with pytest.raises(ValidationError, match="already been drawn"):
        services.sample_draw(meeting=first, size=1, seed=1, case_type="", actor=None)
    with pytest.raises(ValidationError, match="only 26 match"):
        services.sample_draw(
            meeting=MeetingFactory(panel=panel), size=27, seed=1, case_type="", actor=None
        )


def test_a_malformed_case_line_stops_the_whole_load() -> None:
    panel = PanelFactory()
    with pytest.raises(ValidationError, match="Line 2"):
        services.cases_add(panel=panel, lines=["A-1,Police", "A-2,a,b,c"], actor=None)
    assert not panel.cases.exists()


def test_findings_per_right_and_per_case() -> None:
    victims = PanelFactory(kind=PanelKind.VICTIMS_CODE)
    meeting = MeetingFactory(panel=victims, held_on=datetime.date(2025, 5, 1))
    case = CaseFactory(panel=victims, meeting=meeting, agency="Police")
    with pytest.raises(ValidationError, match="every right"):
        services.case_findings_record(
            case=case, outcome="", observations="", rights={"r01": "met"}, actor=None
        )
    rights = dict.fromkeys(VictimsRight.values, Compliance.MET) | {"r07": Compliance.NOT_MET}
    services.case_findings_record(case=case, outcome="", observations="", rights=rights, actor=None)
    by_right = {r.key: r for r in selectors_compliance(2025, "right")}
    assert by_right[VictimsRight.VPS.label].rate_percent == 0.0
    assert by_right[VictimsRight.REFERRAL.label].rate_percent == 100.0
    oocd = CaseFactory(meeting=(m := MeetingFactory()), panel=m.panel)
    with pytest.raises(ValidationError, match="finding"):
        services.case_findings_record(case=oocd, outcome="", observations="", rights={}, actor=None)
    services.case_findings_record(
        case=oocd,
        outcome="observations",
        observations="Victim not consulted.",
        rights={},
        actor=None,
    )
    assert selectors.panel_outcomes() == [("2025/26 Q2", {"Appropriate with observations": 1})]


def selectors_compliance(year: int, by: str):  # type: ignore[no-untyped-def]
    from crimeplan.scrutiny import figures

    return figures.compliance_by(selectors.right_findings(year=year), by=by)


def test_published_reports_freeze_their_figures() -> None:
    visit = VisitFactory(scheduled_on=datetime.date(2025, 6, 14))
    services.visit_report_save(visit=visit, report=report(visit), actor=None)
    services.visit_file(visit=visit, actor=None)
    published = services.report_publish(
        kind=ReportKind.ICV, year=2025, introduction="Hello.", actor=None
    )
    total = published.figures["icv"][-1]
    assert (total["site"], total["visits"], total["detainees_in_custody"]) == ("All suites", 1, 6)
    assert (total["night_visits"], total["weekend_visits"]) == (1, 1)
    filed(VisitFactory(scheduled_on=datetime.date(2025, 7, 1)))
    published.refresh_from_db()
    assert published.figures["icv"][-1]["visits"] == 1
    with pytest.raises(ValidationError, match="already published"):
        services.report_publish(kind=ReportKind.ICV, year=2025, introduction="x", actor=None)


def test_menu_entries_appear_only_where_useful(opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.permissions import ANONYMOUS

    from .factories import PublishedReportFactory

    inspector = viewer_for(member(Role.PARTNER_VIEWER, constabulary))
    csp = viewer_for(member(Role.PARTNER_EDITOR, OrganisationFactory(kind=OrganisationKind.CSP)))
    assert not selectors.shows_visits(inspector)
    SiteFactory(organisation=constabulary)
    assert selectors.shows_visits(inspector)
    assert not selectors.shows_visits(csp)
    assert selectors.shows_visits(viewer_for(member(Role.VOLUNTEER, opcc)))
    assert not selectors.shows_reports(ANONYMOUS)
    PublishedReportFactory()
    assert selectors.shows_reports(ANONYMOUS)
