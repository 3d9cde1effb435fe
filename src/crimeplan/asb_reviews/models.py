"""ASB Case Review cases: the application, its incidents, the bodies invited, the panel's
recommendations, escalations, and the append-only event log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crimeplan.core.models import TimeStampedModel

from .constants import (
    Agency,
    ApplicantRelationship,
    Channel,
    ContactPreference,
    EventKind,
    Status,
    VictimKind,
)


class CaseReview(TimeStampedModel):
    """One application for an ASB Case Review, from receipt to closing."""

    reference = models.CharField(max_length=20, blank=True, editable=False)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_on = models.DateField()
    district = models.ForeignKey(
        "geography.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.RECEIVED)

    # The applicant and the victim: only what the review needs to contact them and act.
    applicant_relationship = models.CharField(max_length=20, choices=ApplicantRelationship.choices)
    victim_kind = models.CharField(max_length=20, choices=VictimKind.choices)
    applicant_name = models.CharField(max_length=200)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=40, blank=True)
    applicant_address = models.TextField(blank=True)
    contact_preference = models.CharField(max_length=10, choices=ContactPreference.choices)
    victim_name = models.CharField(
        max_length=200, blank=True, help_text="When applying for someone else."
    )
    victim_consent = models.BooleanField(default=False)
    consent_to_share = models.BooleanField()
    # A keyed hash of the applicant's e-mail or phone, to count repeat applicants without
    # comparing contact details; cleared when the case is anonymised.
    applicant_key = models.CharField(max_length=64, blank=True, editable=False)

    location = models.CharField(max_length=300)
    description = models.TextField()
    hate_motivated = models.BooleanField(default=False)
    impact = models.TextField()
    outcome_sought = models.TextField()
    ongoing = models.BooleanField(default=True)

    threshold_computed_met = models.BooleanField(null=True, blank=True, editable=False)
    threshold_explanation = models.TextField(blank=True, editable=False)
    threshold_met = models.BooleanField(null=True, blank=True)
    threshold_override_reason = models.TextField(blank=True)
    threshold_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    acknowledged_on = models.DateField(null=True, blank=True)
    threshold_decided_on = models.DateField(null=True, blank=True)
    review_scheduled_for = models.DateField(null=True, blank=True)
    review_held_on = models.DateField(null=True, blank=True)
    outcome_sent_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    victim_invited = models.BooleanField(default=False)
    victim_attended = models.BooleanField(null=True, blank=True)
    findings = models.TextField(blank=True)
    victim_support = models.TextField(blank=True, help_text="Support offered to the victim.")
    perpetrator_support = models.TextField(
        blank=True, help_text="Support offered to the perpetrator."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            # Set from the primary key in the transaction that creates the case.
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="asb_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True)
                | Q(acknowledged_on__gte=F("received_on")),
                name="asb_acknowledged_after_received",
            ),
            models.CheckConstraint(
                condition=Q(threshold_decided_on__isnull=True)
                | Q(threshold_decided_on__gte=F("received_on")),
                name="asb_threshold_after_received",
            ),
            models.CheckConstraint(
                condition=Q(review_held_on__isnull=True)
                | Q(review_held_on__gte=F("threshold_decided_on")),
                name="asb_review_after_threshold",
            ),
            models.CheckConstraint(
                condition=Q(outcome_sent_on__isnull=True)
                | Q(outcome_sent_on__gte=F("review_held_on")),
                name="asb_outcome_after_review",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="asb_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(threshold_met__isnull=True)
                | Q(threshold_met=F("threshold_computed_met"))
                | ~Q(threshold_override_reason=""),
                name="asb_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"ASB case {self.pk}"


class Incident(models.Model):
    """One incident the applicant reported: when it happened, when and to whom reported."""

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField()
    reported_on = models.DateField()
    reported_to = models.CharField(max_length=20, choices=Agency.choices)
    agency_reference = models.CharField(max_length=60, blank=True)
    hate_motivated = models.BooleanField(default=False)
    location = models.CharField(max_length=300, blank=True)
    reported_by = models.CharField(
        max_length=200, blank=True, help_text="Who complained, if not the applicant."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_on__gte=F("occurred_on")),
                name="asb_incident_reported_after_it_happened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d %b %Y} → {self.get_reported_to_display()}"


class CaseEvent(models.Model):
    """The case's append-only log, written by the service that makes each change."""

    case = models.ForeignKey(CaseReview, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Case events are append-only")


class InvitedBody(TimeStampedModel):
    """A relevant body (council, police, housing provider, health...) invited to the review,
    with its account of what it had done."""

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="bodies")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_on = models.DateField()
    account = models.TextField(blank=True, help_text="What this body had done.")
    account_recorded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="asb_body_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"


class Recommendation(TimeStampedModel):
    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.text[:60]}"


class Escalation(TimeStampedModel):
    """An applicant unhappy with how the case was handled, reviewed by the OPCC."""

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="escalations")
    received_on = models.DateField()
    grounds = models.TextField()
    outcome = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(reviewed_on__gte=F("received_on")),
                name="asb_escalation_reviewed_after_received",
            )
        ]

    def __str__(self) -> str:
        return f"Escalation of {self.case} ({self.received_on})"
