"""`crimeplan load-demo`: demonstration organisations, people and each module's demo content."""

import importlib
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crimeplan.accounts import demo as accounts_demo
from crimeplan.geography.models import Force


def module_loaders() -> list[tuple[str, Callable[[], Iterable[str]]]]:
    """Each crimeplan app's `demo.load()` (after accounts, in INSTALLED_APPS order): it loads
    that module's demonstration content idempotently and returns lines to print."""
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("crimeplan.") or config.label == "accounts":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        loaders.append((config.label, module.load))
    return loaders


class Command(BaseCommand):
    help = "Load demonstration data (idempotent). Refused in production."

    def handle(self, *args: object, **options: object) -> None:
        if settings.CRIMEPLAN_IS_PRODUCTION:
            raise CommandError("load-demo is for demonstration installations, not production.")
        if not Force.objects.filter(police_uk_id=settings.CRIMEPLAN_FORCE).exists():
            raise CommandError(
                "Run `crimeplan load-reference` first: the demo needs the force's districts."
            )
        people = accounts_demo.load()
        for _label, load in module_loaders():
            for line in load():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration data loaded."))
        self.stdout.write("")
        self.stdout.write(
            f"Sign in at {settings.CRIMEPLAN_BASE_URL}/accounts/login/ as one of "
            "(e-mail, password, role):"
        )
        for person, creds in people:
            self.stdout.write(f"  {person.email:<28} {creds['password']:<18} {person.role.label}")
        self.stdout.write("")
        self.stdout.write(
            "Staff sign in with an authenticator code too. Either add the account's secret (in"
        )
        self.stdout.write(
            "var/demo-credentials.json) to an authenticator app, or print the current code with:"
        )
        self.stdout.write("  .venv/bin/crimeplan demo-totp admin@opcc.example")
