"""Choices for the survey and for reports of unsafe places (categories from DOMAIN.md)."""

from django.db import models


class TimeBand(models.TextChoices):
    NIGHT = "night", "Night (midnight to 6am)"
    MORNING = "morning", "Morning (6am to noon)"
    AFTERNOON = "afternoon", "Afternoon (noon to 6pm)"
    EVENING = "evening", "Evening (6pm to midnight)"


class WhatHappened(models.TextChoices):
    VERBAL_ONE = "verbal_one", "Verbal harassment by one person"
    VERBAL_GROUP = "verbal_group", "Verbal harassment by a group"
    FOLLOWED = "followed", "Being followed"
    CATCALLING = "catcalling", "Catcalling or sexual comments"
    TOUCHING = "touching", "Inappropriate touching"
    SPIKING = "spiking", "Drink spiking"
    STALKING = "stalking", "Stalking"
    STREET_HARASSMENT = "street_harassment", "Street harassment"
    UPSKIRTING = "upskirting", "Upskirting"
    OTHER_HARASSMENT = "other_harassment", "Other harassment"
    NOTHING = "nothing", "Nothing happened, but I felt unsafe"


class PlaceReason(models.TextChoices):
    NO_CCTV = "no_cctv", "No CCTV"
    BADLY_LIT = "badly_lit", "Badly lit"
    ISOLATED = "isolated", "Empty or isolated"
    POOR_LAYOUT = "poor_layout", "Poor layout"
    RESTRICTED_VISIBILITY = "restricted_visibility", "Restricted visibility"
    RUN_DOWN = "run_down", "Run-down"
    DRUGS_ALCOHOL = "drugs_alcohol", "Signs of drug or alcohol use"


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_54 = "35_54", "35 to 54"
    AGE_55_PLUS = "55_plus", "55 or over"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    OTHER = "other", "In another way"


class ReportedToPolice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class NotReportedReason(models.TextChoices):
    NOT_SERIOUS = "not_serious", "I did not think it was serious enough"
    NOT_BELIEVED = "not_believed", "I did not think I would be believed"
    NOTHING_DONE = "nothing_done", "I did not think anything would be done"
    DID_NOT_KNOW = "did_not_know", "I did not know how"
    OTHER = "other", "Another reason"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    PUBLISHED = "published", "Accepted"
    SPAM = "spam", "Rejected as spam"


class ModerationAction(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    SPAM = "spam", "Rejected as spam"
    REDACTED = "redacted", "Free text redacted"


class LocationSource(models.TextChoices):
    MAP = "map", "Point on the map"
    PLACE = "place", "Place name or description"
