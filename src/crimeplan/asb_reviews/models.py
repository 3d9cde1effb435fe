"""ASB Case Review cases: the application, its incidents, the bodies invited, the panel's
recommendations, escalations, and the append-only event log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crimeplan.core import languages
from crimeplan.core.models import TimeStampedModel
from crimeplan.core.personal import history_excluded

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

    # Who applied and for whom, how to reach them, and every free text about the people and
    # the behaviour (the threshold's explanation quotes locations). Anonymised when the
    # retention period ends; never copied into the audit trail or the history.
    PERSONAL_FIELDS = frozenset(
        {
            "applicant_name",
            "applicant_email",
            "applicant_phone",
            "applicant_address",
            "victim_name",
            "applicant_key",
            "location",
            "description",
            "impact",
            "outcome_sought",
            "threshold_explanation",
            "threshold_explanation_for_applicant",
            "threshold_override_reason",
            "findings",
            "victim_support",
            "perpetrator_support",
        }
    )

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
    # The language every letter and e-mail to the applicant is written in (the Welsh Language
    # Standards): asked on the form where the site offers Welsh.
    correspondence_language = models.CharField(
        max_length=8, choices=list(languages.NAMES.items()), default=languages.ENGLISH
    )
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
    # The same explanation in the applicant's language, for their letter, where it is not
    # English (staff read the English one).
    threshold_explanation_for_applicant = models.TextField(blank=True, editable=False)
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

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

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

    PERSONAL_FIELDS = frozenset({"agency_reference", "location", "reported_by"})

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

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

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
    """The case's append-only log, written by the service that makes each change.

    `text` is written by the service from what is not personal (a status, an organisation's
    name), so it is kept as long as the case's figures. What a co-ordinator types goes in
    `note`, which is personal and is the one thing anonymising the case clears."""

    PERSONAL_FIELDS = frozenset({"note"})

    case = models.ForeignKey(CaseReview, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)

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

    PERSONAL_FIELDS = frozenset({"account"})

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="bodies")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_on = models.DateField()
    account = models.TextField(blank=True, help_text="What this body had done.")
    account_recorded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="asb_body_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"


class Recommendation(TimeStampedModel):
    """What the panel asked a body to do; its text is about the people in the case."""

    PERSONAL_FIELDS = frozenset({"text", "completion_note"})

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Recommendation {self.pk} on {self.case}"


class Escalation(TimeStampedModel):
    """An applicant unhappy with how the case was handled, reviewed by the OPCC."""

    PERSONAL_FIELDS = frozenset({"grounds", "outcome"})

    case = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="escalations")
    received_on = models.DateField()
    grounds = models.TextField()
    outcome = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

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
