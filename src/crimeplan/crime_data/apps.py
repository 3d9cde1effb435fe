from django.apps import AppConfig


class CrimeDataConfig(AppConfig):
    name = "crimeplan.crime_data"
    label = "crime_data"
    verbose_name = "Crime data"
