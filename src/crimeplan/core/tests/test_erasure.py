"""An erasure request, end to end through `crimeplan erasure`: the person is found in every
kind of record that declares an e-mail or name, what may go goes, what the law keeps is kept
and said so, and the audit trail records counts only."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Membership, User
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview
from crimeplan.asb_reviews.tests.factories import case_at, submit_case
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning.constants import ApplicationStatus
from crimeplan.commissioning.models import Application
from crimeplan.commissioning.tests.factories import ApplicationFactory
from crimeplan.scrutiny.constants import VolunteerStatus
from crimeplan.scrutiny.tests.factories import VolunteerFactory

pytestmark = pytest.mark.usefixtures("reference")

EMAIL, NAME = "tamsin.ruddock@example.net", "Tamsin Ruddock"
TODAY = datetime.datetime(2027, 6, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture
def person(settings):  # type: ignore[no-untyped-def]
    """Tamsin in every kind of record, some past their period and some not, made a month
    before TODAY whatever instant the suite runs at."""
    with time_machine.travel(TODAY - datetime.timedelta(days=30), tick=False):
        return _people()


def _people() -> dict[str, object]:
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    # Closed in 2024: past the area's 24 months by TODAY.
    old_case = case_at(
        Status.CLOSED,
        coordinator=coordinator,
        owner=opcc,
        applicant_name=NAME,
        applicant_email=EMAIL,
    )
    open_case = submit_case(applicant_name="Someone Else", victim_name=NAME)
    CaseReview.objects.filter(pk=open_case.pk).update(applicant_relationship="family")
    mention = submit_case(description=f"{NAME} next door saw it too.")
    draft = ApplicationFactory(status=ApplicationStatus.DRAFT, reference=None, contact_email=EMAIL)
    declined = ApplicationFactory(status=ApplicationStatus.DECLINED, contact_name=NAME)
    left = VolunteerFactory(email=EMAIL.upper(), status=VolunteerStatus.LEFT)
    account = member(Role.PARTNER_VIEWER, OrganisationFactory(), email=EMAIL, full_name=NAME)
    Membership.objects.filter(user=account).update(ended_at=TODAY - datetime.timedelta(days=9))
    active = VolunteerFactory(full_name=NAME, email="other@example.net")
    return {
        "old_case": old_case,
        "open_case": open_case,
        "mention": mention,
        "draft": draft,
        "declined": declined,
        "left": left,
        "account": account,
        "active": active,
    }


def _erasure(*args: str, capsys) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        call_command("erasure", "--email", EMAIL, "--name", NAME, *args)
    return capsys.readouterr().out


def test_a_dry_run_reports_and_changes_nothing(person, capsys) -> None:  # type: ignore[no-untyped-def]
    events = AuditEvent.objects.count()
    out = _erasure("--dry-run", capsys=capsys)
    assert "Would erase: 5" in out
    assert "Kept, as the law or the service requires: 2" in out
    assert "statutory ASB Case Review" in out and "still a volunteer" in out
    assert "Review by hand: the name appears in 1 case review free text(s)" in out
    assert "Dry run: nothing was changed." in out
    assert Application.objects.filter(pk=person["draft"].pk).exists()
    assert AuditEvent.objects.count() == events


def test_an_erasure_request_end_to_end(person, capsys, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        out = _erasure("--reference", "DSAR-2027-014", capsys=capsys)
    assert "Erased: 5" in out and "Done: 5 erased, 2 kept" in out

    old_case = CaseReview.objects.get(pk=person["old_case"].pk)
    assert old_case.anonymised_at is not None and old_case.applicant_email == ""
    assert not Application.objects.filter(pk=person["draft"].pk).exists()
    declined = Application.objects.get(pk=person["declined"].pk)
    assert declined.contact_name == "" and declined.organisation_name
    left = person["left"]
    left.refresh_from_db()
    assert left.email == "" and left.full_name == "[erased]"
    account = User.objects.get(pk=person["account"].pk)
    assert account.email.endswith("@erased.invalid") and not account.is_active
    # What the law or the service keeps is untouched.
    assert CaseReview.objects.get(pk=person["open_case"].pk).victim_name == NAME
    active = person["active"]
    active.refresh_from_db()
    assert active.full_name == NAME

    # The request is in the trail by its reference and counts, never by the person.
    event = AuditEvent.objects.get(object_type="erasure")
    assert event.after == {"erased": 5, "kept": 2, "already_erased": 0}
    assert "DSAR-2027-014" in event.summary
    for text in AuditEvent.objects.values_list("object_label", "summary", "before", "after"):
        assert "ruddock" not in str(text).casefold()

    # Asked again, nothing erased can be found by the address or name any more.
    out = _erasure(capsys=capsys)
    assert "Erased: 0" in out and "Done: 0 erased, 2 kept" in out


def test_an_address_is_required(capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="e-mail address"):
        call_command("erasure", "--email", "Tamsin")


def test_a_funded_application_whose_award_is_not_made_yet_is_kept(person, capsys) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY - datetime.timedelta(days=30), tick=False):
        funded = ApplicationFactory(status=ApplicationStatus.FUNDED, contact_email=EMAIL)
    out = _erasure(capsys=capsys)
    assert "Done: 5 erased, 3 kept" in out
    assert "award not yet made" in out
    funded.refresh_from_db()
    assert funded.contact_email == EMAIL
