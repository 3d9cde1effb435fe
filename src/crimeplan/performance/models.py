"""Frameworks (versioned TOML), timeline annotations, commentary, published snapshots, printed
tables loaded as published, and the rendered-chart store."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from crimeplan.core.models import TimeStampedModel
from crimeplan.geography.models import Force


class AnnotationKind(models.TextChoices):
    INTERVENTION = "intervention", "Intervention"
    RECORDING_CHANGE = "recording_change", "Change in recording practice"
    OTHER = "other", "Other event"


class Framework(models.Model):
    """A plan's performance framework; its definition is the latest of its versions."""

    slug = models.SlugField(max_length=80, unique=True)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class FrameworkVersion(models.Model):
    """One saved definition (the TOML text as given); never changed once saved."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    toml = models.TextField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.framework.slug} v{self.number}"


class Annotation(models.Model):
    """An event marked on a measure's timeline; a rebase starts new SPC limits there."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="annotations")
    measure_id = models.SlugField(max_length=80)
    month = models.DateField(help_text="First day of the month")
    kind = models.CharField(max_length=20, choices=AnnotationKind.choices)
    text = models.CharField(max_length=300)
    rebase = models.BooleanField(
        default=False, help_text="Start new process limits from this month"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "month"]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.month:%Y-%m}: {self.text}"


class Commentary(models.Model):
    """The analyst's comment on a measure; figures are placeholders bound to the table."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="commentary")
    measure_id = models.SlugField(max_length=80)
    text = models.TextField()
    # The same comment in Welsh, for the Welsh copy of a published report (where Welsh is
    # offered); its placeholders are the same.
    text_cy = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "measure_id"], name="one_comment_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"Comment on {self.measure_id}"


class Snapshot(models.Model):
    """A published report: immutable, numbered per framework, dated."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveIntegerField()
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # outputs.to_json() of the table, with each measure's rendered comment and chart key.
    document = models.JSONField()
    # What the report says, in Welsh, where the site offered Welsh when it was published
    # (`performance.welsh.welsh_document`): the same figures, its words in Welsh.
    document_cy = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_snapshot_number")
        ]

    def __str__(self) -> str:
        return f"{self.framework.slug} report {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A published snapshot cannot be changed: publish a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A published snapshot cannot be deleted.")


class SnapshotFile(models.Model):
    """A snapshot's download (CSV, XLSX, ODS, PDF), made once when it was published."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=8)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "format"], name="one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} .{self.format}"


class PrintedTable(TimeStampedModel):
    """A performance table printed in an earlier publication, loaded from its CSV
    (`crimeplan delivery load-snapshot`) for a plan update that names no framework.

    `rows` keep each figure as the text it was published as (as `printed.read_printed_table`
    reads them), so a report prints exactly those figures.
    """

    title = models.CharField(max_length=300)
    source = models.CharField(max_length=500)
    baseline_label = models.CharField(max_length=100)
    current_label = models.CharField(max_length=100)
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return self.title


class Chart(models.Model):
    """A chart rendered to accessible SVG, stored under the hash of what it shows, so it is
    rendered once when its data changes and never per request."""

    key = models.CharField(max_length=64, unique=True)
    svg = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class AsbAreaKind(models.TextChoices):
    FORCE = "force", "Force"
    MSG = "msg", "Most Similar Group"
    REGION = "region", "Region"
    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"


class AsbYearFigure(models.Model):
    """One area's police-recorded ASB incidents in one year ending March, as loaded from the
    ONS table by police force area (performance/longrun/), with the file it came from."""

    area_kind = models.CharField(max_length=20, choices=AsbAreaKind.choices)
    # force and msg: the force's police.uk id; region and England and Wales: the ONS code.
    area_code = models.CharField(max_length=64)
    area_label = models.CharField(max_length=100)
    year_ending_march = models.PositiveSmallIntegerField()
    incidents = models.PositiveIntegerField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    rate_per_1000 = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    rate_source = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=500)
    source_file = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area_kind", "area_code", "year_ending_march"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_kind", "area_code", "year_ending_march"],
                name="one_asb_figure_per_area_year",
            ),
            models.CheckConstraint(
                condition=models.Q(incidents__isnull=False) | models.Q(rate_per_1000__isnull=False),
                name="asb_figure_has_incidents_or_rate",
            ),
            models.CheckConstraint(
                condition=models.Q(year_ending_march__gte=2000)
                & models.Q(year_ending_march__lte=2100),
                name="asb_figure_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(rate_per_1000__isnull=True) | models.Q(rate_per_1000__gte=0),
                name="asb_figure_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(population__isnull=True) | models.Q(population__gt=0),
                name="asb_figure_population_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_label} year ending March {self.year_ending_march}"
