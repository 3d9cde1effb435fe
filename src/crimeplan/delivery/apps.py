from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class DeliveryConfig(ModuleConfig):
    name = "crimeplan.delivery"
    label = "delivery"
    verbose_name = "Delivery plans"
    url_prefix = "delivery/"
    urls = "crimeplan.delivery.urls"
    api_prefix = "/delivery/"
    api_router = "crimeplan.delivery.api.router"
    navigation = (
        NavEntry("Delivery", "delivery:plan_list", "crimeplan.delivery.selectors.shows_plans", 30),
    )
    scheduled_jobs = (
        ScheduledJob(
            command="crimeplan delivery send-reminders",
            schedule="daily",
            purpose="E-mail owners of delivery actions overdue for a progress update.",
        ),
    )
    permissions = "crimeplan.delivery.permissions"
    demo = "crimeplan.delivery.demo"
    work = "crimeplan.delivery.work.queues"
