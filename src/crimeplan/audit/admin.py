"""The audit trail is not in Django admin: it is browsed in the app, read-only."""
