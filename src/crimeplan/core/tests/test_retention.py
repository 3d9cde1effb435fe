"""The retention schedule: every kind of personal data is deleted or anonymised on the day
its period ends and not before, once, audited by counts, one transaction per kind. Dates are
fixed (time-machine), so the tests pass whatever day they run."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from crimeplan import retention
from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Membership, User
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview
from crimeplan.asb_reviews.tests.factories import case_at
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import services as commissioning
from crimeplan.commissioning.constants import ApplicationStatus, Decision
from crimeplan.commissioning.models import Application, Attachment, MonitoringReturn
from crimeplan.commissioning.tests.factories import ApplicationFactory
from crimeplan.complaint_reviews.constants import Finding
from crimeplan.complaint_reviews.constants import Status as ComplaintStatus
from crimeplan.complaint_reviews.models import ComplaintReview
from crimeplan.complaint_reviews.tests.factories import ComplaintReviewFactory
from crimeplan.core.personal import declared_models
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun
from crimeplan.scrutiny.constants import IssueStatus, VolunteerStatus
from crimeplan.scrutiny.models import DetaineeCheck, IssueEvent
from crimeplan.scrutiny.tests.factories import IssueFactory, VisitFactory, VolunteerFactory
from crimeplan.voice.models import FollowUp

pytestmark = pytest.mark.usefixtures("reference")

# The day every record's period starts from, and the period every kind is given here.
BASIS = datetime.date(2025, 1, 10)
DAYS = 100
ALL_KINDS = [kind.key for kind in retention.SCHEDULE]


def _at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def periods(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_RETENTION = dict.fromkeys(ALL_KINDS, DAYS)
    settings.MEDIA_ROOT = tmp_path / "media"


def _asb_case() -> CaseReview:
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    case = case_at(
        Status.CLOSED,
        coordinator=member(Role.ASB_COORDINATOR, opcc),
        owner=opcc,
        applicant_name="Lowenna Trebilcock",
    )
    CaseReview.objects.filter(pk=case.pk).update(closed_on=BASIS)
    return case


def _funded_application() -> Application:
    application = ApplicationFactory(contact_name="Ebenezer Scrope", amount_requested_pence=9_000)
    commissioning.application_moderate(
        actor=None,
        application=application,
        decision=Decision.FUND,
        reasons="Good",
        amount_pence=9_000,
        notify_applicant=False,
    )
    award = commissioning.award_create(
        actor=None,
        round=application.round,
        recipient=OrganisationFactory(),
        title="Boxing",
        amount_pence=9_000,
        starts_on=BASIS - datetime.timedelta(days=365),
        ends_on=BASIS,
        application=application,
    )
    MonitoringReturn.objects.create(
        award=award,
        period_end=BASIS - datetime.timedelta(days=30),
        due_on=BASIS,
        case_study="Young Ebenezer Scrope stopped carrying a knife.",
    )
    return application


def _import_run() -> tuple[ImportRun, list[Path]]:
    data = Path(settings.CRIMEPLAN_DATA_DIR)
    upload = data / "uploads" / "run-x" / "partner-extract.csv"
    rejected = data / "rejected" / "rows.csv"
    for path in (upload, rejected):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("month,count\n2024-01,x\n")
    with _at(BASIS):
        run = ImportRun.objects.create(
            kind=ImportKind.AGGREGATES,
            status=ImportStatus.SUCCEEDED,
            finished_at=timezone.now(),
            rows_read=1,
            rows_rejected=1,
            source_paths=[str(upload)],
            rejected_rows_file=str(rejected),
        )
    return run, [upload, rejected]


@pytest.fixture
def records(periods):  # type: ignore[no-untyped-def]
    """One record of each kind whose period starts on BASIS."""
    with _at(BASIS):
        draft = ApplicationFactory(
            status=ApplicationStatus.DRAFT, reference=None, contact_name="Morwenna Draft"
        )
        Attachment(application=draft, original_name="cv.pdf", content_type="x", size=3).file.save(
            "cv.pdf", ContentFile(b"%PDF"), save=True
        )
        assert len(list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))) == 1
        declined = ApplicationFactory(
            status=ApplicationStatus.DECLINED,
            submitted_at=timezone.now(),
            contact_email="declined@example.net",
        )
        ended = member(Role.PARTNER_VIEWER, OrganisationFactory(), email="gone@example.net")
        Membership.objects.filter(user=ended).update(ended_at=timezone.now())
    visit = VisitFactory(scheduled_on=BASIS, notes="Detainee Jory Pascoe was distressed.")
    # A visit sees several detainees; each custody number is unique on its visit.
    DetaineeCheck.objects.create(visit=visit, custody_number="GL/1/25", answers={"a": "yes"})
    DetaineeCheck.objects.create(visit=visit, custody_number="GL/2/25", answers={"a": "no"})
    issue = IssueFactory(
        status=IssueStatus.RESOLVED,
        resolved_at=datetime.datetime.combine(BASIS, datetime.time(9), tzinfo=datetime.UTC),
    )
    IssueEvent.objects.create(issue=issue, at=timezone.now(), status="open", note=issue.description)
    run, files = _import_run()
    return {
        "asb_cases": _asb_case(),
        "complaint_reviews": ComplaintReviewFactory(
            status=ComplaintStatus.DECIDED,
            received_on=BASIS - datetime.timedelta(days=60),
            conflict_declared_on=BASIS,
            decided_on=BASIS,
            finding=Finding.REASONABLE,
            complainant_name="Demelza Penhallow",
        ),
        "grant_drafts": draft,
        "grant_applications_unsuccessful": declined,
        "grant_applications_funded": _funded_application(),
        "volunteers_left": VolunteerFactory(status=VolunteerStatus.LEFT, left_on=BASIS),
        "custody_visit_reports": visit,
        "custody_visit_issues": issue,
        "import_files": (run, files),
        "accounts_ended": ended,
        "voice_follow_ups": FollowUp.objects.create(
            email="reporter@example.net", cell="881958855dfffff", language="en-gb", given_in=BASIS
        ),
    }


def _counts(today: datetime.date, **options: object) -> dict[str, int]:
    results = retention.retention_apply(today=today, **options)  # type: ignore[arg-type]
    assert [r.error for r in results if r.error] == []
    return {r.kind.key: r.count for r in results}


def test_nothing_goes_the_day_before_its_period_ends(records) -> None:  # type: ignore[no-untyped-def]
    day_before = BASIS + datetime.timedelta(days=DAYS - 1)
    assert _counts(day_before) == dict.fromkeys(ALL_KINDS, 0)
    assert not AuditEvent.objects.filter(object_type="retention").exists()


def test_each_kind_goes_on_the_day_its_period_ends_once(
    records, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    last_day = BASIS + datetime.timedelta(days=DAYS)
    assert _counts(last_day, dry_run=True) == dict.fromkeys(ALL_KINDS, 1)
    assert Application.objects.filter(pk=records["grant_drafts"].pk).exists()  # dry run

    # Files are deleted once each kind's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert _counts(last_day) == dict.fromkeys(ALL_KINDS, 1)

    case = CaseReview.objects.get(pk=records["asb_cases"].pk)
    assert case.anonymised_at is not None and case.applicant_name == "[anonymised]"
    review = ComplaintReview.objects.get(pk=records["complaint_reviews"].pk)
    assert review.anonymised_at is not None and review.complainant_name == "[anonymised]"
    assert (review.decided_on, review.finding) == (BASIS, Finding.REASONABLE)
    assert not Application.objects.filter(pk=records["grant_drafts"].pk).exists()
    assert not Attachment.objects.exists()
    assert list(Path(settings.MEDIA_ROOT).rglob("*.pdf")) == []
    declined = Application.objects.get(pk=records["grant_applications_unsuccessful"].pk)
    assert (declined.contact_email, declined.status) == ("", ApplicationStatus.DECLINED)
    funded = Application.objects.get(pk=records["grant_applications_funded"].pk)
    assert funded.contact_name == "" and funded.award.amount_pence == 9_000
    assert funded.award.returns.get().case_study == "[erased]"
    volunteer = records["volunteers_left"]
    volunteer.refresh_from_db()
    assert (volunteer.full_name, volunteer.email, volunteer.reference) == (
        "[erased]",
        "",
        records["volunteers_left"].reference,
    )
    checks = DetaineeCheck.objects.filter(visit=records["custody_visit_reports"]).order_by("pk")
    assert [(c.custody_number, c.answers) for c in checks] == [
        (f"[erased]-{c.pk}", {}) for c in checks
    ]
    assert checks[0].visit.notes == "[erased]"
    issue = records["custody_visit_issues"]
    issue.refresh_from_db()
    assert issue.description == "[erased]" and not issue.events.exclude(note="").exists()
    assert not FollowUp.objects.filter(pk=records["voice_follow_ups"].pk).exists()
    run, files = records["import_files"]
    run.refresh_from_db()
    assert not any(path.exists() for path in files)
    assert (run.rows_read, run.rows_rejected, run.rejected_rows_file) == (1, 1, "")
    account = User.objects.get(pk=records["accounts_ended"].pk)
    assert account.email == f"erased-{account.pk}@erased.invalid"
    assert not account.is_active and not account.has_usable_password()

    # One event a kind, with its count and nothing else; run again, nothing more is done.
    events = AuditEvent.objects.filter(object_type="retention")
    assert sorted(e.after["kind"] for e in events) == sorted(ALL_KINDS)
    assert all(e.after["count"] == 1 for e in events)
    assert _counts(last_day) == dict.fromkeys(ALL_KINDS, 0)
    assert events.count() == len(ALL_KINDS)
    for value in (
        "Trebilcock",
        "Penhallow",
        "Scrope",
        "Pascoe",
        "gone@example.net",
        "declined@example.net",
    ):
        assert not AuditEvent.objects.filter(summary__icontains=value).exists()
        assert value not in str(list(AuditEvent.objects.values_list("before", "after")))


def test_a_kind_that_fails_is_left_as_it_was_and_the_others_are_done(records, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The second volunteer cannot be erased: the first one's erasure is rolled back with
    it, and the other kinds are still applied."""
    second = VolunteerFactory(status=VolunteerStatus.LEFT, left_on=BASIS)
    volunteers = retention.SCHEDULE[[k.key for k in retention.SCHEDULE].index("volunteers_left")]

    def erase_but_not_the_second(volunteer):  # type: ignore[no-untyped-def]
        volunteers.apply(volunteer)
        if volunteer.pk == second.pk:
            raise RuntimeError("disk full")

    failing = retention.RetentionKind(
        **{**volunteers.__dict__, "apply": erase_but_not_the_second}  # type: ignore[arg-type]
    )
    schedule = [failing if k.key == "volunteers_left" else k for k in retention.SCHEDULE]
    monkeypatch.setattr(retention, "SCHEDULE", schedule)
    results = retention.retention_apply(today=BASIS + datetime.timedelta(days=DAYS))
    failed = {r.kind.key: r.error for r in results if r.error}
    assert failed == {"volunteers_left": f"RuntimeError on scrutiny.Volunteer {second.pk}"}
    first = records["volunteers_left"]
    first.refresh_from_db()
    assert first.full_name != "[erased]"
    assert not AuditEvent.objects.filter(object_type="retention", object_label="volunteers_left")
    assert not Application.objects.filter(pk=records["grant_drafts"].pk).exists()


