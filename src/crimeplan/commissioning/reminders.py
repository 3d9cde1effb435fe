"""E-mail reminders to grantees whose monitoring returns are overdue.

Run daily by `crimeplan commissioning send-reminders` (cron) or the `send_return_reminders`
task. Each award's grantee gets one e-mail listing its overdue returns; a return is mentioned at
most once every `repeat_days` (each return records when it was last reminded), so a rerun on
the same day sends nothing. The grantee is reached through its organisation's partner editors,
or failing them the contact on the application the award came from; awards with neither are
counted, not silently dropped.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import User
from crimeplan.audit.services import audited_change
from crimeplan.core.languages import ENGLISH, name_in

from .constants import RETURN_REMINDER_REPEAT_DAYS, ReturnStatus
from .models import Award, MonitoringReturn

logger = logging.getLogger(__name__)


@dataclass
class ReturnReminderReport:
    overdue: int = 0
    emails_sent: int = 0
    reminded_returns: int = 0
    recently_reminded: int = 0
    without_contact: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"{self.overdue} monitoring returns overdue",
            f"{self.emails_sent} reminder e-mails sent about {self.reminded_returns} returns",
            f"{self.recently_reminded} returns skipped: reminded recently",
        ]
        if self.failed:
            lines.append(
                f"{len(self.failed)} reminder e-mails could not be sent (tried again next run): "
                + "; ".join(self.failed)
            )
        if self.without_contact:
            lines.append(
                f"{len(self.without_contact)} awards with overdue returns have no one to e-mail: "
                + "; ".join(self.without_contact)
            )
        return lines


def overdue_returns(*, today: datetime.date) -> list[MonitoringReturn]:
    return list(
        MonitoringReturn.objects.filter(status=ReturnStatus.DUE, due_on__lt=today)
        .exclude(award__round__is_demo=True)  # the demo's fictional grantees are never e-mailed
        .select_related("award__recipient", "award__application")
        .order_by("award_id", "due_on")
    )


@dataclass(frozen=True)
class Grantee:
    """Whom a reminder goes to, and in which language: the partner editors read the
    (English) staff pages; an application's contact is written to in the language they asked
    for on the application."""

    addresses: list[str]
    language: str = ENGLISH


def grantee(award: Award) -> Grantee:
    application = award.application
    addresses = grantee_addresses(award)
    if application is not None and addresses == [application.contact_email]:
        return Grantee(addresses, application.correspondence_language or ENGLISH)
    return Grantee(addresses)


def grantee_addresses(award: Award) -> list[str]:
    """The grantee's partner editors, else the contact named on the award's application."""
    editors = (
        User.objects.filter(
            is_active=True,
            memberships__organisation=award.recipient_id,
            memberships__role=Role.PARTNER_EDITOR,
            memberships__ended_at__isnull=True,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    if editors:
        return list(editors)
    application = award.application
    if application is not None and application.contact_email:
        return [application.contact_email]
    return []


def _recently_reminded(
    monitoring_return: MonitoringReturn, today: datetime.date, repeat_days: int
) -> bool:
    last = monitoring_return.last_reminded_on
    return last is not None and (today - last) < datetime.timedelta(days=repeat_days)


def _message(
    award: Award, returns: list[MonitoringReturn], to: Grantee, base_url: str
) -> EmailMessage:
    """The reminder, in the language `to` reads (the award's title and round as typed)."""
    count = len(returns)
    with translation.override(to.language):
        body = render_to_string(
            "commissioning/email/return_reminder.txt",
            {
                "award": award,
                "returns": returns,
                "url": base_url + reverse("commissioning:award_detail", kwargs={"pk": award.pk}),
                "opcc_name": name_in(
                    to.language, settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
                ),
                "contact_email": settings.CRIMEPLAN_CONTACT_EMAIL,
            },
        )
        subject = ngettext(
            "%(title)s: %(count)s monitoring return overdue",
            "%(title)s: %(count)s monitoring returns overdue",
            count,
        ) % {
            # One line, whatever the title holds: a newline would break the header.
            "title": " ".join(award.title.split()),
            "count": count,
        }
    return EmailMessage(
        subject=subject, body=body, to=to.addresses, reply_to=[settings.CRIMEPLAN_CONTACT_EMAIL]
    )


def return_reminders_send(
    *,
    today: datetime.date,
    base_url: str = "",
    repeat_days: int = RETURN_REMINDER_REPEAT_DAYS,
) -> ReturnReminderReport:
    """Sends the day's reminders and records on each return when it was reminded."""
    report = ReturnReminderReport()
    by_award: dict[Award, list[MonitoringReturn]] = defaultdict(list)
    for monitoring_return in overdue_returns(today=today):
        report.overdue += 1
        if _recently_reminded(monitoring_return, today, repeat_days):
            report.recently_reminded += 1
        else:
            by_award[monitoring_return.award].append(monitoring_return)
    # Links in e-mails need the site's address, which a scheduled job cannot learn from a request.
    base_url = (base_url or settings.CRIMEPLAN_BASE_URL).rstrip("/")
    for award, returns in by_award.items():
        to = grantee(award)
        if not to.addresses:
            report.without_contact.append(f"{award.title} ({award.recipient})")
            continue
        try:
            _message(award, returns, to, base_url).send()
        except Exception as error:
            logger.exception("Reminder for award %s not sent", award.pk)
            report.failed.append(f"{award.title} ({error.__class__.__name__})")
            continue
        # Marked only once sent: a failure above leaves the returns to be reminded next run.
        with transaction.atomic():
            for monitoring_return in returns:
                _mark_reminded(monitoring_return, today=today, to=to.addresses)
        report.emails_sent += 1
        report.reminded_returns += len(returns)
    return report


def _mark_reminded(
    monitoring_return: MonitoringReturn, *, today: datetime.date, to: list[str]
) -> None:
    # Saved one by one (never a bulk update): the history and audit trail record each reminder.
    with audited_change(
        monitoring_return,
        actor=None,
        # Who was e-mailed is the grantee's editors of the day; their addresses stay out.
        summary=f"Overdue monitoring return reminder e-mailed to {len(to)} people",
    ):
        monitoring_return.last_reminded_on = today
        monitoring_return.save(update_fields=["last_reminded_on", "updated_at"])
