from django.apps import AppConfig


class AsbReviewsConfig(AppConfig):
    name = "crimeplan.asb_reviews"
    label = "asb_reviews"
    verbose_name = "ASB Case Reviews"
