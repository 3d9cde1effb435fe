"""E-mails: the panel's decision to the applicant, and reminders of overdue monitoring returns."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import services
from crimeplan.commissioning.constants import Decision
from crimeplan.commissioning.models import Award, MonitoringReturn
from crimeplan.commissioning.reminders import return_reminders_send
from crimeplan.jobs import scheduled_jobs

from .factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 9, 1)


def test_a_decision_to_fund_is_e_mailed_with_its_reasons(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(contact_name="Sam Applicant", contact_email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_moderate(
            actor=None, application=application, decision=Decision.FUND,
            amount_pence=4_000_00, reasons="Strong evidence of need.",
        )  # fmt: skip
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == f"Your grant application {application.reference}: funded"
    assert "Dear Sam Applicant" in message.body
    assert "The panel decided to fund it: £4,000.00" in message.body
    assert "Strong evidence of need." in message.body


def test_a_decline_is_e_mailed_with_its_reasons(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(contact_email="group@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_moderate(
            actor=None, application=application, decision=Decision.DECLINE,
            reasons="Weaker evidence of need than others.",
        )  # fmt: skip
    (message,) = mail.outbox
    assert message.subject.endswith(": not funded")
    assert "The panel decided not to fund it." in message.body
    assert "Weaker evidence of need than others." in message.body


@override_settings(CRIMEPLAN_OPCC_NAME_CY="Swyddfa'r Comisiynydd (prawf)")
def test_an_applicant_who_chose_welsh_is_told_the_decision_in_welsh_whatever_the_page(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    """The panel works in English; the e-mail is in the language the applicant chose, the
    panel's reasons quoted as typed, signed with the Office's Welsh name."""
    application = ApplicationFactory(
        contact_name="Rhian", contact_email="rhian@example.org", correspondence_language="cy"
    )
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        services.application_moderate(
            actor=None, application=application, decision=Decision.FUND,
            amount_pence=4_000_00, reasons="Strong evidence of need.",
        )  # fmt: skip
    (message,) = mail.outbox
    assert message.subject == f"Eich cais am grant {application.reference}: wedi ei ariannu"
    assert message.body.startswith("Annwyl Rhian,")
    assert "Penderfynodd y panel ei ariannu: £4,000.00." in message.body
    assert "Rhesymau'r panel:\n\nStrong evidence of need." in message.body
    assert message.body.rstrip().endswith("Swyddfa'r Comisiynydd (prawf)")
    assert "panel" in message.body and "decided" not in message.body


def test_the_return_link_is_sent_in_the_applicants_language() -> None:
    application = ApplicationFactory(
        contact_email="rhian@example.org", correspondence_language="cy"
    )
    assert services.resume_link_send(application=application, link="https://example.org/x")
    (message,) = mail.outbox
    assert message.subject == "Eich cais am grant: y ddolen i ddychwelyd ato"
    assert "Gallwch ddychwelyd at eich cais" in message.body
    assert "https://example.org/x" in message.body


def test_no_e_mail_until_the_decision_is_committed(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_moderate(
            actor=None, application=application, decision=Decision.DECLINE, reasons="No."
        )
    assert len(callbacks) == 1 and mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_decision(  # type: ignore[no-untyped-def]
    client, monkeypatch, caplog, django_capture_on_commit_callbacks
) -> None:
    def refuse(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    application = ApplicationFactory()
    client.force_login(member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("commissioning:application_decide", args=[application.pk]),
            {"decision": "decline", "reasons": "Not this time."},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "declined" and application.moderation.reasons == "Not this time."
    assert "mail server down" in caplog.text


def test_the_decision_page_e_mails_the_applicant(
    client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(contact_email="page@example.org")
    client.force_login(member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("commissioning:application_decide", args=[application.pk]),
            {"decision": "fund", "amount": "2500", "reasons": "Good fit with the plan."},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["page@example.org"] and "Good fit with the plan." in message.body


# Overdue monitoring returns ---------------------------------------------------------------


def _award_with_returns(*, recipient=None, application=None) -> Award:  # type: ignore[no-untyped-def]
    award = services.award_create(
        actor=None, round=application.round if application else RoundFactory(),
        recipient=recipient or OrganisationFactory(), title="Boxing sessions",
        amount_pence=1_000_00, starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
    )  # fmt: skip
    if application is not None:
        award.application = application
        award.save()
    services.returns_schedule(
        actor=None,
        award=award,
        period_ends=[datetime.date(2025, 6, 30), datetime.date(2025, 9, 30)],
    )
    return award


def test_grantee_editors_are_reminded_once_per_return_per_week() -> None:
    grantee = OrganisationFactory(name="Fictional Boxing Club")
    editor = member(Role.PARTNER_EDITOR, grantee, email="editor@example.org")
    member(Role.PARTNER_VIEWER, grantee, email="viewer@example.org")
    award = _award_with_returns(recipient=grantee)
    report = return_reminders_send(today=TODAY, base_url="https://crimeplan.example")
    assert (report.overdue, report.emails_sent, report.reminded_returns) == (1, 1, 1)
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert "Boxing sessions" in message.subject and "1 monitoring return overdue" in message.subject
    assert "the period to 30 June 2025, due on 28 July 2025" in message.body
    assert f"https://crimeplan.example/commissioning/awards/{award.pk}/" in message.body
    overdue = MonitoringReturn.objects.get(period_end=datetime.date(2025, 6, 30))
    assert overdue.last_reminded_on == TODAY
    assert overdue.history.count() == 2
    assert AuditEvent.objects.filter(
        object_type="commissioning.MonitoringReturn", summary__contains="reminder e-mailed"
    ).exists()
    # A rerun the same day, or within the week, sends nothing...
    again = return_reminders_send(today=TODAY + datetime.timedelta(days=6))
    assert (again.emails_sent, again.recently_reminded) == (0, 1)
    assert len(mail.outbox) == 1
    # ...a week later it reminds again.
    later = return_reminders_send(today=TODAY + datetime.timedelta(days=7))
    assert later.emails_sent == 1 and len(mail.outbox) == 2


def test_a_failed_send_is_reported_left_unmarked_and_does_not_stop_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = OrganisationFactory(name="First"), OrganisationFactory(name="Second")
    member(Role.PARTNER_EDITOR, first, email="first@example.org")
    member(Role.PARTNER_EDITOR, second, email="second@example.org")
    failing = _award_with_returns(recipient=first)
    failing.title = "Refused\nby the server"
    failing.save()
    _award_with_returns(recipient=second)
    real_send = EmailMessage.send

    def send(message: EmailMessage, fail_silently: bool = False) -> int:
        if "first@example.org" in message.to:
            raise ConnectionRefusedError("mail server down")
        assert "\n" not in message.subject
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    report = return_reminders_send(today=TODAY)
    assert (report.emails_sent, len(report.failed)) == (1, 1)
    assert "ConnectionRefusedError" in report.failed[0]
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    unsent = MonitoringReturn.objects.get(award=failing, period_end=datetime.date(2025, 6, 30))
    assert unsent.last_reminded_on is None  # so the next run tries again


def test_the_demo_grantees_are_never_reminded() -> None:
    grantee = OrganisationFactory(name="Fictional grantee")
    member(Role.PARTNER_EDITOR, grantee, email="demo@example.org")
    award = _award_with_returns(recipient=grantee)
    award.round.is_demo = True
    award.round.save()
    report = return_reminders_send(today=TODAY)
    assert (report.overdue, report.emails_sent) == (0, 0)
    assert not mail.outbox


def test_submitted_returns_and_returns_not_yet_due_are_not_reminded() -> None:
    grantee = OrganisationFactory()
    member(Role.PARTNER_EDITOR, grantee)
    award = _award_with_returns(recipient=grantee)
    first = award.returns.get(period_end=datetime.date(2025, 6, 30))
    services.return_submit(
        actor=None, monitoring_return=first, outputs="x", outcomes="y", spend_to_date_pence=0
    )
    report = return_reminders_send(today=TODAY)
    assert (report.overdue, report.emails_sent) == (0, 0) and mail.outbox == []


def test_without_editors_the_application_contact_is_reminded_or_the_award_is_counted() -> None:
    application = ApplicationFactory(contact_email="contact@example.org")
    _award_with_returns(application=application)
    _award_with_returns(recipient=OrganisationFactory(name="Nobody to e-mail"))
    report = return_reminders_send(today=TODAY)
    assert report.emails_sent == 1
    assert mail.outbox[0].to == ["contact@example.org"]
    assert any("Nobody to e-mail" in line for line in report.lines())


def test_the_command_sends_reminders_and_is_a_scheduled_job(capsys) -> None:  # type: ignore[no-untyped-def]
    grantee = OrganisationFactory()
    member(Role.PARTNER_EDITOR, grantee)
    _award_with_returns(recipient=grantee)
    call_command("commissioning", "send-reminders", "--date", TODAY.isoformat())
    assert "1 reminder e-mails sent about 1 returns" in capsys.readouterr().out
    call_command("commissioning", "send-reminders", "--date", TODAY.isoformat())
    assert "1 returns skipped: reminded recently" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    call_command("commissioning", "send-reminders", "--enqueue", "--date", TODAY.isoformat())
    assert "queued" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("commissioning", "send-reminders", "--date", "yesterday")
    # A bad date is refused before anything is queued.
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("commissioning", "send-reminders", "--enqueue", "--date", "yesterday")
    assert "crimeplan commissioning send-reminders" in [job.command for job in scheduled_jobs()]


@override_settings(
    LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")],
    CRIMEPLAN_OPCC_NAME_CY="Swyddfa'r Comisiynydd (prawf)",
)
def test_an_application_contact_who_asked_for_welsh_is_reminded_in_welsh() -> None:
    application = ApplicationFactory(
        contact_email="cyswllt@example.org", correspondence_language="cy"
    )
    award = _award_with_returns(application=application)
    # Both overdue on the day, so the plural is said.
    second = award.returns.get(period_end=datetime.date(2025, 9, 30))
    today = second.due_on + datetime.timedelta(days=1)
    with translation.override("en-gb"):  # whoever runs it, in whatever language
        report = return_reminders_send(today=today, base_url="https://crimeplan.example")
    assert report.emails_sent == 1
    (message,) = mail.outbox
    assert message.to == ["cyswllt@example.org"]
    assert message.subject == "Boxing sessions: 2 ffurflen fonitro yn hwyr"
    assert 'Mae\'r ffurflenni monitro ar gyfer "Boxing sessions"' in message.body
    assert "y cyfnod hyd at 30 Mehefin 2025, i'w chyflwyno erbyn 28 Gorffennaf 2025" in message.body
    assert message.body.rstrip().endswith("Swyddfa'r Comisiynydd (prawf)")
    assert "overdue" not in message.body and "Please submit" not in message.body
    # A partner editor, who reads the staff pages, is written to in English.
    editor = member(Role.PARTNER_EDITOR, award.recipient, email="editor@example.org")
    later = return_reminders_send(today=today + datetime.timedelta(days=7))
    assert later.emails_sent == 1
    assert mail.outbox[1].to == [editor.email]
    assert "monitoring returns overdue" in mail.outbox[1].subject
