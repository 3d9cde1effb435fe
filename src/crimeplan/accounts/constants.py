"""Roles and kinds of organisation."""

from django.db import models

from crimeplan.core.roles import OPCC_STAFF_ROLES, Role

# The roles themselves live in the kernel, since the viewer that every app's guards use is
# described in them; this app gives them through memberships and re-exports them here.

# Roles given only inside the OPCC organisation itself: each of them sees every
# organisation's shared records, so a partner's member must never hold one.
OPCC_ONLY_ROLES = OPCC_STAFF_ROLES
# A partner organisation's people: those who change its records and those who only read them.
PARTNER_ROLES = frozenset({Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})
ALL_ROLES = frozenset(Role)


class OrganisationKind(models.TextChoices):
    OPCC = "opcc", "Office of the Police and Crime Commissioner"
    CONSTABULARY = "constabulary", "Constabulary"
    COUNTY_COUNCIL = "county_council", "County council"
    DISTRICT_COUNCIL = "district_council", "District council"
    CSP = "csp", "Community Safety Partnership"
    FIRE_RESCUE = "fire_rescue", "Fire and rescue service"
    ICB = "icb", "Integrated care board"
    PROBATION = "probation", "Probation service"
    YOUTH_SUPPORT = "youth_support", "Youth support service"
    YOUTH_JUSTICE = "youth_justice", "Youth justice service"
    CPS = "cps", "Crown Prosecution Service"
    COURTS = "courts", "HM Courts and Tribunals Service"
    VOLUNTARY = "voluntary", "Voluntary sector provider"
    PANEL = "panel", "Police and Crime Panel"
