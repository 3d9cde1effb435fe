"""Who may do what with commissioning: the app's role sets, defined here only. (Which
applications and awards a viewer sees is a selector's rule: `selectors.application_list`,
`selectors.award_list`.)"""

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, PARTNER_ROLES, Role

# Who runs the funds: sets up funds and rounds, decides, awards and pays.
COMMISSIONERS = (Role.OPCC_ADMIN, Role.OPCC_COMMISSIONING)
# Who may open the staff pages: every member of the OPCC's staff, read-only unless above.
OPCC = tuple(OPCC_STAFF_ROLES)
# Who may open applications: OPCC staff, and grant assessors (only the applications of the
# rounds whose panel they sit on).
ASSESSORS = (*OPCC, Role.GRANT_ASSESSOR)
# Who may open awards: OPCC staff, and partners (their own organisation's awards; which
# partners' roles count is `PARTNER_ROLES`).
PARTNERS = (*OPCC, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER)

__all__ = ["ASSESSORS", "COMMISSIONERS", "OPCC", "PARTNERS", "PARTNER_ROLES"]
