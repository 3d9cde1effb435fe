"""E-mail reminders to the owners of actions overdue for a progress update.

Run daily by `crimeplan delivery send-reminders` (cron) or the `send_update_reminders` task.
Each owner gets one e-mail listing all their overdue actions, at most once every
REMINDER_REPEAT_DAYS; actions with no owner person are counted, not silently dropped.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse

from crimeplan.accounts.models import User

from .constants import CLOSED_STATUSES, REMINDER_REPEAT_DAYS
from .models import Action
from .progress import is_update_overdue


@dataclass
class ReminderReport:
    overdue: int = 0
    emails_sent: int = 0
    reminded_actions: int = 0
    recently_reminded: int = 0
    without_owner: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"{self.overdue} actions overdue for a progress update",
            f"{self.emails_sent} reminder e-mails sent about {self.reminded_actions} actions",
            f"{self.recently_reminded} actions skipped: their owner was reminded in the last "
            f"{REMINDER_REPEAT_DAYS} days",
        ]
        if self.without_owner:
            lines.append(
                f"{len(self.without_owner)} overdue actions have no owner person to remind: "
                + "; ".join(self.without_owner)
            )
        return lines


def overdue_actions(*, today: datetime.date) -> list[Action]:
    actions = (
        Action.objects.exclude(status__in=CLOSED_STATUSES)
        .select_related("commitment__priority__plan", "owner_person", "owner_organisation")
        .annotate(last_update=Max("updates__reported_on"))
        .order_by("due_date", "pk")
    )
    return [
        a
        for a in actions
        if is_update_overdue(
            status=a.status,
            last_update=a.last_update,
            start_date=a.start_date,
            interval_days=a.commitment.priority.plan.update_interval_days,
            today=today,
        )
    ]


def _recently_reminded(action: Action, today: datetime.date) -> bool:
    return action.last_reminded_on is not None and (
        today - action.last_reminded_on
    ) < datetime.timedelta(days=REMINDER_REPEAT_DAYS)


def reminders_send(*, today: datetime.date, base_url: str = "") -> ReminderReport:
    """Sends the day's reminders and records on each action when its owner was reminded."""
    report = ReminderReport()
    by_person: dict[User, list[Action]] = defaultdict(list)
    for action in overdue_actions(today=today):
        report.overdue += 1
        if action.owner_person is None or not action.owner_person.is_active:
            report.without_owner.append(f"{action.title} ({action.owner_organisation})")
        elif _recently_reminded(action, today):
            report.recently_reminded += 1
        else:
            by_person[action.owner_person].append(action)
    # Links in e-mails need the site's address, which a scheduled job cannot learn from a request.
    base_url = (base_url or settings.CRIMEPLAN_BASE_URL).rstrip("/")
    for person, actions in by_person.items():
        body = render_to_string(
            "delivery/email/update_reminder.txt",
            {
                "person": person,
                "actions": [
                    (a, base_url + reverse("delivery:action_detail", kwargs={"pk": a.pk}))
                    for a in actions
                ],
                "opcc_name": settings.CRIMEPLAN_OPCC_NAME,
            },
        )
        message = EmailMessage(
            subject=f"{len(actions)} delivery actions need a progress update",
            body=body,
            to=[person.email],
        )
        with transaction.atomic():
            mailers.default.send_messages([message])
            for action in actions:
                # Saved one by one (never a bulk update): the history records each reminder.
                action.last_reminded_on = today
                action.save(update_fields=["last_reminded_on", "updated_at"])
        report.emails_sent += 1
        report.reminded_actions += len(actions)
    return report
