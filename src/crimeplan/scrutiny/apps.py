from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "crimeplan.scrutiny"
    label = "scrutiny"
    verbose_name = "Custody visiting and scrutiny panels"
