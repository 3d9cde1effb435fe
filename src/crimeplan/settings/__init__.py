"""Settings: base.py holds what every environment shares; local, test and production adjust it."""
