from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class VictimsCodeConfig(ModuleConfig):
    name = "crimeplan.victims_code"
    label = "victims_code"
    verbose_name = "Victims' Code compliance"
    url_prefix = "victims-code/"
    urls = "crimeplan.victims_code.urls"
    api_prefix = "/victims-code"
    api_router = "crimeplan.victims_code.api.router"
    navigation = (
        NavEntry(
            "Victims' Code",
            "victims_code:return_list",
            "crimeplan.victims_code.selectors.shows_returns",
            75,
        ),
    )
    scheduled_jobs = (
        ScheduledJob(
            "crimeplan victims-code remind",
            "daily",
            "E-mail the partner editors of each agency whose Victims' Code return for the last "
            "ended quarter is overdue (at most weekly per agency and quarter).",
        ),
    )
    permissions = "crimeplan.victims_code.permissions"
    demo = "crimeplan.victims_code.demo"
    findings = "crimeplan.victims_code.findings.all_findings"
    open_data = "crimeplan.victims_code.opendata.datasets"
