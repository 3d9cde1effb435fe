"""The site's roles: what a membership of an organisation lets its holder do.

Every app guards its pages and filters its records by these, and the viewer
(`crimeplan.core.viewers`) is described in their terms, so they live in the kernel that every
app builds on. `crimeplan.accounts.constants` re-exports them with the kinds of organisation;
each app names its own sets of them in its `permissions` module.
"""

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
