"""Who may do what with the Victims' Code returns and the joint review: the app's role sets.

Each returning agency's partner editors make their own agency's return; the OPCC's staff see
every return. The published figures are public (no role needed).
"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role

# Who sees every agency's returns and the joint review meetings: the OPCC's staff.
RETURN_READERS = frozenset(OPCC_STAFF_ROLES)
# Who keeps the list of returning agencies, holds the review and records its actions; they may
# also upload or enter a return for any agency (a return sent to them by e-mail).
REVIEW_MANAGERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
# Who makes a return for their own organisation (when it is a returning agency).
RETURN_MAKERS = frozenset({Role.PARTNER_EDITOR})

# Victims' feedback survey (feedback_views.py): OPCC analysts, policy officers and
# administrators import it and read its estimates; policy officers and administrators publish.
FEEDBACK_READERS = frozenset({Role.OPCC_ANALYST, Role.OPCC_POLICY, Role.OPCC_ADMIN})
FEEDBACK_PUBLISHERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
