"""Who may do what with the performance framework."""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role

# Drafts (the live table, before publication): OPCC staff, partners and the Police and
# Crime Panel, who see them marked as drafts. Volunteers and grant assessors do not.
DRAFT_READERS = frozenset(
    OPCC_STAFF_ROLES | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER, Role.PANEL_MEMBER}
)
# Definitions, annotations, commentary and publication: the OPCC's analysts.
ANALYSTS = frozenset({Role.OPCC_ADMIN, Role.OPCC_ANALYST})
