from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class RecommendationsConfig(ModuleConfig):
    name = "crimeplan.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations tracker"
    url_prefix = "recommendations/"
    urls = "crimeplan.recommendations.urls"
    api_prefix = "/recommendations"
    api_router = "crimeplan.recommendations.api.router"
    navigation = (
        NavEntry(
            "Recommendations",
            "recommendations:list",
            "crimeplan.recommendations.selectors.shows_tracker",
            37,
        ),
    )
    scheduled_jobs = (
        ScheduledJob(
            "crimeplan recommendations sync",
            "daily",
            "Bring the recommendations tracker up to date with every module's findings "
            "(complaint reviews, ASB Case Reviews, custody visiting, scrutiny panels, the "
            "Victims' Code joint review, unsafe-place hotspots and survey findings), in case "
            "an announcement was missed.",
        ),
    )
    permissions = "crimeplan.recommendations.permissions"
    demo = "crimeplan.recommendations.demo"

    def ready(self) -> None:
        from crimeplan.core.findings import finding_announced, read_answers_with

        from .selectors import finding_answers
        from .sync import on_finding_announced

        read_answers_with(finding_answers)

        finding_announced.connect(
            on_finding_announced, dispatch_uid="crimeplan.recommendations.sync"
        )
