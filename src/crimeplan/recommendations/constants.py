"""Where recommendations come from, their statuses and closing decisions, the OPCC's
priorities, and the kinds and grades of inspection reports."""

from django.db import models

# Rows a list page shows at a time.
PAGE_SIZE = 25


class Source(models.TextChoices):
    HMICFRS_CAUSE_OF_CONCERN = "hmicfrs_cause_of_concern", "HMICFRS cause of concern"
    HMICFRS_AREA_FOR_IMPROVEMENT = "hmicfrs_area_for_improvement", "HMICFRS area for improvement"
    HMICFRS_RECOMMENDATION = "hmicfrs_recommendation", "HMICFRS recommendation"
    OPCC_REVIEW = "opcc_review", "OPCC review"
    DOMESTIC_HOMICIDE_REVIEW = "domestic_homicide_review", "Domestic homicide review learning"
    COMPLAINT_REVIEW = "complaint_review", "Police complaint review"
    ASB_CASE_REVIEW = "asb_case_review", "ASB Case Review"
    CUSTODY_VISITING = "custody_visiting", "Custody visiting issue"
    SCRUTINY_PANEL = "scrutiny_panel", "Scrutiny panel action"
    VICTIMS_CODE_REVIEW = "victims_code_review", "Victims' Code joint review"
    UNSAFE_PLACE_HOTSPOT = "unsafe_place_hotspot", "Unsafe-place hotspot"
    SURVEY_FINDING = "survey_finding", "Survey finding"


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
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done, awaiting closure"
    CLOSED = "closed", "Closed"


# Statuses an owner may move an item to; only the OPCC closes.
OWNER_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.DONE)


class ClosingDecision(models.TextChoices):
    DISCHARGED = "discharged", "Discharged"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    SUPERSEDED = "superseded", "Superseded"


class Priority(models.TextChoices):
    """How much the OPCC presses for it (not the plan's priorities)."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class InspectionKind(models.TextChoices):
    PEEL = "peel", "PEEL inspection"
    THEMATIC = "thematic", "Thematic inspection"
    OTHER = "other", "Other inspection or review"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# What a finding that its module withdrew closes with.
WITHDRAWN_REASON = "withdrawn in its module"
