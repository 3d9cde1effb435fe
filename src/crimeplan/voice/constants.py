"""Choices for the survey and for reports of unsafe places (categories from DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeBand(models.TextChoices):
    NIGHT = "night", _("Night (midnight to 6am)")
    MORNING = "morning", _("Morning (6am to noon)")
    AFTERNOON = "afternoon", _("Afternoon (noon to 6pm)")
    EVENING = "evening", _("Evening (6pm to midnight)")


class WhatHappened(models.TextChoices):
    VERBAL_ONE = "verbal_one", _("Verbal harassment by one person")
    VERBAL_GROUP = "verbal_group", _("Verbal harassment by a group")
    FOLLOWED = "followed", _("Being followed")
    CATCALLING = "catcalling", _("Catcalling or sexual comments")
    TOUCHING = "touching", _("Inappropriate touching")
    SPIKING = "spiking", _("Drink spiking")
    STALKING = "stalking", _("Stalking")
    STREET_HARASSMENT = "street_harassment", _("Street harassment")
    UPSKIRTING = "upskirting", _("Upskirting")
    OTHER_HARASSMENT = "other_harassment", _("Other harassment")
    NOTHING = "nothing", _("Nothing happened, but I felt unsafe")


class PlaceReason(models.TextChoices):
    NO_CCTV = "no_cctv", _("No CCTV")
    BADLY_LIT = "badly_lit", _("Badly lit")
    ISOLATED = "isolated", _("Empty or isolated")
    POOR_LAYOUT = "poor_layout", _("Poor layout")
    RESTRICTED_VISIBILITY = "restricted_visibility", _("Restricted visibility")
    RUN_DOWN = "run_down", _("Run-down")
    DRUGS_ALCOHOL = "drugs_alcohol", _("Signs of drug or alcohol use")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_34 = "25_34", _("25 to 34")
    AGE_35_54 = "35_54", _("35 to 54")
    AGE_55_PLUS = "55_plus", _("55 or over")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("In another way")


class ReportedToPolice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class NotReportedReason(models.TextChoices):
    NOT_SERIOUS = "not_serious", _("I did not think it was serious enough")
    NOT_BELIEVED = "not_believed", _("I did not think I would be believed")
    NOTHING_DONE = "nothing_done", _("I did not think anything would be done")
    DID_NOT_KNOW = "did_not_know", _("I did not know how")
    OTHER = "other", _("Another reason")


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
