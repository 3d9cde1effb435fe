"""Quarterly compliance returns and the joint review meeting.

The agencies the OPCC expects returns from (`ReturningAgency`), each agency's return for a
quarter (`ComplianceReturn`, one per agency and quarter: a new upload replaces it) with one
line per right of the Code, the reminders sent for missing returns, and the joint review
meeting with its agreed actions. Free text (a line's note, the meeting's notes, an action's
done note) is declared personal: the forms ask for no names, but people write what they write.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crimeplan.accounts.models import Organisation
from crimeplan.core.models import ArchivableModel, TimeStampedModel
from crimeplan.core.personal import history_excluded
from crimeplan.scrutiny.constants import VictimsRight

from ..constants import NOTE_MAX_LENGTH, period_label

__all__ = [
    "ComplianceReturn",
    "ReturnLine",
    "ReturnReminder",
    "ReturningAgency",
    "ReviewAction",
    "ReviewMeeting",
]

_QUARTER = Q(quarter__gte=1, quarter__lte=4)
_YEAR = Q(year__gte=2000, year__lte=2100)


class ReturningAgency(ArchivableModel):
    """An agency the OPCC expects a quarterly return from (archived when it no longer owes one)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="victims_code_agency"
    )
    since_year = models.PositiveSmallIntegerField(help_text="2025 for 2025/26.")
    since_quarter = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name_plural = "returning agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(since_quarter__gte=1, since_quarter__lte=4),
                name="vc_agency_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(since_year__gte=2000, since_year__lte=2100),
                name="vc_agency_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def owes(self, year: int, quarter: int) -> bool:
        """Whether a return for the quarter is expected from it."""
        return (year, quarter) >= (self.since_year, self.since_quarter)


class ComplianceReturn(TimeStampedModel):
    """One agency's return for one quarter."""

    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="victims_code_returns"
    )
    year = models.PositiveSmallIntegerField(help_text="2025 for 2025/26.")
    quarter = models.PositiveSmallIntegerField(help_text="1 is April to June.")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        max_length=200, help_text='The uploaded file\'s name, or "entered" when typed in.'
    )
    replaced = models.PositiveSmallIntegerField(
        default=0, help_text="How many times an earlier return for the quarter was replaced."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "quarter"], name="vc_one_return"),
            models.CheckConstraint(condition=_QUARTER, name="vc_return_quarter_1_to_4"),
            models.CheckConstraint(condition=_YEAR, name="vc_return_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.period}"

    @property
    def period(self) -> str:
        return period_label(self.year, self.quarter)

    def get_absolute_url(self) -> str:
        return reverse("victims_code:return_detail", kwargs={"pk": self.pk})


class ReturnLine(models.Model):
    """One right in a return: the victims it applied to and those for whom it was complied with."""

    PERSONAL_FIELDS = frozenset({"note"})

    compliance_return = models.ForeignKey(
        ComplianceReturn, on_delete=models.CASCADE, related_name="lines"
    )
    right = models.CharField(max_length=3, choices=VictimsRight.choices)
    eligible = models.PositiveIntegerField(help_text="Victims the right applied to.")
    complied = models.PositiveIntegerField(help_text="Of those, victims it was complied for.")
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["compliance_return", "right"]
        constraints = [
            models.UniqueConstraint(
                fields=["compliance_return", "right"], name="vc_one_line_per_right"
            ),
            models.CheckConstraint(
                condition=Q(complied__lte=F("eligible")), name="vc_complied_within_eligible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compliance_return_id} {self.right}"


class ReturnReminder(models.Model):
    """A reminder e-mailed about an agency's missing return for a quarter."""

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.CheckConstraint(condition=_QUARTER, name="vc_reminder_quarter")]

    def __str__(self) -> str:
        return f"{self.agency_id} {period_label(self.year, self.quarter)} {self.sent_at:%Y-%m-%d}"


class ReviewMeeting(TimeStampedModel):
    """The joint review of a quarter's compliance with the agencies."""

    PERSONAL_FIELDS = frozenset({"notes"})

    year = models.PositiveSmallIntegerField(help_text="2025 for 2025/26.")
    quarter = models.PositiveSmallIntegerField(help_text="1 is April to June.")
    held_on = models.DateField()
    notes = models.TextField(blank=True, help_text="What was discussed. Do not name victims.")

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="vc_one_review_per_quarter"),
            models.CheckConstraint(condition=_QUARTER, name="vc_review_quarter_1_to_4"),
            models.CheckConstraint(condition=_YEAR, name="vc_review_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"Joint review of {self.period}"

    @property
    def period(self) -> str:
        return period_label(self.year, self.quarter)

    def get_absolute_url(self) -> str:
        return reverse("victims_code:meeting_detail", kwargs={"pk": self.pk})


class ReviewAction(TimeStampedModel):
    """An action the joint review agreed, with the organisation that owns it."""

    PERSONAL_FIELDS = frozenset({"done_note"})

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=500)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True, help_text="What was done. Do not name victims.")

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["meeting", "due_on", "pk"]

    def __str__(self) -> str:
        # A label for the audit trail: the reference, not the free text of the action.
        return f"Action {self.pk}, {self.meeting}"
