"""Inspection reports with their grades, and the one list of recommendations: everything that
says "the force (or a partner) should...", whether the OPCC enters it here (HMICFRS, its own
reviews, domestic homicide review learning) or a module's workflow announces it
(crimeplan.core.findings), with the evidence owners add and the OPCC's closing decision.

Owners' evidence and the OPCC's closing reasons are free text partners and officers write, so
they are declared personal: kept out of the history tables and the audit trail.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crimeplan.accounts.models import Organisation
from crimeplan.core.models import TimeStampedModel
from crimeplan.core.personal import history_excluded
from crimeplan.delivery.models import Action
from crimeplan.delivery.models import Priority as PlanPriority

from .constants import (
    HMICFRS_SOURCES,
    MODULE_SOURCES,
    ClosingDecision,
    Grade,
    InspectionKind,
    Priority,
    Source,
    Status,
)


class Inspection(TimeStampedModel):
    """An inspectorate's report on the force (a PEEL inspection, a thematic one)."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=InspectionKind.choices)
    published_on = models.DateField("date published")
    url = models.URLField("link to the report", blank=True)
    engage_from = models.DateField(
        "in the engage phase from",
        null=True,
        blank=True,
        help_text="HMICFRS's enhanced monitoring of the force, if this inspection put it there.",
    )
    engage_until = models.DateField("left the engage phase on", null=True, blank=True)
    is_fictional = models.BooleanField(
        default=False, help_text="Demonstration content, not a real inspection."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(engage_until__isnull=True)
                | (Q(engage_from__isnull=False) & Q(engage_until__gte=F("engage_from"))),
                name="inspection_engage_ends_after_it_starts",
                violation_error_message="The engage phase must start before it ends",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:inspection_detail", kwargs={"pk": self.pk})

    @property
    def in_engage(self) -> bool:
        return self.engage_from is not None and self.engage_until is None


class InspectionGrade(models.Model):
    """A PEEL grade for one area of policing ("Investigating crime": "Adequate")."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grades")
    area = models.CharField("area of policing", max_length=200)
    grade = models.CharField(max_length=24, choices=Grade.choices)

    class Meta:
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"],
                name="inspection_grade_one_per_area",
                violation_error_message="This inspection already has a grade for this area",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_grade_display()}"


class Recommendation(TimeStampedModel):
    """One thing the force or a partner should do, from whichever source."""

    # The detail may quote a review about people (domestic homicide review learning); the
    # closing reason may say why of a named case. Neither reaches the audit trail or history.
    PERSONAL_FIELDS = frozenset({"detail", "closing_reason"})

    source = models.CharField(max_length=32, choices=Source.choices)
    # The module's own key for an item it announces; blank for one entered here.
    source_key = models.CharField(max_length=100, blank=True, editable=False)
    origin_url = models.CharField("where it comes from", max_length=500, blank=True)
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    title = models.CharField(max_length=300)
    detail = models.TextField(
        blank=True, help_text="What should be done, as the report or review words it."
    )
    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name="owner organisation",
    )
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    closing_decision = models.CharField(max_length=16, choices=ClosingDecision.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_reason = models.TextField(blank=True)
    action = models.ForeignKey(
        Action,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        verbose_name="delivery action that answers it",
    )
    plan_priority = models.ForeignKey(
        PlanPriority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        verbose_name="plan priority",
    )
    is_public = models.BooleanField("published", default=False)
    public_summary = models.TextField(
        blank=True, help_text="What the public page says about it and its progress."
    )

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~Q(source_key=""),
                name="recommendation_one_per_finding",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=Status.CLOSED) & ~Q(closing_decision="") & Q(closed_on__isnull=False)
                )
                | (~Q(status=Status.CLOSED) & Q(closing_decision="") & Q(closed_on__isnull=True)),
                name="recommendation_closed_with_a_decision",
                violation_error_message="A closed recommendation needs a decision and a date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", kwargs={"pk": self.pk})

    @property
    def from_module(self) -> bool:
        return self.source in MODULE_SOURCES

    def is_overdue(self, today: object) -> bool:
        return (
            self.status in (Status.OPEN, Status.IN_PROGRESS)
            and self.due_on is not None
            and self.due_on < today  # type: ignore[operator]
        )

    def clean(self) -> None:
        if self.inspection_id and self.source not in HMICFRS_SOURCES:
            raise ValidationError(
                {"inspection": "Only an inspectorate's recommendation comes from an inspection"}
            )
        if self.is_public and not self.public_summary.strip():
            raise ValidationError(
                {"public_summary": "Enter what the public page says before publishing it"}
            )


class Update(models.Model):
    """An entry in a recommendation's timeline: evidence its owner adds, a change of status,
    the OPCC's decision. Appended, never changed."""

    PERSONAL_FIELDS = frozenset({"evidence"})

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_from = models.CharField(max_length=16, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=16, choices=Status.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation", "-at", "-pk"]

    def __str__(self) -> str:
        return f"Update to {self.recommendation} at {self.at:%-d %B %Y %H:%M}"

    @property
    def changed_status(self) -> bool:
        return bool(self.status_to) and self.status_to != self.status_from
