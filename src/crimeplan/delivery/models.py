"""A Police and Crime Plan as data: priorities, commitments, actions and their progress, and
the published plan updates."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from crimeplan.core.models import TimeStampedModel

from .constants import DEFAULT_UPDATE_INTERVAL_DAYS, ActionStatus, ItemKind


class Plan(TimeStampedModel):
    """One Police and Crime Plan, known by its slug (e.g. `gloucestershire-2021-25`)."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    force_id = models.CharField(
        max_length=64, help_text="The police.uk id of the force area the plan covers."
    )
    term_start = models.DateField(help_text="First month of the plan's term.")
    term_end = models.DateField(help_text="Last month of the plan's term.")
    scrutinised_by = models.CharField(max_length=300, blank=True)
    update_interval_days = models.PositiveSmallIntegerField(
        default=DEFAULT_UPDATE_INTERVAL_DAYS,
        help_text="An open action with no progress update for this long is overdue for one.",
    )
    # Rich text (delivery.richtext's subset of HTML), cleaned by the services that save it.
    foreword = models.TextField(blank=True)
    foreword_by = models.CharField(max_length=300, blank=True)
    introduction = models.TextField(blank=True)
    due_regard = models.JSONField(
        default=list, blank=True, help_text="What the plan pays due regard to, one line each."
    )
    glossary = models.JSONField(
        default=dict, blank=True, help_text="Acronym to what it stands for, e.g. CSP."
    )
    report_frameworks = models.JSONField(
        default=list,
        blank=True,
        help_text="Slugs of the performance frameworks whose tables the plan update prints, "
        "in order.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-term_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")), name="plan_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(update_interval_days__gte=1), name="plan_update_interval_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GoldenThread(models.Model):
    """A cross-cutting theme an action can be tagged with (e.g. 'Trauma informed')."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="golden_threads")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="golden_thread_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """A board that monitors the plan's delivery."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="board_unique_name")]

    def __str__(self) -> str:
        return self.name


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    code = models.CharField(max_length=16, help_text="The short code tables use, e.g. CSC.")
    title = models.CharField(max_length=300)
    aim = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="priority_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Commitment(models.Model):
    """What the plan said would be done under a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField()
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "position"], name="commitment_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class PriorityItem(models.Model):
    """A line of the published update written as such: something done (with its evidence) or
    planned next. Completed actions are listed beside the done items."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    text = models.TextField()
    evidence = models.TextField(blank=True)
    # Reference strings (delivery.references resolves them): "measure:all-crime", "funding:2",
    # "award:…", "review:…", "action:12", an https address or a site path.
    references = models.JSONField(default=list, blank=True)
    when = models.CharField(max_length=100, blank=True, help_text='e.g. "by March 2025"')
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "kind", "position"]

    def __str__(self) -> str:
        return self.text


class FundingItem(models.Model):
    """Money won or given for the plan, in pence. When commissioning records awards,
    `award_reference` names the award this line stands for."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding")
    fund = models.CharField(max_length=300)
    round = models.CharField(max_length=100, blank=True)
    years = models.CharField(max_length=50, blank=True)
    bids = models.PositiveSmallIntegerField(null=True, blank=True)
    amount_pence = models.BigIntegerField()
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="funding"
    )
    award_reference = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0), name="funding_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.fund, self.round) if part)


class PlanRevision(models.Model):
    """The whole content of a plan as it stood after an import or an edit, with what changed
    since the revision before. Written by the services, never changed afterwards."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    content = models.JSONField(help_text="The plan in the plan file's (TOML) shape.")
    changes = models.JSONField(default=list, help_text="What changed, one plain line each.")

    class Meta:
        ordering = ["plan", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug} revision {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("A plan revision is never changed.")
        super().save(*args, **kwargs)


class Action(TimeStampedModel):
    """Something an owner organisation does to deliver a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="delivery_actions"
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivery_actions",
    )
    shared_with = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="shared_delivery_actions"
    )
    districts = models.ManyToManyField(
        "geography.District",
        blank=True,
        related_name="delivery_actions",
        help_text="Leave empty for an action across the whole force area.",
    )
    golden_threads = models.ManyToManyField(GoldenThread, blank=True, related_name="actions")
    start_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    baseline = models.CharField(max_length=300, blank=True)
    target = models.CharField(max_length=300, blank=True)
    # Measure ids of the performance framework (e.g. "all-crime"): a plain list, so that
    # delivery does not depend on the framework being installed.
    measure_ids = models.JSONField(default=list, blank=True)
    funding = models.ManyToManyField(FundingItem, blank=True, related_name="actions")
    completed_on = models.DateField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    is_fictional = models.BooleanField(
        default=False, help_text="Demonstration content, not part of any real plan."
    )

    history = HistoricalRecords(m2m_fields=[shared_with])

    class Meta:
        ordering = ["commitment__priority__position", "commitment__position", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")), name="action_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=ActionStatus.COMPLETE),
                name="action_completed_on_only_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def plan_id(self) -> int:
        return self.commitment.priority.plan_id


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_date < today


class ProgressUpdate(TimeStampedModel):
    """A dated report of progress on an action, with its evidence. Updates are added, never
    edited, so the record of what was said when stays intact."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    reported_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices)
    summary = models.TextField()
    links = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["action", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} — {self.reported_on.isoformat()}"


class PublicUpdate(TimeStampedModel):
    """What the OPCC tells the public about an action: a short dated text, in English and
    (for a force bound by the Welsh Language Standards) in Welsh. It is written for the public,
    not copied from a progress update (those are written to the Office and may name people),
    and shows on the public pages beside the findings the action answers. Withdrawn, never
    deleted, so the record of what the public was told stays."""

    MAX_LENGTH = 1000

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="public_updates")
    published_on = models.DateField("date published")
    text = models.TextField("what the public is told", max_length=MAX_LENGTH)
    text_cy = models.TextField("the same in Welsh", max_length=MAX_LENGTH, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} — public update of {self.published_on.isoformat()}"


class Evidence(TimeStampedModel):
    """An uploaded file, kept under the data directory (never under the web root) by the name
    `stored_name`; served only through a view that checks who may see its action."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["update", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class PublishedReport(models.Model):
    """A published version of the plan update: its HTML and PDF as published, never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="published_reports")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    html = models.TextField(help_text="The report's body as published.")
    pdf = models.BinaryField()
    # Its Welsh copy, published at the same moment where the site offers Welsh (empty where
    # it did not): docs/how-to/welsh.md.
    title_cy = models.CharField(max_length=300, blank=True)
    html_cy = models.TextField(blank=True, help_text="The Welsh copy's body as published.")
    pdf_cy = models.BinaryField(blank=True, default=b"")
    snapshot_title = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(
        default=list, blank=True, help_text="What changed since the version before, one line each."
    )
    priorities_with_figures = models.JSONField(
        default=list,
        blank=True,
        help_text="The codes of the priorities this version showed performance figures for.",
    )

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="published_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("A published plan update is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("A published plan update is never deleted.")


class WelshText(models.Model):
    """The Welsh of one piece of a plan's typed English (a priority's title, a delivered item,
    the foreword...): the plan update's translation memory. Kept by the English it translates,
    so the same words are translated once for every version; English that changes needs its
    Welsh again (delivery.report.welsh)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="welsh_texts")
    source_hash = models.CharField(max_length=64, help_text="SHA-256 of the English, in hex.")
    source = models.TextField(help_text="The English, as the plan update prints it.")
    welsh = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "source_hash"], name="welsh_text_per_source")
        ]

    def __str__(self) -> str:
        return f"Welsh of {self.source[:60]!r}"
