"""Statuses, checklists and finding schemes of custody visiting, animal welfare visiting and
the scrutiny panels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Scheme(models.TextChoices):
    CUSTODY = "custody", "Independent Custody Visiting"
    ANIMAL_WELFARE = "animal_welfare", "Animal welfare visiting"


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    VETTING = "vetting", "Awaiting vetting"
    TRAINING = "training", "In training"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left the scheme"


class SiteKind(models.TextChoices):
    CUSTODY_SUITE = "custody_suite", "Custody suite"
    DOG_SECTION = "dog_section", "Dog section"


class TimeOfDay(models.TextChoices):
    """When a visit starts; nights and weekends are what a scheme must not neglect."""

    MORNING = "morning", "Morning (07:00 to 12:00)"
    AFTERNOON = "afternoon", "Afternoon (12:00 to 17:00)"
    EVENING = "evening", "Evening (17:00 to 22:00)"
    NIGHT = "night", "Night (22:00 to 07:00)"


SLOT_START_HOUR = {
    TimeOfDay.MORNING: 9,
    TimeOfDay.AFTERNOON: 14,
    TimeOfDay.EVENING: 19,
    TimeOfDay.NIGHT: 23,
}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    FILED = "filed", "Report filed"
    CANCELLED = "cancelled", "Cancelled"


class DeclineReason(models.TextChoices):
    ASLEEP = "asleep", "Asleep"
    DID_NOT_WANT = "did_not_want", "Did not want a visit"
    UNWELL = "unwell", "Unwell or intoxicated"
    INTERVIEW = "interview", "In interview or with a solicitor"
    UNSAFE = "unsafe", "Advised unsafe by custody staff"
    OTHER = "other", "Other reason"


class CheckAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


# Per detainee seen: rights and entitlements, health and wellbeing, conditions.
DETAINEE_CHECKLIST: list[tuple[str, str]] = [
    ("rights_explained", "Rights and entitlements explained"),
    ("legal_advice", "Offered free legal advice"),
    ("someone_informed", "Someone told of their arrest, if wanted"),
    ("codes_of_practice", "Offered the Codes of Practice"),
    ("health_needs_met", "Health needs and medication attended to"),
    ("wellbeing_ok", "Wellbeing: treated with dignity, no concerns"),
    ("cell_clean", "Cell clean, warm and in good repair"),
    ("food_drink", "Offered food and drink"),
    ("hygiene", "Offered washing, toilet paper and hygiene products"),
    ("exercise", "Offered exercise"),
    ("reading_material", "Offered reading material"),
    ("interpreter", "Interpreter provided when needed"),
    ("appropriate_adult", "Appropriate adult for a child or vulnerable adult"),
]

# The dog section: kennels, exercise, training, transport and vet care.
WELFARE_CHECKLIST: list[tuple[str, str]] = [
    ("kennels", "Kennels clean, dry, warm and secure"),
    ("exercise", "Dogs exercised enough"),
    ("training", "Training humane and recorded"),
    ("transport", "Dog vans ventilated, temperature-controlled and clean"),
    ("vet_care", "Veterinary care up to date and recorded"),
]


class IssueCategory(models.TextChoices):
    RIGHTS = "rights", "Rights and entitlements"
    HEALTH = "health", "Health and wellbeing"
    CONDITIONS = "conditions", "Conditions and facilities"
    RECORDS = "records", "Custody records"
    ANIMAL_WELFARE = "animal_welfare", "Animal welfare"
    OTHER = "other", "Other"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Awaiting response"
    RESPONDED = "responded", "Response received"
    RESOLVED = "resolved", "Resolved"


class PanelKind(models.TextChoices):
    """Decides how a case's findings are recorded."""

    VICTIMS_CODE = "victims_code", "Victims' Code compliance"
    OUT_OF_COURT = "out_of_court", "Out-of-court disposals"
    VETTING = "vetting", "Vetting decisions"
    OTHER = "other", "Other"


class VictimsRight(models.TextChoices):
    # Marked with gettext_noop: translated where the public sees them (the Victims' Code
    # figures page); the data, the downloads and staff pages keep the English.
    UNDERSTAND = "r01", gettext_noop("1. To be able to understand and to be understood")
    RECORDED = "r02", gettext_noop("2. To have the crime recorded without unjustified delay")
    INFORMATION_REPORTING = "r03", gettext_noop("3. To be provided with information when reporting")
    REFERRAL = "r04", gettext_noop("4. To be referred to services that support victims")
    COMPENSATION = "r05", gettext_noop("5. To be provided with information about compensation")
    INVESTIGATION = "r06", gettext_noop("6. To information about the investigation and prosecution")
    VPS = "r07", gettext_noop("7. To make a Victim Personal Statement")
    TRIAL = "r08", gettext_noop("8. To be given information about the trial")
    OUTCOME = "r09", gettext_noop("9. To information about the outcome and any appeal")
    OFFENDER = "r10", gettext_noop("10. To information about the offender after conviction")
    COMPLAIN = "r11", gettext_noop("11. To make a complaint")
    EXPENSES = "r12", gettext_noop("12. To have expenses paid and property returned")


class Compliance(models.TextChoices):
    MET = "met", "Complied"
    NOT_MET = "not_met", "Not complied"
    NOT_APPLICABLE = "na", "Not applicable"
    UNKNOWN = "unknown", "Cannot tell from the file"


class CaseOutcome(models.TextChoices):
    """The four findings of an out-of-court disposal panel; vetting panels use the same.
    Marked with gettext_noop: a published report's figures keep the English label, and its
    page and PDF say it in the reader's language (`scrutiny.reports._label`)."""

    APPROPRIATE = "appropriate", gettext_noop("Appropriate and consistent")
    OBSERVATIONS = "observations", gettext_noop("Appropriate with observations")
    INAPPROPRIATE = "inappropriate", gettext_noop("Inappropriate")
    NO_AGREEMENT = "no_agreement", gettext_noop("Panel could not agree")


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ReportKind(models.TextChoices):
    # Shown on the public pages, so in the page's language.
    ICV = "icv", _("Independent Custody Visiting annual report")
    PANELS = "panels", _("Scrutiny panels annual report")
