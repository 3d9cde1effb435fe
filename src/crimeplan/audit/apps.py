from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "crimeplan.audit"
    label = "audit"
    verbose_name = "Audit trail"
