"""Statuses, channels, findings and the limits of a police complaint review."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Police Reform Act 2002 Sch. 3 para 6A and the Police (Complaints and Misconduct)
# Regulations 2020 reg. 29: an application within 28 days of the day after the outcome letter.
APPLICATION_WINDOW_DAYS = 28
# Working days the acknowledgment and the decision may take (settings override both).
DEFAULT_ACK_WORKING_DAYS = 5
DEFAULT_DECISION_TARGET_WORKING_DAYS = 40
# A timer is reminded of this many working days before it falls due.
REMIND_WORKING_DAYS_BEFORE = 2
# The daily reminder names a case's timer at most once in this many days.
REMIND_AGAIN_AFTER_DAYS = 7
PAGE_SIZE = 25


class Channel(models.TextChoices):
    WEB = "web", "Online form"
    POST = "post", "Post"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"


STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    NOT_VALID = "not_valid", "Not valid"
    VALID = "valid", "Valid: awaiting the force's file"
    FILE_REQUESTED = "file_requested", "File requested from the force"
    DECIDED = "decided", "Decided"


class Finding(models.TextChoices):
    REASONABLE = "reasonable", "The outcome was reasonable and proportionate"
    NOT_REASONABLE = "not_reasonable", "The outcome was not reasonable and proportionate"


class EventKind(models.TextChoices):
    RECEIVED = "received", "Received"
    VALIDITY = "validity", "Validity decided"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FILE = "file", "Force's file"
    CONFLICT = "conflict", "Conflict of interest declared"
    DECISION = "decision", "Decision"
    RECOMMENDATION = "recommendation", "Recommendation"
    ANONYMISED = "anonymised", "Personal details removed"


class LetterKind(models.TextChoices):
    ACKNOWLEDGMENT = "acknowledgment", _("Acknowledgment")
    NOT_VALID = "not_valid", _("Application not valid")
    DECISION = "decision", _("Decision")
