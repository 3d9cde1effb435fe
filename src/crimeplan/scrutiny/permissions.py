"""Who may do what with custody visiting and the scrutiny panels: the app's role sets,
defined here only. (Which visits, issues and panels a viewer sees are selectors' rules.)"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# Who manages volunteers and the rota, and sees volunteers' personal details.
COORDINATORS = frozenset({Role.OPCC_ADMIN, Role.VOLUNTEER_COORDINATOR})
# Who manages the scrutiny panels.
PANEL_MANAGERS = frozenset({Role.OPCC_ADMIN, Role.VOLUNTEER_COORDINATOR, Role.OPCC_POLICY})
# The roles of the organisation that runs a custody site (the constabulary's people).
SITE_ROLES = PARTNER_ROLES
# Who may open the visit pages (and has a "Custody visits" menu entry): OPCC staff,
# volunteers and the sites' organisations.
VISIT_ROLES = frozenset({*OPCC_STAFF_ROLES, Role.VOLUNTEER, *SITE_ROLES})
# Who may open the issues raised on visits: OPCC staff and the sites' organisations.
ISSUE_ROLES = frozenset({*OPCC_STAFF_ROLES, *SITE_ROLES})
# Who may respond to an issue: the co-ordinators and the site's organisation's editors.
ISSUE_RESPONDERS = frozenset({*COORDINATORS, Role.PARTNER_EDITOR})
# Who may be a panel member who signs in, and so open the panel pages (the selector shows
# OPCC staff every panel and anyone else only the panels they serve on): OPCC staff, partners
# and Police and Crime Panel members; not independent volunteers or grant assessors.
PANEL_MEMBER_ROLES = frozenset({*OPCC_STAFF_ROLES, Role.PANEL_MEMBER, *PARTNER_ROLES})
# Who sees the annual figures.
FIGURE_ROLES = frozenset({*COORDINATORS, Role.OPCC_ANALYST, Role.OPCC_POLICY, Role.PANEL_MEMBER})
