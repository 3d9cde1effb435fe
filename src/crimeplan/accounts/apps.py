from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class AccountsConfig(ModuleConfig):
    name = "crimeplan.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
    url_prefix = "organisations/"
    urls = "crimeplan.accounts.urls"
    navigation = (
        NavEntry(
            "Organisations",
            "accounts:organisation_list",
            "crimeplan.accounts.selectors.shows_organisations",
            120,
        ),
    )
    demo = "crimeplan.accounts.demo"
    scheduled_jobs = (
        ScheduledJob(
            command="crimeplan clearsessions",
            schedule="daily",
            purpose="Remove expired sign-in sessions.",
        ),
    )

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the check on every module's role sets)
