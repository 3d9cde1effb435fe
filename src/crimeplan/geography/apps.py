from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "crimeplan.geography"
    label = "geography"
    verbose_name = "Geography"
