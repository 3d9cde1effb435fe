"""The daily reminder, with the clock moving day by day: each case's timer is e-mailed to the
review officers at most once a week, and a new case is reminded of the day it falls due."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member

from ..models import Reminder
from .factories import ComplaintReviewFactory

pytestmark = pytest.mark.django_db
# A Monday, at 7 in the morning: when the daily job runs.
MONDAY = datetime.datetime(2026, 11, 16, 7, tzinfo=datetime.UTC)


def _remind() -> str:
    out = StringIO()
    call_command("complaint_reviews", "remind", stdout=out)
    return out.getvalue()


def test_a_timer_is_reminded_at_most_once_a_week() -> None:
    officer = member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))
    # Received on 2 November: its acknowledgment (5 working days) was due on 9 November.
    late = ComplaintReviewFactory(received_on=datetime.date(2026, 11, 2))
    with time_machine.travel(MONDAY, tick=False) as clock:
        assert f"{late.reference}: acknowledgment overdue since 9 November 2026" in _remind()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [officer.email]
        for days in range(1, 7):
            clock.move_to(MONDAY + datetime.timedelta(days=days))
            assert late.reference not in _remind()
        assert len(mail.outbox) == 1

        # A case received on Tuesday 17th: its acknowledgment falls due on Tuesday 24th, and
        # comes within two working days of it on Friday 20th, while the late one waits.
        new = ComplaintReviewFactory(received_on=datetime.date(2026, 11, 17))
        clock.move_to(MONDAY + datetime.timedelta(days=4))
        text = _remind()
        assert f"{new.reference}: acknowledgment due on 24 November 2026" in text
        assert late.reference not in text
        assert len(mail.outbox) == 2 and late.reference not in mail.outbox[1].body

        clock.move_to(MONDAY + datetime.timedelta(days=7))
        text = _remind()
        assert late.reference in text and new.reference not in text
        assert len(mail.outbox) == 3
    assert set(Reminder.objects.values_list("review_id", "timer", "sent_on")) == {
        (late.pk, "acknowledgment", datetime.date(2026, 11, 23)),
        (new.pk, "acknowledgment", datetime.date(2026, 11, 20)),
    }


def test_nothing_is_recorded_when_no_officer_was_e_mailed() -> None:
    late = ComplaintReviewFactory(received_on=datetime.date(2026, 11, 2))
    with time_machine.travel(MONDAY, tick=False) as clock:
        assert late.reference in _remind()
        assert mail.outbox == [] and not Reminder.objects.exists()
        officer = member(Role.OPCC_ADMIN, OrganisationFactory(kind=OrganisationKind.OPCC))
        clock.move_to(MONDAY + datetime.timedelta(days=1))
        assert late.reference in _remind()
        assert [m.to for m in mail.outbox] == [[officer.email]]
