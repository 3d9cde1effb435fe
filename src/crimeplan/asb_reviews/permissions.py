"""Who may do what with ASB Case Reviews: the app's role sets, defined here only.

Which cases a partner sees is a visibility rule, not a role set: `selectors.case_list`.
"""

from crimeplan.accounts.constants import PARTNER_ROLES, Role
from crimeplan.accounts.permissions import Viewer

# The co-ordinator and the OPCC administrator: every case, and every change to one.
MANAGERS = frozenset({Role.ASB_COORDINATOR, Role.OPCC_ADMIN})
# Who may open the case pages at all (a partner sees only the cases shared with it).
CASE_ROLES = MANAGERS | PARTNER_ROLES


def edits_for(viewer: Viewer, organisation_id: int) -> bool:
    """Who may record what an organisation did on a case (its account, a recommendation it
    owns done): the managers, or an editor of that organisation."""
    return viewer.has_any(MANAGERS) or viewer.has_role_in(organisation_id, [Role.PARTNER_EDITOR])
