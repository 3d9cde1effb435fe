"""Returns are saved whole or not at all, replace an earlier one, and are audited."""

import datetime

import pytest
import time_machine

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent

from .. import services
from ..models import ComplianceReturn, ReturnLine, ReturnReminder
from ..reading import RawLine, ReturnError
from .factories import ReturningAgencyFactory, ReviewMeetingFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 18)
HEADER = "agency,year,quarter,right,eligible,complied,note\n"


@pytest.fixture
def agency():  # type: ignore[no-untyped-def]
    return ReturningAgencyFactory(organisation__name="Test CPS").organisation


def _upload(agency, text: str, actor=None):  # type: ignore[no-untyped-def]
    return services.return_upload(
        agency=agency, name="cps.csv", content=text.encode(), actor=actor, today=TODAY
    )


def test_an_upload_saves_the_return_and_audits_it(agency) -> None:  # type: ignore[no-untyped-def]
    actor = member(Role.PARTNER_EDITOR, agency)
    record = _upload(
        agency, HEADER + "Test CPS,2025,3,r01,10,8,\nTest CPS,2025,3,r06,5,5,\n", actor
    )
    assert (record.year, record.quarter, record.source, record.submitted_by) == (
        2025,
        3,
        "cps.csv",
        actor,
    )
    assert list(record.lines.values_list("right", "eligible", "complied")) == [
        ("r01", 10, 8),
        ("r06", 5, 5),
    ]
    (event,) = AuditEvent.objects.filter(object_type="victims_code.ComplianceReturn")
    assert event.summary.startswith("Made the Victims' Code return of Test CPS for 2025/26 Q3")
    assert event.organisation_id == agency.pk


def test_a_second_upload_replaces_the_first(agency) -> None:  # type: ignore[no-untyped-def]
    first = _upload(agency, HEADER + "Test CPS,2025,3,r01,10,8,\nTest CPS,2025,3,r02,3,3,\n")
    second = _upload(agency, HEADER + "Test CPS,2025,3,r01,12,9,secret name\n")
    assert first.pk == second.pk and second.replaced == 1
    assert ComplianceReturn.objects.count() == 1
    assert list(ReturnLine.objects.values_list("right", "eligible", "complied")) == [("r01", 12, 9)]
    events = list(
        AuditEvent.objects.filter(object_type="victims_code.ComplianceReturn").order_by("pk")
    )
    assert events[-1].summary.startswith("Replaced the Victims' Code return of Test CPS")
    assert "secret name" not in str(events[-1].after) and "secret name" not in events[-1].summary


@pytest.mark.parametrize(
    "line",
    [
        "Test CPS,2025,3,r77,10,8,",
        "Test CPS,2025,3,r01,-1,0,",
        "Test CPS,0,3,r01,10,8,",
        "Test CPS,2999,3,r01,10,8,",
        "Test CPS,2025,3,r01,=1+1,0,",
        "Other agency,2025,3,r01,10,8,",
    ],
)
def test_bad_input_stores_nothing(agency, line: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReturnError) as caught:
        _upload(agency, HEADER + "Test CPS,2025,3,r02,5,5,\n" + line + "\n")
    assert str(caught.value).startswith("cps.csv, line 3, field ")
    assert ComplianceReturn.objects.count() == ReturnLine.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="victims_code.ComplianceReturn").exists()


def test_an_agency_not_returning_cannot_upload() -> None:
    other = OrganisationFactory(name="Not asked")
    with pytest.raises(ReturnError, match="not an agency that makes returns"):
        _upload(other, HEADER + "Not asked,2025,3,r01,1,1,\n")


def test_an_entered_return_is_checked_like_a_file(agency) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReturnError) as caught:
        services.return_enter(
            agency=agency,
            year=2025,
            quarter=3,
            lines=[RawLine(1, "r01", "5", "7")],
            actor=None,
            today=TODAY,
        )
    assert (
        str(caught.value)
        == "the form, right 1, field 'complied': 7 complied is more than the 5 eligible"
    )
    record = services.return_enter(
        agency=agency,
        year=2025,
        quarter=3,
        lines=[RawLine(1, "r01", "5", "4")],
        actor=None,
        today=TODAY,
    )
    assert record.source == "entered"


def test_an_action_is_audited_and_announced(agency, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.core.findings import finding_announced

    from ..models import ReviewAction

    seen = []

    def receiver(sender, finding, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((sender, finding))

    finding_announced.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            action = services.action_save(
                action=ReviewAction(
                    meeting=ReviewMeetingFactory(),
                    action="Do a thing",
                    owner=agency,
                    due_on=datetime.date(2026, 4, 30),
                ),
                actor=None,
            )
    finally:
        finding_announced.disconnect(receiver)
    ((sender, finding),) = seen
    assert sender == "victims_code" and finding.source == "victims_code_review"
    assert finding.key == str(action.pk) and finding.owner_id == agency.pk
    assert "Do a thing" not in finding.title
    assert AuditEvent.objects.filter(object_type="victims_code.ReviewAction").count() == 1


@time_machine.travel(datetime.datetime(2026, 11, 18, 10, 30, tzinfo=datetime.UTC), tick=True)
def test_reminders_go_once_a_week_to_the_partner_editors(agency, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    member(Role.PARTNER_EDITOR, agency, email="editor@cps.example")
    member(Role.PARTNER_VIEWER, agency, email="viewer@cps.example")
    # 2026/27 Q2 ended on 30 September; 30 days later the return is overdue.
    assert services.reminders_send(today=datetime.date(2026, 10, 20)) == []
    # The clock is pinned at 18 November 2026, when the reminders are recorded as sent.
    lines = services.reminders_send(today=datetime.date(2026, 11, 18))
    assert lines == ["Test CPS: return for 2026/27 Q2 missing, 1 e-mailed"]
    assert [m.to for m in mailoutbox] == [["editor@cps.example"]]
    assert services.reminders_send(today=datetime.date(2026, 11, 24)) == []
    assert len(services.reminders_send(today=datetime.date(2026, 11, 26))) == 1
    assert ReturnReminder.objects.count() == 2
    services.return_enter(
        agency=agency,
        year=2026,
        quarter=2,
        lines=[RawLine(1, "r01", "1", "1")],
        actor=None,
        today=datetime.date(2026, 11, 26),
    )
    assert services.reminders_send(today=datetime.date(2026, 12, 20)) == []


@time_machine.travel(datetime.datetime(2026, 11, 18, 10, 30, tzinfo=datetime.UTC), tick=True)
def test_an_agency_nobody_can_be_emailed_at_is_said_and_tried_again(agency, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    lines = services.reminders_send(today=datetime.date(2026, 11, 18))
    assert lines == ["Test CPS: return for 2026/27 Q2 missing, nobody could be e-mailed"]
    assert not ReturnReminder.objects.exists() and mailoutbox == []
    member(Role.PARTNER_EDITOR, agency, email="editor@cps.example")
    assert services.reminders_send(today=datetime.date(2026, 11, 19)) == [
        "Test CPS: return for 2026/27 Q2 missing, 1 e-mailed"
    ]
