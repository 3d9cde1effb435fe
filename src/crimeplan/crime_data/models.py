"""Imports and the summary tables dashboards read (the rows themselves live in Parquet)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from crimeplan.geography.models import District, Force

from .constants import AreaKind, DatasetKind, ImportKind, ImportStatus


class ImportRun(models.Model):
    """One import: who, when, which files (with checksums), how many rows, what it covered."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    skip_bad_rows = models.BooleanField(default=False)
    # [{"name", "sha256", "bytes", "kind", "rows_read", "rows_loaded", "rows_rejected"}]
    files = models.JSONField(default=list)
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_loaded = models.PositiveBigIntegerField(default=0)
    rows_rejected = models.PositiveBigIntegerField(default=0)
    rows_expected = models.PositiveBigIntegerField(default=0, help_text="For progress; an estimate")
    months = models.JSONField(default=list)
    forces = models.JSONField(default=list)
    message = models.TextField(blank=True)
    rejected_rows_file = models.CharField(max_length=500, blank=True)
    # For uploads run in the background: the saved files and the options the import takes.
    source_paths = models.JSONField(default=list)
    options = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.rows_expected:
            return 0
        return min(99, int(100 * self.rows_read / self.rows_expected))


class Slice(models.Model):
    """A (force, month, kind) slice of police.uk data held in Parquet, and its data quality."""

    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="slices")
    month = models.DateField(help_text="First day of the month")
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="slices")
    rows = models.PositiveIntegerField()
    rows_without_location = models.PositiveIntegerField(default=0)
    rows_without_lsoa = models.PositiveIntegerField(default=0)
    # None when the force's LSOAs are not loaded, so the check could not be made.
    rows_lsoa_outside_area = models.PositiveIntegerField(null=True, blank=True)
    duplicate_crime_ids = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rejected_by_reason = models.JSONField(default=dict)

    class Meta:
        ordering = ["force", "kind", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "force", "month"], name="one_slice_per_kind_force_month"
            ),
            models.CheckConstraint(
                condition=Q(rows_without_lsoa__lte=models.F("rows")),
                name="slice_rows_without_lsoa_within_rows",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.month:%Y-%m} {self.kind}"


class CrimeCount(models.Model):
    """Monthly street-level counts by force by district by crime type.

    Whether the rows had an LSOA is kept (`has_lsoa`), so that a district breakdown names
    the crimes without one, and those placed in an LSOA outside the force's own. Counts by
    LSOA are read from the imported rows themselves (DuckDB over the slices' Parquet, see
    `selectors.crime_summary`): nationally they are a quarter as many rows as the crimes,
    bulk data rather than a summary.

    Written in bulk by imports: only the index its readers use is kept (force, kind, month),
    since every other index slows the import's inserts.
    """

    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField()
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    has_lsoa = models.BooleanField(help_text="The rows counted here gave an LSOA code.")
    crime_type = models.CharField(max_length=60)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["force", "kind", "month"])]

    def __str__(self) -> str:
        return (
            f"{self.force_id} {self.month:%Y-%m} {self.crime_type} {self.district_id}: {self.count}"
        )


class OutcomeCount(models.Model):
    """Outcomes by crime type: street files' last outcome, and outcomes files' outcomes."""

    kind = models.CharField(max_length=20, choices=DatasetKind.choices)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField()
    crime_type = models.CharField(max_length=60, blank=True, help_text="Blank where not known")
    outcome = models.CharField(
        max_length=120, blank=True, help_text="Blank: no outcome given (e.g. ASB)"
    )
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["force", "kind", "month"])]

    def __str__(self) -> str:
        return f"{self.force_id} {self.month:%Y-%m} {self.crime_type} {self.outcome}: {self.count}"


class StopSearchCount(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    search_type = models.CharField(max_length=40)
    object_of_search = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=120, blank=True)
    self_defined_ethnicity = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["force", "month"])]

    def __str__(self) -> str:
        return f"{self.force_id} {self.month:%Y-%m} {self.search_type}: {self.count}"


class RecordedCrime(models.Model):
    """Home Office police recorded crime: force by financial-year quarter by offence code."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7, help_text="e.g. 2017/18")
    quarter = models.PositiveSmallIntegerField()
    offence_code = models.CharField(max_length=20)
    offence_description = models.CharField(max_length=300)
    offence_group = models.CharField(max_length=200, blank=True)
    offence_subgroup = models.CharField(max_length=200, blank=True)
    # Net of later reclassifications and cancellations, so a quarter can be negative (the
    # 2017/18 table has 36 such rows; its published totals include them).
    count = models.IntegerField()
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["force", "financial_year", "quarter", "offence_code"],
                name="one_recorded_crime_row_per_key",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.financial_year} Q{self.quarter}"
        return f"{self.force_id} {period} {self.offence_code}: {self.count}"


class OffenceMeasure(models.Model):
    """A measure made from Home Office offence codes (homicide, stalking and harassment...).

    Editable by analysts; switched off, not deleted.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    offence_codes = models.JSONField(default=list, help_text="Home Office offence codes summed")
    source = models.TextField(blank=True)
    disabled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AggregateValue(models.Model):
    """A figure from the aggregated-data template: a measure for an area over a period."""

    measure = models.SlugField(max_length=80)
    area_kind = models.CharField(max_length=10, choices=AreaKind.choices)
    area_code = models.CharField(max_length=64, help_text="force id, district code, or msg")
    force = models.ForeignKey(
        Force,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The force the area belongs to (for msg: the force whose group)",
    )
    period_start = models.DateField()
    period_end = models.DateField(help_text="First day of the last month")
    value = models.DecimalField(max_digits=18, decimal_places=6)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area_kind", "area_code", "period_start", "period_end"],
                name="one_aggregate_per_measure_area_period",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="aggregate_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.area_code} {self.period_start:%Y-%m}..{self.period_end:%Y-%m}"


class AreaPopulation(models.Model):
    """Populations from the population template for districts and comparison groups.

    Force populations go to geography.ForcePopulation.
    """

    area_kind = models.CharField(max_length=10, choices=AreaKind.choices)
    area_code = models.CharField(max_length=64)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=500)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_kind", "area_code", "year"], name="one_area_population_per_year"
            ),
            models.CheckConstraint(condition=Q(population__gt=0), name="area_population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.year}: {self.population}"
