from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crimeplan.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import ratelimit  # noqa: F401 (registers the check on the rate-limit cache)
