from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "crimeplan.performance"
    verbose_name = "Performance framework"
