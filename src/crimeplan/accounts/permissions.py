"""Who the viewer is and the view guards (`crimeplan.core.viewers`, re-exported here, as every
app imports them from this module), and the rules about organisations' people.

Every list, detail, export and API endpoint decides what a viewer sees through a selector
that calls `restrict_to_viewer`, so the rule lives in one place: OPCC staff see every
organisation's records; anyone else sees their own organisations' records and those
shared with them, never another partner's.
"""

from crimeplan.core.viewers import (
    ANONYMOUS,
    Viewer,
    member_required,
    restrict_to_viewer,
    role_required,
    viewer_for,
)

from .constants import Role

__all__ = [
    "ANONYMOUS",
    "APPOINTEE_ROLES",
    "Viewer",
    "manages_members",
    "member_required",
    "organisations_whose_people_are_seen",
    "restrict_to_viewer",
    "role_required",
    "viewer_for",
]


# Roles whose membership of an organisation shows them nothing of its people: volunteers and
# grant assessors are appointed through the OPCC, not its staff.
APPOINTEE_ROLES = frozenset({Role.VOLUNTEER, Role.GRANT_ASSESSOR})


def organisations_whose_people_are_seen(viewer: Viewer) -> frozenset[int]:
    """The organisations whose members a viewer who is not OPCC staff may see: those they
    belong to in any role but an appointee's."""
    return frozenset(org for org, role in viewer.role_pairs if role not in APPOINTEE_ROLES)


def manages_members(viewer: Viewer, organisation_id: int) -> bool:
    """Who may change an organisation and download its list of members: an OPCC
    administrator, for every organisation; a partner editor, for their own."""
    return viewer.is_opcc_admin or viewer.has_role_in(organisation_id, [Role.PARTNER_EDITOR])
