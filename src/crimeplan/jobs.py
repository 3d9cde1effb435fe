"""Every scheduled job, from every module's declaration, so operators can see what runs.

Background jobs use Django's tasks framework with the django-tasks-db backend; run a worker
with `crimeplan db_worker`. Scheduled jobs are commands an operator's scheduler (cron, a
systemd timer) runs; each module declares its own on its AppConfig (crimeplan.core.plugins) and
`crimeplan scheduled-jobs` prints them all with how often each runs.
"""

from crimeplan.core.plugins import ScheduledJob, scheduled_jobs

__all__ = ["ScheduledJob", "scheduled_jobs"]
