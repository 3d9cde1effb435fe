"""Who may do what with the reference data: the app's role sets, defined here only."""

from crimeplan.core.roles import Role

# Who may set a force's population and its comparison group: the OPCC's analysts.
ANALYSTS = frozenset({Role.OPCC_ADMIN, Role.OPCC_ANALYST})
