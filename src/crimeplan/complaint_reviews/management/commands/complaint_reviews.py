"""`crimeplan complaint-reviews remind`: tells the review officers which acknowledgments and
decisions are due within two working days or overdue (the daily scheduled job), naming each
case's timer at most once a week."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import User
from crimeplan.complaint_reviews import selectors, services
from crimeplan.complaint_reviews.permissions import REVIEWERS
from crimeplan.core.mail import send_courtesy_mail


class Command(BaseCommand):
    help = "Police complaint reviews: remind the review officers of timers due or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("remind", help="E-mail the review officers the timers due soon.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        # At most once a week for each case's timer (selectors.reminders_due).
        due = selectors.reminders_due(today=today)
        # References and dates only: nothing that names the complainant.
        lines = [
            f"{review.reference}: {timer.what.lower()} "
            f"{'overdue since' if timer.overdue else 'due on'} {timer.due_on:%-d %B %Y}"
            for review, timer in due
        ]
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("No complaint review timers due, or all reminded this week.")
            return
        officers = User.objects.filter(
            memberships__role__in=[Role(role) for role in REVIEWERS],
            memberships__ended_at__isnull=True,
            is_active=True,
        ).distinct()
        sent = [
            send_courtesy_mail(
                subject=f"Complaint reviews: {len(lines)} timer(s) due or overdue",
                message="\n".join(lines) + "\n",
                recipient=officer.email,
                what="Complaint review reminders",
            )
            for officer in officers
        ]
        if any(sent):
            services.reminders_record(
                reminded=[(review, timer.what) for review, timer in due], on=today
            )
