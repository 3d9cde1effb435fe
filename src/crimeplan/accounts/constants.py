"""Roles and kinds of organisation."""

from django.db import models


class Role(models.TextChoices):
    OPCC_ADMIN = "opcc_admin", "OPCC administrator"
    OPCC_ANALYST = "opcc_analyst", "OPCC analyst"
    OPCC_POLICY = "opcc_policy", "OPCC policy officer"
    OPCC_COMMISSIONING = "opcc_commissioning", "OPCC commissioning officer"
    ASB_COORDINATOR = "asb_coordinator", "ASB Case Review co-ordinator"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", "Volunteer co-ordinator"
    PARTNER_EDITOR = "partner_editor", "Partner editor"
    PARTNER_VIEWER = "partner_viewer", "Partner viewer"
    PANEL_MEMBER = "panel_member", "Panel member (read-only)"
    # Neither sees other organisations' records: a volunteer sees only their own visits, an
    # assessor only the applications assigned to them.
    VOLUNTEER = "volunteer", "Independent volunteer (custody or animal welfare visitor)"
    GRANT_ASSESSOR = "grant_assessor", "Grant assessment panel member"


# Roles held by the OPCC's own staff: they see every organisation's shared records.
OPCC_STAFF_ROLES = frozenset(
    {
        Role.OPCC_ADMIN,
        Role.OPCC_ANALYST,
        Role.OPCC_POLICY,
        Role.OPCC_COMMISSIONING,
        Role.ASB_COORDINATOR,
        Role.VOLUNTEER_COORDINATOR,
    }
)
# Roles given only inside the OPCC organisation itself: each of them sees every
# organisation's shared records, so a partner's member must never hold one.
OPCC_ONLY_ROLES = OPCC_STAFF_ROLES
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
    VOLUNTARY = "voluntary", "Voluntary sector provider"
    PANEL = "panel", "Police and Crime Panel"
