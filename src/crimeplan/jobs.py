"""Every scheduled or background job, in one list, so operators can see what runs.

Background jobs use Django's tasks framework with the django-tasks-db backend; run a worker
with `crimeplan db_worker`. Scheduled jobs are commands an operator's scheduler (cron, a
systemd timer) runs; each entry says how often.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    command: str
    schedule: str
    purpose: str


SCHEDULED_JOBS: list[ScheduledJob] = [
    ScheduledJob(
        command="crimeplan clearsessions",
        schedule="daily",
        purpose="Remove expired sign-in sessions.",
    ),
    ScheduledJob(
        command="crimeplan delivery send-reminders",
        schedule="daily",
        purpose="E-mail owners of delivery actions overdue for a progress update.",
    ),
    ScheduledJob(
        command="crimeplan commissioning send-reminders",
        schedule="daily",
        purpose="E-mail grantees whose monitoring returns are overdue (each return at most "
        "once a week).",
    ),
    ScheduledJob(
        command="crimeplan retention apply",
        schedule="daily",
        purpose="Apply the retention schedule (docs/retention.md): delete or anonymise each kind "
        "of personal data kept longer than its period, ASB Case Reviews included; audited by "
        "counts.",
    ),
    ScheduledJob(
        command="crimeplan audit verify --expect-head HASH",
        schedule="daily",
        purpose="Walk the audit trail's hash chain (exit 1 naming the first broken link). Keep "
        "the head hash it prints where the database's owner cannot change it, and pass the last "
        "one kept as HASH (docs/how-to/deploy.md, Database roles).",
    ),
]
