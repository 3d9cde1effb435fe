"""Volunteers, their visits and reports, the issues raised, and the scrutiny panels."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from crimeplan.core.models import ArchivableModel, TimeStampedModel
from crimeplan.core.personal import history_excluded

from .constants import (
    ActionStatus,
    CaseOutcome,
    Compliance,
    IssueCategory,
    IssueStatus,
    PanelKind,
    ReportKind,
    Scheme,
    SiteKind,
    TimeOfDay,
    VictimsRight,
    VisitStatus,
    VolunteerStatus,
)


class Volunteer(ArchivableModel):
    """An Independent Custody Visitor or Animal Welfare Volunteer. Personal details are seen
    only by the co-ordinators; the constabulary sees the reference."""

    # Who they are, how to reach them, when they are free and their vetting: the reference
    # and status are what the rota and the reports need.
    PERSONAL_FIELDS = frozenset(
        {"full_name", "email", "phone", "availability", "vetted_on", "vetting_expires_on"}
    )

    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    reference = models.CharField(max_length=20, unique=True, help_text="For example ICV-007.")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer",
        help_text="The account they sign in with to see and file their visits.",
    )
    status = models.CharField(
        max_length=20, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLIED
    )
    applied_on = models.DateField(null=True, blank=True)
    vetted_on = models.DateField(null=True, blank=True)
    vetting_expires_on = models.DateField(null=True, blank=True)
    # "weekday:time_of_day" keys, weekday 0 (Monday) to 6, e.g. "5:night".
    availability = models.JSONField(default=list, blank=True)
    # Set when the status becomes "left": the retention schedule counts from it.
    left_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vetting_expires_on__isnull=True)
                | Q(vetted_on__isnull=True)
                | Q(vetting_expires_on__gt=F("vetted_on")),
                name="volunteer_vetting_expires_after_vetting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"


class TrainingRecord(TimeStampedModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=200)
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on})"


class Site(ArchivableModel):
    """A custody suite or the dog section, run by an organisation (the constabulary), whose
    members see the reports on it."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=SiteKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="visited_sites"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scheme(self) -> str:
        return Scheme.CUSTODY if self.kind == SiteKind.CUSTODY_SUITE else Scheme.ANIMAL_WELFARE


class Visit(TimeStampedModel):
    """One unannounced visit by a pair, planned on the rota, then reported on."""

    # The visitors' own notes may describe the detainees they saw.
    PERSONAL_FIELDS = frozenset({"notes"})

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="visits")
    scheduled_on = models.DateField()
    time_of_day = models.CharField(max_length=20, choices=TimeOfDay.choices)
    first_visitor = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    second_visitor = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    rota_seed = models.BigIntegerField(null=True, blank=True)
    # The report.
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    detainees_in_custody = models.PositiveIntegerField(default=0)
    offered = models.PositiveIntegerField(default=0)
    spoken_to = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    observed = models.PositiveIntegerField(default=0)
    declined_reasons = models.JSONField(default=dict, blank=True)
    records_reviewed = models.PositiveIntegerField(default=0)
    welfare_checks = models.JSONField(default=dict, blank=True)
    dogs_seen = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["-scheduled_on", "site__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_visitor=F("second_visitor")), name="visit_pair_is_two_people"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True)
                | Q(arrived_at__isnull=True)
                | Q(left_at__gt=F("arrived_at")),
                name="visit_leaves_after_arriving",
            ),
            models.CheckConstraint(
                condition=Q(offered__lte=F("detainees_in_custody"))
                & Q(spoken_to__lte=F("offered"))
                & Q(declined__lte=F("offered")),
                name="visit_detainee_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.scheduled_on:%d %b %Y} ({self.get_time_of_day_display()})"

    @property
    def visitors(self) -> tuple[Volunteer, Volunteer]:
        return self.first_visitor, self.second_visitor

    @property
    def is_filed(self) -> bool:
        return self.status == VisitStatus.FILED


class DetaineeCheck(TimeStampedModel):
    """One detainee seen: by custody number only, never by name."""

    # A custody number identifies a detainee to the constabulary; the answers and concerns
    # are about their welfare (special category data).
    PERSONAL_FIELDS = frozenset({"custody_number", "child_or_vulnerable", "answers", "concerns"})

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="detainee_checks")
    custody_number = models.CharField(max_length=40)
    child_or_vulnerable = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)
    concerns = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "custody_number"], name="detainee_check_once_per_visit"
            )
        ]

    def __str__(self) -> str:
        return f"Detainee check {self.pk} on visit {self.visit_id}"


