"""Who may do what with the crime data: the app's role sets, defined here only."""

from crimeplan.core.roles import Role

# Who may upload files, follow imports and download their rejected rows: the OPCC's analysts.
ANALYSTS = frozenset({Role.OPCC_ADMIN, Role.OPCC_ANALYST})
