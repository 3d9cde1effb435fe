from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class SiteConfig(ModuleConfig):
    """The shell: start and home pages, information pages, health, the menu, and the commands
    that span every module (load-demo, retention, erasure, scheduled-jobs). It sits above the
    domain apps, as the project's URL configuration does."""

    name = "crimeplan.site"
    label = "site"
    verbose_name = "Site shell"
    url_prefix = ""
    urls = "crimeplan.site.urls"
    navigation = (NavEntry("Home", "site:staff_home", "crimeplan.site.navigation.member", 10),)
    scheduled_jobs = (
        ScheduledJob(
            command="crimeplan retention apply",
            schedule="daily",
            purpose="Apply the retention schedule (docs/retention.md): delete or anonymise each "
            "kind of personal data kept longer than its period, ASB Case Reviews included; "
            "audited by counts.",
        ),
    )
