from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "crimeplan.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