def test_the_command_applies_it_and_a_dry_run_changes_nothing(records, capsys) -> None:  # type: ignore[no-untyped-def]
    with _at(BASIS + datetime.timedelta(days=DAYS)):
        call_command("retention", "apply", "--dry-run", "--kind", "grant_drafts")
        assert "grant_drafts: 1 due" in capsys.readouterr().out
        assert Application.objects.filter(pk=records["grant_drafts"].pk).exists()
        call_command("retention", "apply")
        out = capsys.readouterr().out
    assert "grant_drafts: 1 done" in out and "accounts_ended: 1 done" in out
    assert not Application.objects.filter(pk=records["grant_drafts"].pk).exists()


def test_asb_cases_keep_the_areas_months_unless_a_period_is_set(settings) -> None:  # type: ignore[no-untyped-def]
    kind = retention.SCHEDULE[0]
    settings.CRIMEPLAN_RETENTION = {**settings.CRIMEPLAN_RETENTION, "asb_cases": None}
    # Gloucestershire's rule file: 24 months; from a leap day to the 28th of February.
    assert retention.retention_cutoff(kind, datetime.date(2028, 2, 29)) == datetime.date(
        2026, 2, 28
    )
    settings.CRIMEPLAN_RETENTION = {**settings.CRIMEPLAN_RETENTION, "asb_cases": 30}
    assert retention.retention_cutoff(kind, datetime.date(2028, 3, 1)) == datetime.date(2028, 1, 31)


