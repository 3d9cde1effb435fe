"""Who may do what with the recommendations tracker: the app's role sets, defined here only.

Which recommendations a partner sees is a visibility rule, not a role set:
`selectors.recommendation_list` (those its organisation owns).
"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# Who may open the tracker: every OPCC role sees all of it, a partner's people their own.
READERS = OPCC_STAFF_ROLES | PARTNER_ROLES
# Who records items directly, sets priorities and links, closes and publishes.
MANAGERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
# Who adds evidence and moves an item on: the OPCC's managers, and a partner's editors for
# the items their organisation owns.
UPDATERS = MANAGERS | {Role.PARTNER_EDITOR}
