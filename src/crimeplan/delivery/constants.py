"""Statuses and limits of delivery plans (its role sets: `permissions`)."""

from django.db import models


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


# Actions no longer expected to report progress.
CLOSED_STATUSES = frozenset({ActionStatus.COMPLETE, ActionStatus.CANCELLED})

# The red-amber-green reading of each status, with the GOV.UK tag colour that shows it.
RAG = {
    ActionStatus.NOT_STARTED: ("Not started", "govuk-tag--grey"),
    ActionStatus.ON_TRACK: ("Green", "govuk-tag--green"),
    ActionStatus.AT_RISK: ("Amber", "govuk-tag--yellow"),
    ActionStatus.OFF_TRACK: ("Red", "govuk-tag--red"),
    ActionStatus.COMPLETE: ("Complete", "govuk-tag--blue"),
    ActionStatus.CANCELLED: ("Cancelled", "govuk-tag--grey"),
}


class ItemKind(models.TextChoices):
    DELIVERED = "delivered", "What we've done"
    NEXT = "next", "What is next"


DEFAULT_UPDATE_INTERVAL_DAYS = 30
# A person is reminded again about the same overdue actions at most this often.
REMINDER_REPEAT_DAYS = 7
# Evidence files: the largest accepted, and the kinds accepted, told by content, not name.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
}
