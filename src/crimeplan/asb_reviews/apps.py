from crimeplan.core.plugins import ModuleConfig, NavEntry


class AsbReviewsConfig(ModuleConfig):
    name = "crimeplan.asb_reviews"
    label = "asb_reviews"
    verbose_name = "ASB Case Reviews"
    url_prefix = "asb-reviews/"
    urls = "crimeplan.asb_reviews.urls"
    api_prefix = "/asb-reviews/"
    api_router = "crimeplan.asb_reviews.api.router"
    navigation = (
        NavEntry(
            "ASB Case Reviews",
            "asb_reviews:case_list",
            "crimeplan.asb_reviews.selectors.may_see_cases",
            50,
        ),
    )
    permissions = "crimeplan.asb_reviews.permissions"
    demo = "crimeplan.asb_reviews.demo"
    work = "crimeplan.asb_reviews.work.queues"
    findings = "crimeplan.asb_reviews.findings.all_findings"
    open_data = "crimeplan.asb_reviews.opendata.datasets"
