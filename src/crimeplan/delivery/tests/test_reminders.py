"""Overdue updates and the reminder e-mails: which actions are overdue, one e-mail per owner,
no repeat within a week, owners missing are counted; from the command, the task and cron."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.delivery import services
from crimeplan.delivery.constants import CLOSED_STATUSES, ActionStatus
from crimeplan.delivery.progress import is_update_overdue, rag_summary
from crimeplan.delivery.reminders import reminders_send
from crimeplan.delivery.tasks import send_update_reminders

from .factories import ActionFactory, CommitmentFactory, PlanFactory, PriorityFactory

TODAY = datetime.date(2024, 6, 1)
dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1))


@given(
    status=st.sampled_from(ActionStatus.values),
    last_update=st.one_of(st.none(), dates),
    start=dates,
    interval=st.integers(min_value=1, max_value=400),
    today=dates,
)
def test_overdue_means_open_started_and_silent_for_longer_than_the_interval(
    status: str,
    last_update: datetime.date | None,
    start: datetime.date,
    interval: int,
    today: datetime.date,
) -> None:
    overdue = is_update_overdue(
        status=status,
        last_update=last_update,
        start_date=start,
        interval_days=interval,
        today=today,
    )
    since = last_update or start
    expected = status not in CLOSED_STATUSES and start <= today and (today - since).days > interval
    assert overdue == expected


def test_rag_summary_counts_every_status_once() -> None:
    counts = {
        r.status: r.count for r in rag_summary(["on_track", "on_track", "at_risk", "complete"])
    }
    assert counts == {
        "not_started": 0,
        "on_track": 2,
        "at_risk": 1,
        "off_track": 0,
        "complete": 1,
        "cancelled": 0,
    }


@pytest.fixture
def commitment(db):  # type: ignore[no-untyped-def]
    plan = PlanFactory(update_interval_days=30)
    return CommitmentFactory(priority=PriorityFactory(plan=plan))


def _update(action, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    services.progress_update_add(
        action=action, actor=None, reported_on=day, status=action.status, summary="Progress."
    )


def test_one_email_per_owner_listing_their_overdue_actions(commitment, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    owner, other_owner = (
        UserFactory(email="owner@example.org"),
        UserFactory(email="other@example.org"),
    )
    start = datetime.date(2024, 1, 1)
    stale = ActionFactory(
        commitment=commitment, owner_person=owner, start_date=start, title="Stale one"
    )
    _update(stale, datetime.date(2024, 4, 1))  # 61 days before TODAY
    never = ActionFactory(
        commitment=commitment, owner_person=owner, start_date=start, title="Never updated"
    )
    fresh = ActionFactory(
        commitment=commitment, owner_person=other_owner, start_date=start, title="Fresh"
    )
    _update(fresh, datetime.date(2024, 5, 20))
    ActionFactory(
        commitment=commitment,
        owner_person=other_owner,
        start_date=start,
        status=ActionStatus.COMPLETE,
        completed_on=start,
    )
    ActionFactory(commitment=commitment, owner_person=None, start_date=start, title="Nobody's")

    report = reminders_send(today=TODAY, base_url="https://crimeplan.example")

    assert (report.overdue, report.emails_sent, report.reminded_actions) == (3, 1, 2)
    assert report.without_owner and "Nobody's" in report.without_owner[0]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@example.org"]
    assert (
        "Stale one" in message.body
        and "Never updated" in message.body
        and "Fresh" not in message.body
    )
    assert f"https://crimeplan.example/delivery/actions/{stale.pk}/" in message.body
    stale.refresh_from_db()
    never.refresh_from_db()
    assert stale.last_reminded_on == never.last_reminded_on == TODAY

    # Not again within a week; again after it.
    again = reminders_send(today=TODAY + datetime.timedelta(days=6))
    assert (again.emails_sent, again.recently_reminded) == (0, 2)
    later = reminders_send(today=TODAY + datetime.timedelta(days=7))
    assert later.emails_sent == 1 and len(mailoutbox) == 2


def test_the_command_and_the_task_send_the_same_reminders(commitment, capsys) -> None:  # type: ignore[no-untyped-def]
    owner = UserFactory(email="owner@example.org")
    ActionFactory(commitment=commitment, owner_person=owner, start_date=datetime.date(2024, 1, 1))
    call_command("delivery", "send-reminders", "--date", TODAY.isoformat())
    assert "1 reminder e-mails sent about 1 actions" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    # The task (run at once by the test settings' immediate backend) skips it: reminded today.
    result = send_update_reminders.enqueue(TODAY.isoformat())
    assert "0 reminder e-mails sent about 0 actions" in result.return_value
    assert len(mail.outbox) == 1
