"""The register: boards and partnerships with their member organisations, terms of reference
and meetings; posts funded jointly with partners, and who pays how much in each year.

Nothing here is personal: a board's seats are held by organisations (with the seat's title,
such as "Chair"), never by named people, so no model declares PERSONAL_FIELDS.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crimeplan.accounts.models import Organisation
from crimeplan.core.models import ArchivableModel, TimeStampedModel

from .constants import (
    EARLIEST_FINANCIAL_YEAR,
    LATEST_FINANCIAL_YEAR,
    BoardKind,
    MeetingStatus,
    OpccRole,
    financial_year_label,
)


class Board(ArchivableModel):
    """A partnership, board or panel the OPCC takes part in."""

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "A board with this name is already in the register"},
    )
    kind = models.CharField(max_length=32, choices=BoardKind.choices)
    chair_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_boards",
        verbose_name="organisation that chairs it",
    )
    opcc_role = models.CharField("the OPCC's part in it", max_length=16, choices=OpccRole.choices)
    terms_of_reference = models.TextField(
        blank=True, help_text="What the board is for, what it decides and who it reports to."
    )
    terms_review_on = models.DateField(
        "terms of reference due for review on", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:board_detail", kwargs={"pk": self.pk})


class BoardMember(TimeStampedModel):
    """A seat on a board: an organisation, a role title, or both (an organisation's
    "Head of community safety"; a "Independent chair" with no organisation)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
    )
    role_title = models.CharField("role on the board", max_length=200, blank=True)

    class Meta:
        ordering = ["board", "organisation__name", "role_title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(role_title=""),
                name="board_member_names_organisation_or_role",
                violation_error_message="Choose an organisation or enter a role on the board",
            ),
            models.UniqueConstraint(
                fields=["board", "organisation", "role_title"],
                name="board_member_unique_seat",
                violation_error_message="The board already has this member",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(str(part) for part in (self.organisation, self.role_title) if part)


class Meeting(TimeStampedModel):
    """A board meeting and a short public summary of what it decided (no minutes)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date of the meeting")
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    decisions_summary = models.TextField(
        "summary of decisions",
        blank=True,
        help_text="A short summary that could be published. No names of members of the public.",
    )

    class Meta:
        ordering = ["board", "-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "held_on"],
                name="meeting_one_a_day",
                violation_error_message="The board already has a meeting on this date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.board} meeting, {self.held_on:%-d %B %Y}"

    def clean(self) -> None:
        if (
            self.status == MeetingStatus.HELD
            and self.held_on
            and self.held_on > timezone.localdate()
        ):
            raise ValidationError(
                {"status": "A meeting dated in the future cannot have been held yet"}
            )


class JointlyFundedPost(ArchivableModel):
    """A post one organisation hosts and several pay for (a co-ordinator hosted by the OPCC
    on behalf of the county's partners, say)."""

    title = models.CharField("post", max_length=200)
    host_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosted_posts"
    )
    purpose = models.TextField(blank=True, help_text="What the post is for, in a sentence or two.")
    starts_on = models.DateField("start date")
    ends_on = models.DateField(
        "end date", null=True, blank=True, help_text="Leave empty if open-ended."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "host_organisation"],
                name="post_unique_title_per_host",
                violation_error_message="This organisation already hosts a post with this title",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="post_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:post_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date"})


class PostFunding(TimeStampedModel):
    """What one organisation pays towards a post in one financial year, in pence."""

    post = models.ForeignKey(JointlyFundedPost, on_delete=models.CASCADE, related_name="funding")
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="funded_posts")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2023 for 2023/24."
    )
    amount_pence = models.BigIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["post", "financial_year", "funder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "funder", "financial_year"],
                name="post_funding_one_a_year",
                violation_error_message=(
                    "This organisation's funding of the post for this year is already recorded"
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0),
                name="post_funding_amount_not_negative",
                violation_error_message="The amount cannot be below zero",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=EARLIEST_FINANCIAL_YEAR)
                & Q(financial_year__lte=LATEST_FINANCIAL_YEAR),
                name="post_funding_year_in_range",
                violation_error_message=(
                    f"The financial year must start between {EARLIEST_FINANCIAL_YEAR} "
                    f"and {LATEST_FINANCIAL_YEAR}"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} towards {self.post}, {self.financial_year_label}"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)
