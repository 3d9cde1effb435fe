"""`crimeplan load-demo`: demonstration organisations, people and each module's demo content."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crimeplan.core.plugins import demo_loaders
from crimeplan.geography.models import Force


class Command(BaseCommand):
    help = "Load demonstration data (idempotent). Refused in production."

    def handle(self, *args: object, **options: object) -> None:
        if settings.CRIMEPLAN_IS_PRODUCTION:
            raise CommandError("load-demo is for demonstration installations, not production.")
        if not Force.objects.filter(police_uk_id=settings.CRIMEPLAN_FORCE).exists():
            raise CommandError(
                "Run `crimeplan load-reference` first: the demo needs the force's districts."
            )
        # Each module's demo, declared on its AppConfig, in INSTALLED_APPS order: accounts
        # first (the organisations and people every other module uses), whose lines (how to
        # sign in) are printed last, where they are seen.
        sign_in: list[str] = []
        for label, load in demo_loaders():
            lines = list(load())
            if label == "accounts":
                sign_in = lines
                continue
            for line in lines:
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration data loaded."))
        self.stdout.write("")
        for line in sign_in:
            self.stdout.write(line)
