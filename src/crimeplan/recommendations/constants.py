"""Where recommendations come from, their statuses and closing decisions, the OPCC's
priorities, and the kinds and grades of inspection reports."""

from django.db import models

# The labels are English everywhere (the API, downloads, staff pages); the public page shows
# them in the page's language with `{% translate item.get_status_display %}`, so they are only
# marked here for makemessages (gettext_noop), never translated at import.
from django.utils.translation import gettext_noop

# Rows a list page shows at a time.
PAGE_SIZE = 25


class Source(models.TextChoices):
    HMICFRS_CAUSE_OF_CONCERN = "hmicfrs_cause_of_concern", gettext_noop("HMICFRS cause of concern")
    HMICFRS_AREA_FOR_IMPROVEMENT = (
        "hmicfrs_area_for_improvement",
        gettext_noop("HMICFRS area for improvement"),
    )
    HMICFRS_RECOMMENDATION = "hmicfrs_recommendation", gettext_noop("HMICFRS recommendation")
    OPCC_REVIEW = "opcc_review", gettext_noop("OPCC review")
    DOMESTIC_HOMICIDE_REVIEW = (
        "domestic_homicide_review",
        gettext_noop("Domestic homicide review learning"),
    )
    COMPLAINT_REVIEW = "complaint_review", gettext_noop("Police complaint review")
    ASB_CASE_REVIEW = "asb_case_review", gettext_noop("ASB Case Review")
    CUSTODY_VISITING = "custody_visiting", gettext_noop("Custody visiting issue")
    SCRUTINY_PANEL = "scrutiny_panel", gettext_noop("Scrutiny panel action")
    VICTIMS_CODE_REVIEW = "victims_code_review", gettext_noop("Victims' Code joint review")
    UNSAFE_PLACE_HOTSPOT = "unsafe_place_hotspot", gettext_noop("Unsafe-place hotspot")
    SURVEY_FINDING = "survey_finding", gettext_noop("Survey finding")


# Sources whose items a module's own workflow holds and announces (core.findings); the OPCC
# enters the others here directly.
MODULE_SOURCES = frozenset(
    {
        Source.COMPLAINT_REVIEW,
        Source.ASB_CASE_REVIEW,
        Source.CUSTODY_VISITING,
        Source.SCRUTINY_PANEL,
        Source.VICTIMS_CODE_REVIEW,
        Source.UNSAFE_PLACE_HOTSPOT,
        Source.SURVEY_FINDING,
    }
)
DIRECT_SOURCES = frozenset(Source) - MODULE_SOURCES
# Inspectorate sources: an item of one of these may name the inspection it came from.
HMICFRS_SOURCES = frozenset(
    {
        Source.HMICFRS_CAUSE_OF_CONCERN,
        Source.HMICFRS_AREA_FOR_IMPROVEMENT,
        Source.HMICFRS_RECOMMENDATION,
    }
)


class Status(models.TextChoices):
    OPEN = "open", gettext_noop("Open")
    IN_PROGRESS = "in_progress", gettext_noop("In progress")
    DONE = "done", gettext_noop("Done, awaiting closure")
    CLOSED = "closed", gettext_noop("Closed")


# Statuses an owner may move an item to; only the OPCC closes.
OWNER_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.DONE)


class ClosingDecision(models.TextChoices):
    DISCHARGED = "discharged", gettext_noop("Discharged")
    NOT_ACCEPTED = "not_accepted", gettext_noop("Not accepted")
    SUPERSEDED = "superseded", gettext_noop("Superseded")


class Priority(models.TextChoices):
    """How much the OPCC presses for it (not the plan's priorities)."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class InspectionKind(models.TextChoices):
    PEEL = "peel", gettext_noop("PEEL inspection")
    THEMATIC = "thematic", gettext_noop("Thematic inspection")
    OTHER = "other", gettext_noop("Other inspection or review")


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", gettext_noop("Outstanding")
    GOOD = "good", gettext_noop("Good")
    ADEQUATE = "adequate", gettext_noop("Adequate")
    REQUIRES_IMPROVEMENT = "requires_improvement", gettext_noop("Requires improvement")
    INADEQUATE = "inadequate", gettext_noop("Inadequate")


# What a finding that its module withdrew closes with.
WITHDRAWN_REASON = "withdrawn in its module"
