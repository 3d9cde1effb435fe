from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "crimeplan.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
