"""Who may do what with the register of partnerships, boards and jointly funded posts: the
app's role sets, defined here only.

Which boards and posts a partner sees is a visibility rule, not a role set:
`selectors.board_list` and `selectors.post_list` (the boards its organisation sits on or
chairs; the posts it hosts or funds).
"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# Who may open the register: every OPCC role sees all of it, a partner's people their own.
READERS = OPCC_STAFF_ROLES | PARTNER_ROLES
# Who may change it: the OPCC's policy officers (who support the boards) and administrators.
EDITORS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
