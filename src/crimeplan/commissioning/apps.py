from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class CommissioningConfig(ModuleConfig):
    name = "crimeplan.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
    url_prefix = ""
    urls = "crimeplan.commissioning.urls"
    api_prefix = "/commissioning"
    api_router = "crimeplan.commissioning.api.router"
    navigation = (
        NavEntry(
            "Commissioning",
            "commissioning:fund_list",
            "crimeplan.commissioning.selectors.shows_funds",
            40,
        ),
        # Grant assessors who are not OPCC staff: the applications of their panels' rounds.
        NavEntry(
            "Grant applications",
            "commissioning:application_list",
            "crimeplan.commissioning.selectors.shows_applications_only",
            41,
        ),
    )
    scheduled_jobs = (
        ScheduledJob(
            command="crimeplan commissioning send-reminders",
            schedule="daily",
            purpose="E-mail grantees whose monitoring returns are overdue (each return at most "
            "once a week).",
        ),
    )
    permissions = "crimeplan.commissioning.permissions"
    demo = "crimeplan.commissioning.demo"
    work = "crimeplan.commissioning.work.queues"
    # Delivery's plan items name awards ("award:<reference>"); delivery cannot import us.
    plan_reference_kinds = {"award": "crimeplan.commissioning.contracts.resolve_award_reference"}
