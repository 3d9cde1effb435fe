from crimeplan.core.plugins import ModuleConfig, NavEntry, ScheduledJob


class ComplaintReviewsConfig(ModuleConfig):
    name = "crimeplan.complaint_reviews"
    label = "complaint_reviews"
    verbose_name = "Police complaint reviews"
    url_prefix = "complaint-reviews/"
    urls = "crimeplan.complaint_reviews.urls"
    api_prefix = "/complaint-reviews"
    api_router = "crimeplan.complaint_reviews.api.router"
    navigation = (
        NavEntry(
            "Complaint reviews",
            "complaint_reviews:review_list",
            "crimeplan.complaint_reviews.selectors.shows_reviews",
            55,
        ),
    )
    scheduled_jobs = (
        ScheduledJob(
            "crimeplan complaint-reviews remind",
            "daily",
            "E-mail the review officers the complaint reviews whose acknowledgment or decision "
            "is due within two working days or overdue, each at most once a week.",
        ),
    )
    permissions = "crimeplan.complaint_reviews.permissions"
    demo = "crimeplan.complaint_reviews.demo"
    work = "crimeplan.complaint_reviews.work.queues"
    findings = "crimeplan.complaint_reviews.findings.all_findings"
    open_data = "crimeplan.complaint_reviews.opendata.datasets"
