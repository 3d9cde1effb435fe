from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crimeplan.core"
    label = "core"
    verbose_name = "Core"
