from django.urls import path, register_converter

from . import views
from .models import REFERENCE_ALPHABET


class ReportReference:
    """A report's random reference (7KQ2-MZ9D-4TXB); anything else is not found."""

    regex = "-".join([f"[{REFERENCE_ALPHABET}]{{4}}"] * 3)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportReference, "report_reference")

app_name = "voice"

urlpatterns = [
    path("survey/", views.survey_list, name="survey_list"),
    path("survey/<int:year>/publish/", views.survey_publish, name="survey_publish"),
    path("survey/<int:year>/<str:area>/", views.survey_area, name="survey_area"),
    path(
        "survey/<int:year>/<str:area>/estimates.csv",
        views.survey_download,
        name="survey_export",
    ),
    path("hotspots/<str:area>/", views.hotspot_area, name="hotspot_area"),
    path(
        "hotspots/<str:area>/hotspots.<str:file_format>",
        views.hotspot_export,
        name="hotspot_export",
    ),
    path("reports/", views.moderation_list, name="moderation_list"),
    path("reports/<report_reference:reference>/", views.report_detail, name="report_detail"),
    path("report-an-unsafe-place/", views.report_start, name="report_start"),
    path("report-an-unsafe-place/done/", views.report_done, name="report_done"),
    path("unsafe-places/", views.published_hotspots, name="published_hotspots"),
    path("survey-results/", views.survey_results, name="survey_results"),
]
