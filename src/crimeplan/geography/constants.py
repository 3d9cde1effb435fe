from pathlib import Path

from django.db import models
from django.utils.translation import gettext_noop

# The reference data shipped with the app (forces, populations, districts, LSOAs).
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
FORCES_FILE = REFERENCE_DIR / "forces.csv"


class Country(models.TextChoices):
    # Marked for makemessages only: the public pages translate them when shown.
    ENGLAND = "england", gettext_noop("England")
    WALES = "wales", gettext_noop("Wales")
