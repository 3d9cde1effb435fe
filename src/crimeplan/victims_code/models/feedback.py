"""Victims' feedback surveys: one per quarter, its anonymous coded responses and its estimates.

No model declares PERSONAL_FIELDS because none holds anything identifying: a response is the
victim's group (an offence group or an agency) and their coded answers; names, identifiers and
free text in the imported file are never read (`victims_code.feedback`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["FeedbackEstimate", "FeedbackResponse", "FeedbackSurvey"]


class FeedbackSurvey(models.Model):
    """One quarter's survey of victims, as imported (a re-import replaces it)."""

    year = models.PositiveSmallIntegerField(
        help_text="The financial year's first year: 2025 for 2025/26."
    )
    quarter = models.PositiveSmallIntegerField(help_text="1 is April to June.")
    title = models.CharField(max_length=200)
    synthetic = models.BooleanField(
        default=False, help_text="Generated for demonstration, not answered by real victims."
    )
    codebook = models.JSONField()
    source_file = models.CharField(max_length=300)
    population = models.JSONField(
        default=dict, blank=True, help_text="The quarter's victims by group, if given."
    )
    min_per_group = models.PositiveSmallIntegerField(
        help_text="Weighted only if every group has at least this many respondents."
    )
    min_base = models.PositiveSmallIntegerField(
        help_text="Estimates on fewer respondents than this are not shown."
    )
    respondents = models.PositiveIntegerField()
    weighted = models.BooleanField()
    weighting_reason = models.CharField(max_length=500)
    design_effect = models.FloatField()
    effective_n = models.FloatField()
    published = models.BooleanField(
        default=False, help_text="Whether the estimates (above the minimum base) are public."
    )
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="vc_one_feedback_survey"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="vc_feedback_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="vc_feedback_year_in_range"
            ),
            models.CheckConstraint(condition=Q(min_base__gte=2), name="vc_feedback_min_base_2"),
            models.CheckConstraint(condition=Q(design_effect__gte=1), name="vc_feedback_deff_1"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.quarter}"


class FeedbackResponse(models.Model):
    survey = models.ForeignKey(FeedbackSurvey, on_delete=models.CASCADE, related_name="responses")
    line = models.PositiveIntegerField(help_text="Line (or row) in the imported file.")
    group = models.CharField(max_length=100)
    answers = models.JSONField(help_text="Question code → answer code, null for no answer.")
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "line"], name="vc_one_feedback_per_line"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="vc_feedback_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} line {self.line}"


class FeedbackEstimate(models.Model):
    """The share giving a positive answer to one question, for everyone (group "") or a group."""

    survey = models.ForeignKey(FeedbackSurvey, on_delete=models.CASCADE, related_name="estimates")
    question = models.CharField(max_length=40)
    text = models.TextField()
    positive_label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=100, blank=True)
    base = models.PositiveIntegerField(help_text="Respondents who answered (unweighted).")
    share = models.FloatField(null=True, blank=True, help_text="0 to 1; empty if suppressed.")
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    standard_error = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "order", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "group"], name="vc_one_feedback_estimate"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gte=0, share__lte=1),
                name="vc_feedback_share_0_to_1",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True)
                | Q(low__lte=models.F("share"), high__gte=models.F("share")),
                name="vc_feedback_interval_holds_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.question} {self.group or 'all'}"

    @property
    def suppressed(self) -> bool:
        return self.share is None
