from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class AuditConfig(ModuleConfig):
    name = "crimeplan.audit"
    label = "audit"
    verbose_name = "Audit trail"
    url_prefix = "audit/"
    urls = "crimeplan.audit.urls"
    navigation = (
        NavEntry("Audit log", "audit:event_list", "crimeplan.audit.selectors.shows_audit_log", 140),
    )
    scheduled_jobs = (
        ScheduledJob(
            command="crimeplan audit verify --expect-head HASH",
            schedule="daily",
            purpose="Walk the audit trail's hash chain (exit 1 naming the first broken link). "
            "Keep the head hash it prints where the database's owner cannot change it, and pass "
            "the last one kept as HASH (docs/how-to/deploy.md, Database roles).",
        ),
    )

    def ready(self) -> None:
        from functools import partial

        from crimeplan.core.exports import record_exports_with

        from . import checks  # noqa: F401  (registers the system checks)
        from .constants import AuditAction
        from .services import audit_record

        # Every signed-in download goes through crimeplan.core.exports, which has this app write
        # its audit event (core imports no app, so the recorder is handed to it here).
        record_exports_with(partial(audit_record, action=AuditAction.EXPORT))
