"""Funds, rounds, bids, applications, assessment, awards, money, monitoring and evaluation.

Every amount of money is a whole number of pence (`*_pence`, BigIntegerField).

Longer than 500 lines because it is the app's whole schema, eighteen short models (the
longest, `Application`, is about 75 lines) in the order of the stages, whose constraints
refer to one another (a round's budget and its awards, an award and its application); the
migrations and Django's app registry read it as one module.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from crimeplan.core import languages
from crimeplan.core.models import ArchivableModel, TimeStampedModel
from crimeplan.core.personal import history_excluded

from .constants import (
    PRIORITY_CODE_MAX_LENGTH,
    ApplicationStatus,
    BidOutcome,
    CostType,
    Decision,
    FundAgain,
    FundKind,
    MatchFundingForm,
    OrganisationType,
    ReturnStatus,
)
from .periods import financial_year_label


class Fund(ArchivableModel):
    """A source of money: a national fund the OPCC bids to, or one the OPCC hands out."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=FundKind.choices)
    funder = models.CharField(max_length=200, help_text="e.g. Home Office, Ministry of Justice")
    description = models.TextField(blank=True)
    costs_split = models.BooleanField(
        default=False, help_text="Costs are split into labour and non-labour."
    )
    carry_over_allowed = models.BooleanField(
        default=True, help_text="Money may be carried over between financial years."
    )
    specified_authorities = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="joint_funds",
        help_text="For jointly decided funds: each must agree before an award.",
    )
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords(m2m_fields=[specified_authorities])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_applications(self) -> bool:
        return self.kind in {FundKind.LOCAL, FundKind.JOINT}


class Round(ArchivableModel):
    """One round of a fund, with its dates, budget and rules.

    `allocated_pence` is the sum of its awards, kept by the award service; the database
    refuses any row where it exceeds the budget, so a round can never be over-allocated.
    An archived round takes no new applications but stays in the reports.
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=100)
    years = models.CharField(max_length=20, blank=True, help_text="e.g. 2023/24 or 2023-2025")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    budget_pence = models.BigIntegerField(help_text="What the round may award, in pence.")
    allocated_pence = models.BigIntegerField(default=0, editable=False)
    max_bids = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most bids or applications one applicant may make."
    )
    max_amount_pence = models.BigIntegerField(
        null=True, blank=True, help_text="Most one bid or application may ask for, in pence."
    )
    match_funding_percent = models.PositiveSmallIntegerField(
        default=0, help_text="Match funding required, as a percentage of the amount asked."
    )
    match_funding_form = models.CharField(
        max_length=16, choices=MatchFundingForm.choices, default=MatchFundingForm.EITHER
    )
    won_total_pence = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="For national rounds: the total the OPCC won, as published, where the "
        "amount of each bid is not known.",
    )
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund__name", "opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="round_name_unique_in_fund"),
            models.CheckConstraint(
                condition=Q(budget_pence__gte=0), name="round_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(allocated_pence__gte=0) & Q(allocated_pence__lte=F("budget_pence")),
                name="round_never_over_allocated",
            ),
            models.CheckConstraint(
                condition=Q(match_funding_percent__lte=100), name="round_match_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(max_amount_pence__isnull=True) | Q(max_amount_pence__gt=0),
                name="round_max_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="round_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund.name}: {self.name}"

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.allocated_pence


class EligibilityQuestion(models.Model):
    """A yes/no question; the wrong answer makes an applicant ineligible, for the reason given."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    eligible_answer = models.BooleanField(default=True)
    reason_if_ineligible = models.CharField(max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Criterion(models.Model):
    """A scoring criterion with its weight; each panel member scores 0 to `max_score`."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    max_score = models.PositiveSmallIntegerField(default=5)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PanelMember(TimeStampedModel):
    """A person on a round's assessment panel."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_panels"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="panel_member_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.round}"


class Bid(TimeStampedModel):
    """A bid the OPCC makes to a national fund's round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="bids")
    title = models.CharField(max_length=200)
    amount_asked_pence = models.BigIntegerField(null=True, blank=True)
    amount_won_pence = models.BigIntegerField(null=True, blank=True)
    match_funding_pence = models.BigIntegerField(default=0)
    match_funding_form = models.CharField(
        max_length=16, choices=MatchFundingForm.choices, default=MatchFundingForm.EITHER
    )
    outcome = models.CharField(max_length=16, choices=BidOutcome.choices, default=BidOutcome.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_asked_pence__isnull=True) | Q(amount_asked_pence__gt=0),
                name="bid_amount_asked_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount_won_pence__isnull=True) | Q(amount_won_pence__gte=0),
                name="bid_amount_won_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(match_funding_pence__gte=0), name="bid_match_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Application(TimeStampedModel):
    """An application for a grant from a local or jointly decided fund.

    Started by anyone without an account; `resume_token` is the secret in the save-and-return
    link. It holds only what assessing the application needs.
    """

    PERSONAL_FIELDS = frozenset({"contact_name", "contact_email"})
    # Whoever holds the token can read and change the draft.
    SECRET_FIELDS = frozenset({"resume_token"})

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    resume_token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    eligibility_answers = models.JSONField(default=dict, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    organisation_type = models.CharField(
        max_length=32, choices=OrganisationType.choices, blank=True
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    # The language the decision e-mail and the return link are written in (the Welsh Language
    # Standards): asked on the organisation page where the site offers Welsh.
    correspondence_language = models.CharField(
        max_length=8, choices=list(languages.NAMES.items()), default=languages.ENGLISH
    )
    project_title = models.CharField(max_length=200, blank=True)
    project_summary = models.TextField(blank=True)
    district = models.ForeignKey(
        "geography.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        help_text="Where the project works; empty for county-wide.",
    )
    priority_code = models.CharField(max_length=PRIORITY_CODE_MAX_LENGTH, blank=True)
    amount_requested_pence = models.BigIntegerField(null=True, blank=True)
    labour_pence = models.BigIntegerField(null=True, blank=True)
    non_labour_pence = models.BigIntegerField(null=True, blank=True)
    match_funding_pence = models.BigIntegerField(null=True, blank=True)
    match_funding_form = models.CharField(
        max_length=16, choices=MatchFundingForm.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        help_text="The grantee organisation, once linked.",
    )
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS, SECRET_FIELDS))

    class Meta:
        ordering = ["round", "reference", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested_pence__isnull=True) | Q(amount_requested_pence__gt=0),
                name="application_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(match_funding_pence__isnull=True) | Q(match_funding_pence__gte=0),
                name="application_match_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False),
                name="application_submitted_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or 'Draft'}: {self.project_title or 'untitled'}"


class Attachment(TimeStampedModel):
    """A file an applicant uploaded; its name and contents may name people (a CV, a letter)."""

    PERSONAL_FIELDS = frozenset({"file", "original_name"})

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="commissioning/attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class ConflictOfInterest(TimeStampedModel):
    """A panel member's declared interest: they may then neither see nor score the application."""

    # What the interest is says something about the member's life (a relative, a trusteeship).
    PERSONAL_FIELDS = frozenset({"reason"})

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_conflicts"
    )
    reason = models.TextField()

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="conflict_once_per_member")
        ]


