from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class VoiceConfig(ModuleConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crimeplan.voice"
    verbose_name = "The public's voice"
    url_prefix = "voice/"
    urls = "crimeplan.voice.urls"
    api_prefix = "/voice/"
    api_router = "crimeplan.voice.api.router"
    navigation = (
        NavEntry("Survey", "voice:survey_list", "crimeplan.voice.selectors.shows_survey", 80),
        NavEntry(
            "Unsafe-place reports",
            "voice:moderation_list",
            "crimeplan.voice.selectors.shows_moderation",
            90,
        ),
    )
    scheduled_jobs = (
        ScheduledJob(
            "crimeplan unsafe-places follow-ups",
            "daily",
            "Send the one e-mail a reporter asked for once their area's hotspot or survey "
            "finding is answered with a published update, and delete the address.",
        ),
    )
    permissions = "crimeplan.voice.permissions"
    demo = "crimeplan.voice.demo"
    findings = "crimeplan.voice.findings.all_findings"
