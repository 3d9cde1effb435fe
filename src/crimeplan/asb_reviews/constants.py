"""Statuses and choices of the ASB Case Review."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    THRESHOLD_CHECK = "threshold_check", "Threshold check"
    THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
    REVIEW_SCHEDULED = "review_scheduled", "Review scheduled"
    REVIEWED = "reviewed", "Reviewed"
    RECOMMENDATIONS_ISSUED = "recommendations_issued", "Recommendations issued"
    CLOSED = "closed", "Closed"
    ESCALATED = "escalated", "Escalated to the OPCC"


# Which status may follow which. The threshold decision (met → review scheduled, not met →
# threshold not met) is made by `case_decide_threshold`, not a plain transition.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ACKNOWLEDGED}),
    Status.ACKNOWLEDGED: frozenset({Status.THRESHOLD_CHECK}),
    Status.THRESHOLD_CHECK: frozenset(),
    Status.THRESHOLD_NOT_MET: frozenset({Status.CLOSED, Status.ESCALATED}),
    Status.REVIEW_SCHEDULED: frozenset({Status.REVIEWED}),
    Status.REVIEWED: frozenset({Status.RECOMMENDATIONS_ISSUED, Status.CLOSED}),
    Status.RECOMMENDATIONS_ISSUED: frozenset({Status.CLOSED, Status.ESCALATED}),
    Status.CLOSED: frozenset({Status.ESCALATED}),
    Status.ESCALATED: frozenset({Status.CLOSED}),
}
OPEN_STATUSES = frozenset(Status) - {Status.CLOSED}


class Channel(models.TextChoices):
    WEB = "web", "Online form"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    POST = "post", "Post"


class ApplicantRelationship(models.TextChoices):
    VICTIM = "victim", _("I am the victim")
    FAMILY = "family", _("A family member or friend, with their consent")
    COUNCILLOR = "councillor", _("A councillor, with their consent")
    MP = "mp", _("A Member of Parliament, with their consent")
    PROFESSIONAL = (
        "professional",
        _("A professional (for example a support worker), with their consent"),
    )


class VictimKind(models.TextChoices):
    PERSON = "person", _("A person")
    BUSINESS = "business", _("A business")
    COMMUNITY_GROUP = "community_group", _("A community group")


class Agency(models.TextChoices):
    POLICE = "police", _("Police")
    COUNCIL = "council", _("Council")
    HOUSING = "housing", _("Housing provider")
    OTHER = "other", _("Other")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")


class EventKind(models.TextChoices):
    STATUS = "status", "Status changed"
    THRESHOLD = "threshold", "Threshold decided"
    INVITED = "invited", "Body invited"
    RESPONSE = "response", "Body's account recorded"
    REVIEW = "review", "Review recorded"
    RECOMMENDATION = "recommendation", "Recommendation"
    ESCALATION = "escalation", "Escalation"
    LETTER = "letter", "Letter sent"
    ANONYMISED = "anonymised", "Anonymised"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    THRESHOLD = "threshold", _("Threshold decision")
    OUTCOME = "outcome", _("Outcome of the review")


class Stage(models.TextChoices):
    """The stages with a deadline, each counted in working days from the one before."""

    ACKNOWLEDGE = "acknowledge", "Acknowledge"
    THRESHOLD_DECISION = "threshold_decision", "Threshold decision"
    REVIEW = "review", "Review"
    OUTCOME = "outcome", "Outcome to the applicant"
