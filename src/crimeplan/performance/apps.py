from crimeplan.core.plugins import ModuleConfig, NavEntry


class PerformanceConfig(ModuleConfig):
    name = "crimeplan.performance"
    verbose_name = "Performance framework"
    url_prefix = "performance/"
    urls = "crimeplan.performance.urls"
    api_prefix = "/performance"
    api_router = "crimeplan.performance.api.router"
    navigation = (
        NavEntry(
            "Performance",
            "performance:index",
            "crimeplan.performance.selectors.shows_performance",
            20,
        ),
    )
    permissions = "crimeplan.performance.permissions"
    demo = "crimeplan.performance.demo"
    work = "crimeplan.performance.work.queues"
    open_data = "crimeplan.performance.opendata.datasets"
