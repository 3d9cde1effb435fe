from crimeplan.core.plugins import ModuleConfig, NavEntry


class ScrutinyConfig(ModuleConfig):
    name = "crimeplan.scrutiny"
    label = "scrutiny"
    verbose_name = "Custody visiting and scrutiny panels"
    url_prefix = "scrutiny/"
    urls = "crimeplan.scrutiny.urls"
    api_prefix = "/scrutiny"
    api_router = "crimeplan.scrutiny.api.router"
    navigation = (
        NavEntry(
            "Custody visits", "scrutiny:visit_list", "crimeplan.scrutiny.selectors.shows_visits", 60
        ),
        NavEntry(
            "Scrutiny panels",
            "scrutiny:panel_list",
            "crimeplan.scrutiny.selectors.shows_panels",
            70,
        ),
        NavEntry(
            "Scrutiny reports",
            "scrutiny:public_report_list",
            "crimeplan.scrutiny.selectors.shows_reports",
            150,
        ),
    )
    permissions = "crimeplan.scrutiny.permissions"
    demo = "crimeplan.scrutiny.demo"
    work = "crimeplan.scrutiny.work.queues"
    findings = "crimeplan.scrutiny.findings.all_findings"
    open_data = "crimeplan.scrutiny.opendata.datasets"
