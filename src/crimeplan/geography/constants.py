from pathlib import Path

from django.db import models

# The reference data shipped with the app (forces, populations, districts, LSOAs).
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
FORCES_FILE = REFERENCE_DIR / "forces.csv"


class Country(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
