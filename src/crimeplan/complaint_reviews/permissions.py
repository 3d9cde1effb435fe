"""Who may do what with police complaint reviews: the app's role sets, defined here only.

There is no complaint review officer role (adding one needs a migration in accounts), so the
OPCC's policy officers and administrators review complaints; nobody outside the OPCC sees a
case, since each holds a member of the public's complaint about the police.
"""

from crimeplan.accounts.constants import Role

# Who opens the cases and changes them: the review officers.
REVIEWERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
