"""Who may do what with delivery plans: the app's role sets, defined here only. (Which
actions a partner sees is a selector's rule: `selectors.action_list`.)"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# Who may open delivery pages at all: OPCC staff, partners (their own actions) and the Police
# and Crime Panel (read-only scrutiny). Volunteers and grant assessors have no part in delivery.
READ_ROLES = frozenset({*OPCC_STAFF_ROLES, *PARTNER_ROLES, Role.PANEL_MEMBER})
# Who maintains the plan and may edit every action, import plans and publish the update.
PLAN_EDITOR_ROLES = frozenset({Role.OPCC_ADMIN, Role.OPCC_POLICY})
# Who sees every action read-only without belonging to the OPCC.
SCRUTINY_ROLES = frozenset({Role.PANEL_MEMBER})
# Who may export a whole plan and preview the published update before it is published.
PLAN_EXPORT_ROLES = OPCC_STAFF_ROLES
