"""Police complaint reviews: the complainant's application, the validity check, the review
officer's conflict declaration and decision, recommendations to the force, and the
append-only event log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crimeplan.core import languages
from crimeplan.core.models import TimeStampedModel
from crimeplan.core.personal import history_excluded

from .constants import Channel, EventKind, Finding, Status


class ComplaintReview(TimeStampedModel):
    """One application for a review of the force's handling of a complaint."""

    # The complainant, how to reach them, the force's reference (which the force can link to
    # them) and every free text about their complaint: never copied into the audit trail or
    # the history.
    PERSONAL_FIELDS = frozenset(
        {
            "complainant_name",
            "force_reference",
            "outcome_reviewed",
            "complainant_email",
            "complainant_phone",
            "complainant_address",
            "grounds",
            "late_reason",
            "validity_reasons",
            "validity_reasons_for_applicant",
            "decision_reasons",
        }
    )

    reference = models.CharField(max_length=20, blank=True, editable=False)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_on = models.DateField("date received")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)

    complainant_name = models.CharField("full name", max_length=200)
    complainant_email = models.EmailField("e-mail address", blank=True)
    complainant_phone = models.CharField("phone number", max_length=40, blank=True)
    complainant_address = models.TextField("postal address", blank=True)
    # The language every letter and e-mail to the complainant is written in (the Welsh
    # Language Standards): asked on the form where the site offers Welsh.
    correspondence_language = models.CharField(
        max_length=8, choices=list(languages.NAMES.items()), default=languages.ENGLISH
    )

    force_reference = models.CharField("the force's complaint reference", max_length=60)
    outcome_reviewed = models.TextField("the outcome you want reviewed")
    outcome_letter_on = models.DateField("date of the outcome letter")
    grounds = models.TextField("why you think the outcome was not reasonable and proportionate")
    late_reason = models.TextField(
        "why the application is late", blank=True, help_text="Only if more than 28 days late."
    )

    in_time = models.BooleanField(null=True, blank=True, editable=False)
    reviewable = models.BooleanField("this body is the relevant review body", null=True, blank=True)
    already_reviewed = models.BooleanField(null=True, blank=True)
    late_accepted = models.BooleanField(null=True, blank=True)
    valid = models.BooleanField(null=True, blank=True)
    validity_reasons = models.TextField(blank=True)
    # The same reasons in the complainant's language, for their letter, where it is not
    # English (staff read the English ones).
    validity_reasons_for_applicant = models.TextField(blank=True)
    validity_decided_on = models.DateField(null=True, blank=True)

    acknowledged_on = models.DateField(null=True, blank=True)
    file_requested_on = models.DateField(null=True, blank=True)
    file_received_on = models.DateField(null=True, blank=True)

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflict_declared_on = models.DateField(null=True, blank=True)
    has_conflict = models.BooleanField(null=True, blank=True)

    decided_on = models.DateField(null=True, blank=True)
    finding = models.CharField(max_length=20, choices=Finding.choices, blank=True)
    decision_reasons = models.TextField(blank=True)

    # Set when the retention schedule removes the personal fields (services.review_anonymise).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="complaint_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=F("outcome_letter_on")),
                name="complaint_received_after_outcome_letter",
                violation_error_message="The application cannot come before the outcome letter",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True)
                | Q(acknowledged_on__gte=F("received_on")),
                name="complaint_acknowledged_after_received",
            ),
            models.CheckConstraint(
                condition=Q(validity_decided_on__isnull=True)
                | Q(validity_decided_on__gte=F("received_on")),
                name="complaint_validity_after_received",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                name="complaint_decided_after_received",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(conflict_declared_on__isnull=False),
                name="complaint_conflict_declared_before_decision",
            ),
            models.CheckConstraint(
                condition=Q(late_accepted__isnull=True)
                | Q(late_accepted=False)
                | ~Q(validity_reasons=""),
                name="complaint_late_acceptance_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Complaint review {self.pk}"

    @property
    def upheld(self) -> bool:
        """Upheld: the outcome was found not reasonable and proportionate."""
        return self.finding == Finding.NOT_REASONABLE


class Recommendation(TimeStampedModel):
    """What the review officer recommends the force does, and whether it accepted and acted.
    Its text is written about the complainant's case: personal, never in the audit trail or the
    history, and erased when the review is anonymised."""

    PERSONAL_FIELDS = frozenset({"text"})

    review = models.ForeignKey(
        ComplaintReview, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField("recommendation")
    accepted = models.BooleanField("the force accepted it", null=True, blank=True)
    responded_on = models.DateField("date the force replied", null=True, blank=True)
    acted_on = models.DateField("date the force acted on it", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted__isnull=True) | Q(responded_on__isnull=False),
                name="complaint_recommendation_reply_dated",
                violation_error_message="Enter the date the force replied",
            ),
            models.CheckConstraint(
                condition=Q(acted_on__isnull=True) | Q(accepted=True),
                name="complaint_recommendation_acted_only_if_accepted",
                violation_error_message="Only an accepted recommendation can be acted on",
            ),
            models.CheckConstraint(
                condition=Q(acted_on__isnull=True) | Q(acted_on__gte=F("responded_on")),
                name="complaint_recommendation_acted_after_reply",
                violation_error_message="The force cannot act on it before it replied",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.pk} on {self.review}"


class ReviewEvent(models.Model):
    """The case's append-only log; `text` is written by the service and is never personal."""

    review = models.ForeignKey(ComplaintReview, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_kind_display()}"


class Reminder(models.Model):
    """When the review officers were last e-mailed about one of a case's timers (the
    acknowledgment or the decision), so the daily reminder names it at most once a week."""

    review = models.ForeignKey(ComplaintReview, on_delete=models.CASCADE, related_name="+")
    timer = models.CharField(max_length=20)
    sent_on = models.DateField()

    class Meta:
        ordering = ["review", "timer"]
        constraints = [
            models.UniqueConstraint(fields=["review", "timer"], name="complaint_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.timer} reminded on {self.sent_on}"
