"""Background and scheduled commissioning jobs (django.tasks; `crimeplan db_worker` runs them)."""

import datetime

from django.tasks import task
from django.utils import timezone

from .constants import RETURN_REMINDER_REPEAT_DAYS
from .reminders import return_reminders_send


@task
def send_return_reminders(
    today: str = "", base_url: str = "", repeat_days: int = RETURN_REMINDER_REPEAT_DAYS
) -> list[str]:
    """E-mails grantees whose monitoring returns are overdue; returns the report's lines.
    `today` (YYYY-MM-DD) is for re-running a missed day; it defaults to today."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return return_reminders_send(today=day, base_url=base_url, repeat_days=repeat_days).lines()
