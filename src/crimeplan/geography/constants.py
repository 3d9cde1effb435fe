from django.db import models


class Country(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