class Score(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor", "criterion"], name="score_once_per_criterion"
            )
        ]


class Moderation(TimeStampedModel):
    """The panel's decision on an application, with its reasons."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="moderation"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    amount_pence = models.BigIntegerField(null=True, blank=True)
    reasons = models.TextField()
    moderated_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="decline") | Q(amount_pence__gt=0),
                name="moderation_fund_has_amount",
            )
        ]


class AuthorityAgreement(TimeStampedModel):
    """A specified authority's agreement (or not) to a jointly decided application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="agreements"
    )
    authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="grant_agreements"
    )
    agrees = models.BooleanField()
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "authority"], name="agreement_once_per_authority"
            )
        ]


class Award(TimeStampedModel):
    """Money awarded from a round to a provider, with conditions and a payment schedule."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="awards")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="award"
    )
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="grant_awards"
    )
    title = models.CharField(max_length=200)
    amount_pence = models.BigIntegerField()
    labour_pence = models.BigIntegerField(null=True, blank=True)
    non_labour_pence = models.BigIntegerField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    district = models.ForeignKey(
        "geography.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_awards",
        help_text="Where the money is spent; empty for county-wide.",
    )
    priority = models.ForeignKey(
        "delivery.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_awards",
        help_text="The plan priority the award serves",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    published = models.BooleanField(
        default=True, help_text="Listed in the public list of grants awarded."
    )
    is_demo = models.BooleanField(default=False)
    delivery_actions = models.ManyToManyField(
        "delivery.Action",
        blank=True,
        related_name="grant_awards",
        help_text="The plan's delivery actions this award pays for",
    )

    history = HistoricalRecords(m2m_fields=[delivery_actions])

    class Meta:
        ordering = ["round", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="award_amount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="award_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=(Q(labour_pence__isnull=True) & Q(non_labour_pence__isnull=True))
                | (
                    Q(labour_pence__gte=0)
                    & Q(non_labour_pence__gte=0)
                    & Q(amount_pence=F("labour_pence") + F("non_labour_pence"))
                ),
                name="award_split_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Instalment(models.Model):
    """One line of an award's payment schedule."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField()
    amount_pence = models.BigIntegerField()
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts in")

    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "due_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="instalment_positive")
        ]

    def __str__(self) -> str:
        return f"Instalment due {self.due_on}"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)


class Payment(TimeStampedModel):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount_pence = models.BigIntegerField()
    reference = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "paid_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="payment_positive")
        ]


class Spend(TimeStampedModel):
    """Money the grantee has spent from an award, by financial year and cost type."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="spend")
    financial_year = models.PositiveSmallIntegerField()
    cost_type = models.CharField(max_length=16, choices=CostType.choices, default=CostType.UNSPLIT)
    amount_pence = models.BigIntegerField()
    description = models.CharField(max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "financial_year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="spend_positive")
        ]

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)


class MonitoringReturn(TimeStampedModel):
    """A monitoring return due from the grantee on the award's schedule."""

    # A case study tells one beneficiary's story.
    PERSONAL_FIELDS = frozenset({"case_study"})

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="returns")
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    outputs = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    spend_to_date_pence = models.BigIntegerField(null=True, blank=True)
    case_study = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_reminded_on = models.DateField(
        null=True, blank=True, help_text="When the grantee was last e-mailed that it is overdue."
    )

    history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))

    class Meta:
        ordering = ["award", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "period_end"], name="one_return_per_award_period"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("period_end")), name="return_due_after_period"
            ),
        ]


class Evaluation(TimeStampedModel):
    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="evaluation")
    what_changed = models.TextField()
    evidence = models.TextField()
    fund_again = models.CharField(max_length=16, choices=FundAgain.choices)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Evaluation of {self.award}"
