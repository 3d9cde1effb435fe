"""Police forces, their populations and comparison groups; districts and LSOAs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from simple_history.models import HistoricalRecords

from .constants import Country


class Force(models.Model):
    """A territorial police force of England and Wales, known by its police.uk id."""

    police_uk_id = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="As police.uk names it.")
    short_name = models.CharField(max_length=60, help_text="e.g. Gloucestershire")
    home_office_name = models.CharField(
        max_length=60, help_text="As Home Office recorded-crime tables name it."
    )
    ons_code = models.CharField(max_length=9, unique=True, help_text="ONS police force area code")
    country = models.CharField(max_length=10, choices=Country.choices)
    source = models.CharField(max_length=300)
    disabled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ons_code__regex=r"^[EW][0-9]{8}$"), name="force_ons_code_format"
            )
        ]

    def __str__(self) -> str:
        return self.short_name


class ForcePopulation(models.Model):
    """A force area's population for one year, with where the figure came from."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=500)
    entered_by_analyst = models.BooleanField(
        default=False, help_text="Entered in the app or by file, not by load-reference."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["force", "year"]
        constraints = [
            models.UniqueConstraint(fields=["force", "year"], name="one_population_per_force_year"),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="population_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.year}: {self.population:,}"


class ComparisonGroup(models.Model):
    """The forces a force is compared with (its Most Similar Group), as editable data.

    The Home Office does not publish MSG membership with its data, so a group loaded by
    crimeplan is marked illustrative until an analyst replaces it.
    """

    force = models.OneToOneField(Force, on_delete=models.CASCADE, related_name="comparison_group")
    members = models.ManyToManyField(Force, related_name="member_of_groups")
    source = models.TextField()
    as_of = models.DateField()
    illustrative = models.BooleanField(default=True)
    edited_by_analyst = models.BooleanField(default=False)

    history = HistoricalRecords(m2m_fields=[members])

    def __str__(self) -> str:
        return f"Comparison group of {self.force}"


class District(models.Model):
    """A local authority district within a force area, with its Community Safety Partnership."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    name_cy = models.CharField(
        "name in Welsh",
        max_length=100,
        blank=True,
        help_text="ONS's Welsh name (LAD22NMW) for a district in Wales; blank in England",
    )
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="districts")
    boundary = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry, WGS84")
    boundary_source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[EW][0-9]{8}$"), name="district_code_format"
            )
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the page's language: the Welsh name on a Welsh page where one is held,
        otherwise the English. Downloads and the API give `name` (and `name_cy` beside it
        where they name both)."""
        if self.name_cy and (get_language() or "").startswith("cy"):
            return self.name_cy
        return self.name


class Lsoa(models.Model):
    """A 2021 Lower layer Super Output Area: where police.uk locates crimes."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="lsoas")
    population_2021 = models.PositiveIntegerField(help_text="Census 2021 usual residents")

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[EW]01[0-9]{6}$"), name="lsoa_code_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