class VisitIssue(TimeStampedModel):
    """A matter raised on a visit, tracked until the constabulary's response resolves it."""

    # Both texts may be about a detainee or a named officer.
    PERSONAL_FIELDS = frozenset({"description", "response"})

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="issues")
    category = models.CharField(max_length=20, choices=IssueCategory.choices)
    description = models.TextField()
    raised_with_custody_officer = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} issue on {self.visit}"


class IssueEvent(models.Model):
    """The append-only log of an issue: raised, responded to, resolved, reopened."""

    # Once a copy of the issue's texts; now empty, cleared with the issue when it expires.
    PERSONAL_FIELDS = frozenset({"note"})

    issue = models.ForeignKey(VisitIssue, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=IssueStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%d %b %Y %H:%M}"


class Panel(ArchivableModel):
    """A scrutiny panel; an administrator defines panels beyond the statutory ones."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PanelKind.choices)
    theme = models.CharField(max_length=200, blank=True)
    # Members with an account are `PanelMember` rows; this is for those without one (a lay
    # member, say), and holds the free text recorded before members were linked to accounts.
    other_members = models.TextField(
        "Members without an account",
        blank=True,
        help_text="One a line: name and who they are. They do not see the panel's cases here.",
    )

    PERSONAL_FIELDS = frozenset({"other_members"})

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def other_member_list(self) -> list[str]:
        return [line.strip() for line in self.other_members.splitlines() if line.strip()]


class PanelMember(ArchivableModel):
    """A panel member who signs in: an OPCC or partner account, who then sees the panel's
    anonymised cases, meetings and actions (read only). Leaving the panel archives the row."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scrutiny_panels"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=Q(archived_at__isnull=True),
                name="panel_member_once_while_serving",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.panel}"


class PanelMeeting(TimeStampedModel):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    theme = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    sample_seed = models.BigIntegerField(null=True, blank=True)
    sample_rule = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.panel} {self.held_on:%d %b %Y}"


class PanelCase(TimeStampedModel):
    """An anonymised case file: reference, agency and type only; no names."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=60)
    agency = models.CharField(max_length=100, blank=True)
    case_type = models.CharField(max_length=100, blank=True, help_text="E.g. a disposal type.")
    meeting = models.ForeignKey(
        PanelMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    observations = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reference"], name="panel_case_unique_ref")
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class RightFinding(TimeStampedModel):
    """The Victims' Code panel's finding on one right in one case."""

    case = models.ForeignKey(PanelCase, on_delete=models.CASCADE, related_name="right_findings")
    right = models.CharField(max_length=3, choices=VictimsRight.choices)
    compliance = models.CharField(max_length=10, choices=Compliance.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["right"]
        constraints = [
            models.UniqueConstraint(fields=["case", "right"], name="right_finding_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_right_display()}"


class PanelAction(TimeStampedModel):
    """An action a scrutiny panel agreed. Its owner may be a named officer and its text may
    describe the cases the panel looked at: never copied into the audit trail or history."""

    PERSONAL_FIELDS = frozenset({"description", "owner", "closing_note"})

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(
        PanelMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        # The audit trail's label: a reference, not the action's text.
        return f"Action {self.pk} of {self.panel}"


class PublishedReport(TimeStampedModel):
    """An annual report the OPCC has published: its figures are frozen when published."""

    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    year = models.PositiveIntegerField(help_text="Financial year starting in April.")
    published_at = models.DateTimeField()
    introduction = models.TextField(blank=True)
    figures = models.JSONField(default=dict)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="published_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}/{(self.year + 1) % 100:02d}"
