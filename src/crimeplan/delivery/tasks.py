"""Background and scheduled delivery jobs (django.tasks; `crimeplan db_worker` runs them)."""

import datetime

from django.tasks import task
from django.utils import timezone

from .reminders import reminders_send


@task
def send_update_reminders(today: str = "") -> list[str]:
    """E-mails the owners of actions overdue for a progress update; returns the report's lines.
    `today` (YYYY-MM-DD) is for re-running a missed day; it defaults to today."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return reminders_send(today=day).lines()
