"""Who may do what with the survey and the unsafe-place reports: the app's role sets,
defined here only. (Which districts a partner sees is a selector's rule:
`selectors.districts_for`.)"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# The survey's estimates and charts: OPCC staff (the county and every district) and
# partners (their own districts).
SURVEY_READERS = OPCC_STAFF_ROLES | PARTNER_ROLES
# The unsafe-place reports people send: moderated by OPCC staff.
MODERATORS = OPCC_STAFF_ROLES
# Who publishes a year's survey results on the public page (and withdraws them).
PUBLISHERS = frozenset({Role.OPCC_ADMIN, Role.OPCC_POLICY})
