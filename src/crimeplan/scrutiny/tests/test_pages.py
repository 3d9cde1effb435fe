"""The scrutiny pages through the test client: what each viewer is shown, the report forms
with and without errors, downloads, the command and the published report's PDF."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.scrutiny import services
from crimeplan.scrutiny.constants import DETAINEE_CHECKLIST, ReportKind, VisitStatus
from crimeplan.scrutiny.forms import RotaForm
from crimeplan.scrutiny.models import Visit

from .factories import IssueFactory, SiteFactory, VisitFactory, VolunteerFactory, filed

pytestmark = pytest.mark.django_db


def _read_pdf(content: bytes, *, title: str) -> str:
    """The PDF's words, after checking it is tagged (PDF/UA) with its language and title."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None
    assert reader.metadata.title == title
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.OPCC)


@pytest.fixture
def constabulary():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.CONSTABULARY)


def test_a_volunteer_cannot_open_another_pairs_report(client, opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    me = VolunteerFactory(user=member(Role.VOLUNTEER, opcc))
    site = SiteFactory(organisation=constabulary)
    mine = filed(VisitFactory(site=site, first_visitor=me))
    theirs = filed(VisitFactory(site=site))
    client.force_login(me.user)
    assert client.get(reverse("scrutiny:visit_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("scrutiny:visit_detail", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("scrutiny:visit_list")).content.decode()
    assert reverse("scrutiny:visit_detail", args=[mine.pk]) in listing
    assert reverse("scrutiny:visit_detail", args=[theirs.pk]) not in listing
    assert client.get(reverse("scrutiny:issue_list")).status_code == 403
    assert client.get(reverse("scrutiny:volunteer_list")).status_code == 403


def test_the_constabulary_sees_issues_but_not_volunteers_details(
    client, opcc, constabulary
) -> None:  # type: ignore[no-untyped-def]
    first = VolunteerFactory(full_name="Quentin Uniquename", email="quentin@example.org")
    second = VolunteerFactory(full_name="Rosalind Othername", phone="07700 900123")
    visit = filed(
        VisitFactory(
            site=SiteFactory(organisation=constabulary),
            first_visitor=first,
            second_visitor=second,
        )
    )
    IssueFactory(visit=visit, description="Cell 2 was cold.")
    client.force_login(member(Role.PARTNER_VIEWER, constabulary))
    for url in (
        reverse("scrutiny:visit_detail", args=[visit.pk]),
        reverse("scrutiny:visit_list"),
        reverse("scrutiny:issue_list"),
    ):
        page = client.get(url).content.decode()
        assert "Quentin" not in page and "Rosalind" not in page
        assert "quentin@example.org" not in page and "07700 900123" not in page
    detail = client.get(reverse("scrutiny:visit_detail", args=[visit.pk])).content.decode()
    assert first.reference in detail and second.reference in detail
    assert "Cell 2 was cold." in detail
    assert "Cell 2 was cold." in client.get(reverse("scrutiny:issue_list")).content.decode()
    # The same page, for the co-ordinator, names them.
    client.force_login(member(Role.VOLUNTEER_COORDINATOR, opcc))
    assert (
        "Quentin Uniquename"
        in client.get(reverse("scrutiny:visit_detail", args=[visit.pk])).content.decode()
    )


def test_the_report_forms_with_and_without_errors(client, opcc) -> None:  # type: ignore[no-untyped-def]
    me = VolunteerFactory(user=member(Role.VOLUNTEER, opcc))
    visit = VisitFactory(first_visitor=me, scheduled_on=datetime.date(2025, 6, 14))
    client.force_login(me.user)
    url = reverse("scrutiny:visit_report", args=[visit.pk])
    bad = client.post(
        url,
        {
            "arrived": "23:10",
            "left": "00:20",
            "detainees_in_custody": "3",
            "offered": "5",
            "spoken_to": "0",
            "declined": "0",
            "observed": "0",
            "records_reviewed": "0",
        },
    )
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    assert "cannot be more than the detainees in custody" in bad.content.decode()
    good = {
        "arrived": "23:10",
        "left": "00:20",
        "detainees_in_custody": "6",
        "offered": "5",
        "spoken_to": "3",
        "declined": "1",
        "observed": "1",
        "records_reviewed": "2",
        "declined_asleep": "1",
    }
    assert client.post(url, good).status_code == 302
    visit.refresh_from_db()
    assert visit.left_at - visit.arrived_at == datetime.timedelta(hours=1, minutes=10)
    assert visit.declined_reasons == {"asleep": 1}
    detainee_url = reverse("scrutiny:detainee_add", args=[visit.pk])
    form_page = client.get(detainee_url).content.decode()
    assert "Custody number" in form_page and 'name="name"' not in form_page
    missing = client.post(detainee_url, {"custody_number": ""}).content.decode()
    assert "Enter the custody number" in missing
    answers = {f"check_{key}": "yes" for key, _ in DETAINEE_CHECKLIST}
    assert client.post(detainee_url, {"custody_number": "GL/9/25", **answers}).status_code == 302
    issue = {"category": "conditions", "description": "No blankets."}
    assert client.post(reverse("scrutiny:issue_add", args=[visit.pk]), issue).status_code == 302
    assert client.post(reverse("scrutiny:visit_file", args=[visit.pk])).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FILED
    assert client.get(url).status_code == 404  # filed: no more changes


def test_coordinator_plans_a_rota(client, opcc) -> None:  # type: ignore[no-untyped-def]
    SiteFactory.create_batch(2)
    VolunteerFactory.create_batch(5)
    client.force_login(member(Role.VOLUNTEER_COORDINATOR, opcc))
    data = {
        "scheme": "custody",
        "start": "2025-04-01",
        "end": "2025-04-30",
        "visit_count": "8",
        "max_pair_repeats": "1",
        "seed": "42",
    }
    page = client.post(reverse("scrutiny:rota_generate"), data).content.decode()
    assert "8 visits planned" in page
    assert "Seed 42" in page
    assert Visit.objects.count() == 8
    wrong = client.post(reverse("scrutiny:rota_generate"), data | {"end": "2025-03-01"})
    assert "The last day must be on or after the first day" in wrong.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("2027-04-01", "2028-03-31", True),  # a financial year holding 29 February: 366 days
        ("2027-04-01", "2028-04-01", False),  # a year and a day
        ("2028-03-01", "2029-02-28", True),  # 365 days
        ("2028-03-01", "2029-03-01", False),  # 366 days, but a year and a day
        ("2028-02-29", "2029-02-28", True),
        ("2028-02-29", "2029-03-01", False),
    ],
)
def test_a_rota_is_planned_at_most_a_year_at_a_time(start: str, end: str, allowed: bool) -> None:
    form = RotaForm(
        {
            "scheme": "custody",
            "start": start,
            "end": end,
            "visit_count": "8",
            "max_pair_repeats": "2",
        }
    )
    assert form.is_valid() is allowed
    assert ("Plan at most a year at a time" in str(form.errors)) is not allowed


def test_volunteer_details_are_a_sensitive_page(client, opcc) -> None:  # type: ignore[no-untyped-def]
    volunteer = VolunteerFactory()
    coordinator = member(Role.VOLUNTEER_COORDINATOR, opcc)
    client.force_login(coordinator)
    assert client.get(reverse("scrutiny:volunteer_detail", args=[volunteer.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        actor=coordinator, action=AuditAction.VIEW, object_id=str(volunteer.pk)
    ).exists()


def _filed_visit() -> Visit:
    visit = VisitFactory(scheduled_on=datetime.date(2025, 10, 4), time_of_day="evening")
    services.visit_report_save(
        visit=visit,
        report={
            "arrived_at": datetime.datetime(2025, 10, 4, 19, 0, tzinfo=datetime.UTC),
            "left_at": datetime.datetime(2025, 10, 4, 20, 0, tzinfo=datetime.UTC),
            "detainees_in_custody": 9,
            "offered": 7,
            "spoken_to": 5,
            "declined": 2,
            "observed": 2,
            "declined_reasons": {"asleep": 2},
        },
        actor=None,
    )
    return services.visit_file(visit=visit, actor=None)


def test_icv_figures_download_and_command_agree(client, opcc) -> None:  # type: ignore[no-untyped-def]
    visit = _filed_visit()
    client.force_login(member(Role.PANEL_MEMBER, OrganisationFactory(kind=OrganisationKind.PANEL)))
    response = client.get(reverse("scrutiny:figures_export") + "?year=2025")
    assert response["Content-Type"].startswith("text/csv")
    downloaded = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["site"], r["quarter"], r["visits"]) for r in downloaded] == [
        (visit.site.name, "Q3", "1"),
        (visit.site.name, "all", "1"),
        ("All suites", "all", "1"),
    ]
    assert downloaded[-1]["spoken_to"] == "5"
    assert downloaded[-1]["weekend_share_percent"] == "100.0"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    out = io.StringIO()
    call_command("scrutiny", "icv-figures", "--year", "2025", "--format", "csv", stdout=out)
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == downloaded
    out = io.StringIO()
    call_command("scrutiny", "icv-figures", "--year", "2024", "--format", "json", stdout=out)
    assert '"visits": 0' in out.getvalue()
    with pytest.raises(CommandError, match="plausible"):
        call_command("scrutiny", "icv-figures", "--year", "25")


def test_published_report_is_public_as_html_and_pdf(client, opcc) -> None:  # type: ignore[no-untyped-def]
    _filed_visit()
    client.force_login(member(Role.VOLUNTEER_COORDINATOR, opcc))
    url = reverse("scrutiny:report_publish", args=[ReportKind.ICV, 2025])
    assert "There is a problem" in client.post(url, {"introduction": ""}).content.decode()
    response = client.post(url, {"introduction": "Our visitors made one visit."})
    assert response.status_code == 302
    client.logout()
    page = client.get(response["Location"]).content.decode()
    assert "Our visitors made one visit." in page
    assert "All suites" in page
    pdf = client.get(response["Location"] + "report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    words = _read_pdf(pdf.content, title="Independent Custody Visiting annual report 2025/26")
    assert "Our visitors made one visit." in words
    assert "Visits by custody suite and quarter (April to March)" in words
    # The all-suites row: visits 1, in custody 9, offered 7, spoken to 5, observed 2,
    # declined 2, issues 0 and 0, night 0.0%, weekend 100.0%.
    assert "All suites all 1 9 7 5 2 2 0 0 0.0 100.0" in words
    listing = client.get(reverse("scrutiny:public_report_list")).content.decode()
    assert "Independent Custody Visiting annual report 2025/26" in listing


def test_coordinator_links_a_volunteer_to_their_account(client, opcc) -> None:  # type: ignore[no-untyped-def]
    account = member(Role.VOLUNTEER, opcc, email="new.visitor@example.org")
    partner = member(Role.PARTNER_VIEWER, OrganisationFactory(), email="partner@example.org")
    client.force_login(member(Role.VOLUNTEER_COORDINATOR, opcc))
    data = {
        "scheme": "custody",
        "reference": "ICV-900",
        "full_name": "New Visitor",
        "status": "training",
        "availability": ["5:night", "6:morning"],
    }
    refused = client.post(
        reverse("scrutiny:volunteer_create"), data | {"account_email": partner.email}
    )
    assert "No one with this e-mail address has the volunteer role" in refused.content.decode()
    response = client.post(
        reverse("scrutiny:volunteer_create"), data | {"account_email": account.email}
    )
    assert response.status_code == 302
    volunteer = account.volunteer
    assert (volunteer.reference, volunteer.availability) == ("ICV-900", ["5:night", "6:morning"])
    assert AuditEvent.objects.filter(object_type="scrutiny.Volunteer", action="create").exists()


def test_panels_report_shows_compliance_and_findings_over_time(client, opcc) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.scrutiny.constants import Compliance, PanelKind, VictimsRight

    from .factories import CaseFactory, MeetingFactory, PanelFactory

    victims = PanelFactory(kind=PanelKind.VICTIMS_CODE)
    case = CaseFactory(
        panel=victims,
        meeting=MeetingFactory(panel=victims, held_on=datetime.date(2025, 8, 1)),
        agency="Witness Care",
    )
    rights = dict.fromkeys(VictimsRight.values, Compliance.MET) | {"r04": Compliance.NOT_MET}
    services.case_findings_record(case=case, outcome="", observations="", rights=rights, actor=None)
    vetting = PanelFactory(kind=PanelKind.VETTING)
    vetted = CaseFactory(
        panel=vetting, meeting=MeetingFactory(panel=vetting, held_on=datetime.date(2025, 11, 3))
    )
    services.case_findings_record(
        case=vetted, outcome="inappropriate", observations="", rights={}, actor=None
    )
    client.force_login(member(Role.OPCC_POLICY, opcc))
    page = client.get(reverse("scrutiny:figures") + "?year=2025").content.decode()
    assert "Vetting panel findings over time" in page
    assert "2025/26 Q3" in page
    client.force_login(member(Role.OPCC_ADMIN, opcc))
    response = client.post(
        reverse("scrutiny:report_publish", args=[ReportKind.PANELS, 2025]),
        {"introduction": "What the panels found."},
    )
    public = client.get(response["Location"]).content.decode()
    assert "Witness Care" in public
    assert VictimsRight.REFERRAL.label in public
    assert "Vetting panel findings by quarter" in public
    words = _read_pdf(
        client.get(response["Location"] + "report.pdf").content,
        title="Scrutiny panels annual report 2025/26",
    )
    assert "What the panels found." in words
    assert "Witness Care" in words
    assert VictimsRight.REFERRAL.label in words
    assert "Vetting panel findings by quarter" in words


def test_coordinator_changes_a_site_audited(client, opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    site = SiteFactory(name="Old suite", organisation=constabulary)
    client.force_login(member(Role.VOLUNTEER_COORDINATOR, opcc))
    url = reverse("scrutiny:site_edit", args=[site.pk])
    assert "Change Old suite" in client.get(url).content.decode()
    refused = client.post(
        url, {"name": "", "kind": "custody_suite", "organisation": constabulary.pk}
    )
    assert "There is a problem" in refused.content.decode()
    response = client.post(
        url, {"name": "Renamed suite", "kind": "custody_suite", "organisation": constabulary.pk}
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Renamed suite"
    event = AuditEvent.objects.get(object_type="scrutiny.Site", action=AuditAction.CHANGE)
    assert "Renamed suite" in event.summary
    # A site with visits keeps its kind: its reports were made on that kind's checklist.
    VisitFactory(site=site)
    kept = client.post(
        url, {"name": "Renamed suite", "kind": "dog_section", "organisation": constabulary.pk}
    )
    assert "stays a Custody suite" in kept.content.decode()


def test_an_archived_site_leaves_the_rota_but_keeps_its_visits(client, opcc, constabulary) -> None:  # type: ignore[no-untyped-def]
    kept = SiteFactory(name="Kept suite", organisation=constabulary)
    closed = SiteFactory(name="Closed suite", organisation=constabulary)
    old = filed(VisitFactory(site=closed, scheduled_on=datetime.date(2025, 4, 5)))
    coming = VisitFactory(
        site=closed, scheduled_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    client.force_login(member(Role.OPCC_ADMIN, opcc))
    archive = reverse("scrutiny:site_archive", args=[closed.pk])
    assert client.get(archive).status_code == 405
    client.post(archive)
    closed.refresh_from_db()
    assert not closed.is_archived  # a visit is still planned there
    services.visit_cancel(visit=coming, actor=None)
    response = client.post(archive, follow=True)
    closed.refresh_from_db()
    assert closed.is_archived
    assert "Archived Closed suite" in response.content.decode()
    assert AuditEvent.objects.filter(
        object_type="scrutiny.Site", action=AuditAction.ARCHIVE, object_id=str(closed.pk)
    ).exists()
    assert client.get(reverse("scrutiny:site_edit", args=[closed.pk])).status_code == 404
    # The past visit keeps its site; the rota plans visits only to the sites still open.
    old.refresh_from_db()
    assert old.site == closed
    assert (
        "Closed suite"
        in client.get(reverse("scrutiny:visit_detail", args=[old.pk])).content.decode()
    )
    for n in range(4):
        VolunteerFactory(reference=f"ICV-R{n}")
    result = services.rota_generate(
        scheme="custody",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 1, 31),
        visit_count=6,
        max_pair_repeats=3,
        seed=7,
        actor=None,
    )
    assert result.visits
    assert {v.site for v in result.visits} == {kept}


def test_panel_members_are_accounts_chosen_by_a_manager(client, opcc) -> None:  # type: ignore[no-untyped-def]
    from .factories import PanelFactory

    panel_org = OrganisationFactory(kind=OrganisationKind.PANEL)
    councillor = member(
        Role.PANEL_MEMBER, panel_org, email="councillor@example.org", full_name="Cllr Example"
    )
    partner = member(Role.PARTNER_VIEWER, OrganisationFactory(), email="partner@example.org")
    volunteer = member(Role.VOLUNTEER, opcc, email="visitor@example.org")
    panel = PanelFactory(name="Vetting panel", other_members="Lay member (no account)")
    client.force_login(member(Role.OPCC_POLICY, opcc))
    url = reverse("scrutiny:panel_edit", args=[panel.pk])
    form = client.get(url).content.decode()
    assert "councillor@example.org" in form and "partner@example.org" in form
    assert "visitor@example.org" not in form  # a volunteer cannot serve on a panel
    data = {"name": panel.name, "kind": panel.kind, "theme": "", "other_members": "Lay member"}
    refused = client.post(url, data | {"member_accounts": [volunteer.pk]})
    assert "There is a problem" in refused.content.decode()
    assert not panel.memberships.exists()
    response = client.post(url, data | {"member_accounts": [councillor.pk, partner.pk]})
    assert response.status_code == 302
    assert set(panel.memberships.values_list("user__email", flat=True)) == {
        councillor.email,
        partner.email,
    }
    event = AuditEvent.objects.get(summary="Panel members: 2 joined, 0 left")
    # Accounts by id: their e-mail addresses are personal and stay out of the trail.
    assert event.after["joined"] == sorted([councillor.pk, partner.pk])
    assert councillor.email not in str([event.before, event.after, event.summary])
    page = client.get(reverse("scrutiny:panel_detail", args=[panel.pk])).content.decode()
    assert "Cllr Example" in page and "Lay member" in page
    # Leaving the panel archives the membership; history is kept.
    client.post(url, data | {"member_accounts": [councillor.pk]})
    left = panel.memberships.get(user=partner)
    assert left.is_archived
    assert AuditEvent.objects.filter(summary="Panel members: 0 joined, 1 left").exists()


def test_a_member_sees_their_panels_cases_and_no_other(client, opcc) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.services import membership_end
    from crimeplan.scrutiny.models import PanelMember

    from .factories import CaseFactory, MeetingFactory, PanelFactory

    councillor = member(
        Role.PANEL_MEMBER, OrganisationFactory(kind=OrganisationKind.PANEL), email="c@example.org"
    )
    mine, theirs = PanelFactory(name="My panel"), PanelFactory(name="Their panel")
    services.panel_members_set(panel=mine, users=[councillor], actor=None)
    my_meeting = MeetingFactory(panel=mine)
    CaseFactory(panel=mine, meeting=my_meeting, reference="OOCD-MINE")
    their_meeting = MeetingFactory(panel=theirs)
    CaseFactory(panel=theirs, meeting=their_meeting, reference="OOCD-THEIRS")
    client.force_login(councillor)
    listing = client.get(reverse("scrutiny:panel_list")).content.decode()
    assert "My panel" in listing and "Their panel" not in listing
    assert (
        'href="' + reverse("scrutiny:panel_list") + '"'
        in client.get(reverse("site:staff_home")).content.decode()
    )
    assert client.get(reverse("scrutiny:panel_detail", args=[mine.pk])).status_code == 200
    meeting = client.get(reverse("scrutiny:meeting_detail", args=[my_meeting.pk]))
    assert "OOCD-MINE" in meeting.content.decode()
    assert "Change minutes" not in meeting.content.decode()  # read only
    assert client.get(reverse("scrutiny:panel_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.get(reverse("scrutiny:meeting_detail", args=[their_meeting.pk])).status_code == 404
    )
    assert client.get(reverse("scrutiny:panel_edit", args=[mine.pk])).status_code == 403
    # A panel wound up (archived) is no longer its members' to see.
    mine.archived_at = timezone.now()
    mine.save()
    assert client.get(reverse("scrutiny:panel_detail", args=[mine.pk])).status_code == 404
    assert client.get(reverse("scrutiny:meeting_detail", args=[my_meeting.pk])).status_code == 404
    mine.archived_at = None
    mine.save()
    # Once their role ends they see nothing, though the panel membership is still recorded.
    membership_end(actor=member(Role.OPCC_ADMIN, opcc), membership=councillor.memberships.get())
    client.force_login(councillor)
    assert client.get(reverse("scrutiny:panel_detail", args=[mine.pk])).status_code == 403
    assert PanelMember.objects.filter(user=councillor, archived_at__isnull=True).exists()


def test_only_accounts_that_may_serve_join_a_panel(opcc) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from .factories import PanelFactory

    volunteer = member(Role.VOLUNTEER, opcc)
    with pytest.raises(ValidationError, match="Not able to serve on a panel"):
        services.panel_members_set(panel=PanelFactory(), users=[volunteer], actor=None)
