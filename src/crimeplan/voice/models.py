"""The perception survey (responses, weights, estimates, charts) and unsafe-place reports."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from crimeplan.geography.models import District

from .constants import (
    AgeBand,
    Gender,
    LocationSource,
    ModerationAction,
    NotReportedReason,
    ReportedToPolice,
    ReportStatus,
    TimeBand,
)


class PopulationCell(models.Model):
    """Population of one district x age band x sex cell, the margins a survey is raked to."""

    year = models.PositiveSmallIntegerField()
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(max_length=20)
    sex = models.CharField(max_length=20)
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "district", "age_band", "sex"], name="voice_one_population_cell"
            ),
            models.CheckConstraint(condition=Q(population__gt=0), name="voice_population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district_id} {self.age_band} {self.sex}"


class Survey(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    synthetic = models.BooleanField(
        default=False, help_text="Generated for demonstration, not answered by real people."
    )
    codebook = models.JSONField()
    source_file = models.CharField(max_length=300)
    population_year = models.PositiveSmallIntegerField()
    min_base = models.PositiveSmallIntegerField(
        default=50, help_text="Estimates on fewer respondents than this are not shown."
    )
    trim_factor = models.FloatField(
        default=5.0, help_text="No weight may exceed this many times its district's median."
    )
    respondents = models.PositiveIntegerField(default=0)
    design_effect = models.FloatField(default=1.0)
    effective_n = models.FloatField(default=0.0)
    efficiency = models.FloatField(default=1.0)
    trimmed = models.PositiveIntegerField(default=0)
    smallest_weight = models.FloatField(default=0.0)
    largest_weight = models.FloatField(default=0.0)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the OPCC published the results on the public survey page.",
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(min_base__gte=2), name="voice_min_base_at_least_2"),
            models.CheckConstraint(
                condition=Q(trim_factor__gt=1), name="voice_trim_factor_above_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=40)
    text = models.TextField()
    positive_label = models.CharField(max_length=200)
    # Whether a rise in the positive share is good news ("feel safe") or bad ("witnessed
    # ASB"): the codebook's `better` ("higher" or "lower").
    higher_is_better = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="voice_one_question_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    row = models.PositiveIntegerField(help_text="Row in the imported file.")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(max_length=20)
    sex = models.CharField(max_length=20)
    answers = models.JSONField(help_text="Question code → answer code, null for no answer.")
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "row"], name="voice_one_response_per_row"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="voice_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} row {self.row}"


class SurveyEstimate(models.Model):
    """One weighted percentage: a question for a district, or the county (district null)."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="estimates")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    base = models.PositiveIntegerField(help_text="Respondents who answered (unweighted).")
    percent = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    standard_error = models.FloatField(null=True, blank=True)
    previous_percent = models.FloatField(null=True, blank=True)
    change_points = models.FloatField(null=True, blank=True)
    change_p_value = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "district"], name="voice_one_estimate_per_district"
            ),
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(district__isnull=True),
                name="voice_one_county_estimate",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(lower__lte=models.F("upper")),
                name="voice_interval_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.district_id or 'county'}"

    @property
    def suppressed(self) -> bool:
        return self.percent is None

    @property
    def change_significant(self) -> bool:
        return self.change_p_value is not None and self.change_p_value < 0.05


class SurveyChart(models.Model):
    """A chart drawn once when the estimates change: SVG with its summary in words."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="charts")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    svg = models.TextField()
    summary = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "district"], name="voice_one_chart"),
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(district__isnull=True),
                name="voice_one_county_chart",
            ),
        ]

    def __str__(self) -> str:
        return f"chart {self.question_id} {self.district_id or 'county'}"


# Consonants and digits that cannot be mistaken for one another, and spell no word.
REFERENCE_ALPHABET = "23456789BCDFGHJKLMNPQRSTVWXZ"


def new_report_reference() -> str:
    """A random reference such as 7KQ2-MZ9D-4TXB (12 characters from 28: about 57 bits), so
    that neither a reference nor its order says how many reports came before or when."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return "-".join(characters[i : i + 4] for i in range(0, 12, 4))


class UnsafePlaceReport(models.Model):
    """An anonymous report. It holds no IP address, user agent, account or submission time:
    the place is the centre of a grid cell and the only date is the one the reporter gave.
    Pages, messages and the audit trail name it by its random `reference`, never its key."""

    # Free text may hold what the redaction missed, and age and gender with a place and a
    # date could point to one person: the audit trail never copies them.
    PERSONAL_FIELDS = frozenset({"place_description", "age_band", "gender"})

    reference = models.CharField(
        max_length=14, unique=True, default=new_report_reference, editable=False
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    location_source = models.CharField(max_length=10, choices=LocationSource.choices)
    grid_cell = models.CharField(
        max_length=20, blank=True, help_text="H3 cell the place was snapped to (blank if none)."
    )
    latitude = models.FloatField(null=True, blank=True, help_text="Centre of the grid cell.")
    longitude = models.FloatField(null=True, blank=True, help_text="Centre of the grid cell.")
    place_description = models.TextField(blank=True)
    incident_date = models.DateField()
    time_band = models.CharField(max_length=10, choices=TimeBand.choices)
    what_happened = models.JSONField(default=list)
    place_reasons = models.JSONField(default=list, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    reported_to_police = models.CharField(max_length=3, choices=ReportedToPolice.choices)
    not_reported_reason = models.CharField(
        max_length=20, choices=NotReportedReason.choices, blank=True
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    fictional = models.BooleanField(default=False, help_text="Made up by `crimeplan load-demo`.")

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grid_cell="", latitude__isnull=True, longitude__isnull=True)
                | (~Q(grid_cell="") & Q(latitude__isnull=False, longitude__isnull=False)),
                name="voice_cell_and_centre_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.reference}"


class ModerationEvent(models.Model):
    """Append-only log of what happened to a report, written by the service that did it."""

    report = models.ForeignKey(UnsafePlaceReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=ModerationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"


class AnnouncedFinding(models.Model):
    """A finding this module told the recommendations tracker of (crimeplan.core.findings): a
    published hotspot cell, or a survey estimate that changed significantly for the worse. It is
    kept so that a finding that stops being one (a cell that is no longer a hotspot) is
    withdrawn, not forgotten. It holds no report: only the cell, or the survey's question and
    area, and the dates it began and ended."""

    class Kind(models.TextChoices):
        HOTSPOT = "hotspot", "Unsafe-place hotspot"
        SURVEY = "survey", "Survey finding"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="voice_one_finding_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class FollowUp(models.Model):
    """An e-mail address a reporter gave, to hear once when their area's finding is answered
    ("you said, we did"). Kept apart from the report: the report holds no mark that an address
    was given, and this row holds no key, reference or time that ties it to the report. Its key
    is random; its only date is the month it was given (for the retention schedule); its area
    is the cell at the county's resolution (about 0.7 km², coarser than the report's) or,
    without a point on the map, the district. It is read only by the job that sends the
    message, which deletes it; otherwise the retention job deletes it."""

    PERSONAL_FIELDS = frozenset({"email"})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    cell = models.CharField(max_length=20, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)
    given_in = models.DateField(help_text="The first day of the month the address was given.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(cell="") | Q(district__isnull=False),
                name="voice_follow_up_has_an_area",
            ),
        ]

    def __str__(self) -> str:
        return "A follow-up address"
