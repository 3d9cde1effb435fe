"""The public page: inspections' grades and engage status, the recommendations the OPCC
marked public with its summary of their progress, and the figures (counts only). No sign-in."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from crimeplan.core import exports

from . import selectors

DOWNLOAD_FORMATS = ("csv", "xlsx", "ods")


@require_safe
def public_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recommendations/public.html",
        {
            "inspections": selectors.public_inspections(),
            "recommendations": selectors.public_recommendations(),
            "figures": selectors.public_figures(),
            "formats": DOWNLOAD_FORMATS,
            "today": timezone.localdate(),
        },
    )


@require_safe
@exports.download_view(*DOWNLOAD_FORMATS, kwarg="file_format")
def public_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The published recommendations, as the public page lists them."""
    return exports.table_response(
        request=request,
        rows=selectors.public_export_rows(selectors.public_recommendations()),
        columns=selectors.PUBLIC_COLUMNS,
        file_format=file_format,
        filename="published-recommendations",
        subject="published recommendations",
        title="Published recommendations",
        object_type="recommendations.Recommendation",
        about=exports.About(
            source="Recommendations made to the OPCC and the force, and the progress the OPCC "
            "tracks against them",
            as_at=timezone.localdate(),
        ),
    )