def test_every_model_with_personal_fields_has_a_period() -> None:
    cleared = {label for kind in retention.SCHEDULE for label in kind.clears}
    declared = {model._meta.label for model in declared_models()}
    assert declared - cleared - set(retention.NOT_SCHEDULED) == set()
    assert set(settings.CRIMEPLAN_RETENTION) == set(ALL_KINDS)


def test_the_privacy_notice_shows_the_schedule_as_configured(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_RETENTION = {**settings.CRIMEPLAN_RETENTION, "grant_drafts": 45}
    page = client.get("/privacy/").content.decode()
    assert "45 days from the day the draft was last changed" in page
    assert "24 months from the day the case closed" in page
    for kind in retention.SCHEDULE:
        assert kind.action.split(";")[0].casefold() in page.casefold()


def test_a_volunteer_marked_as_left_without_a_day_counts_from_their_last_change(periods) -> None:  # type: ignore[no-untyped-def]
    with _at(BASIS):
        volunteer = VolunteerFactory(status=VolunteerStatus.LEFT, left_on=None)
    assert _counts(BASIS + datetime.timedelta(days=DAYS - 1), keys=["volunteers_left"]) == {
        "volunteers_left": 0
    }
    assert _counts(BASIS + datetime.timedelta(days=DAYS), keys=["volunteers_left"]) == {
        "volunteers_left": 1
    }
    volunteer.refresh_from_db()
    assert volunteer.full_name == "[erased]"
