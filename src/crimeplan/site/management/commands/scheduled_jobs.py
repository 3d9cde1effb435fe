"""`crimeplan scheduled-jobs`: every command an operator's scheduler should run, and how often,
from every installed module's declaration."""

from typing import Any

from django.core.management.base import BaseCommand

from crimeplan.jobs import scheduled_jobs


class Command(BaseCommand):
    help = "List the commands to run from cron or a systemd timer, with how often and why."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in scheduled_jobs():
            self.stdout.write(f"{job.schedule:<8} {job.command}")
            self.stdout.write(f"         {job.purpose}")
