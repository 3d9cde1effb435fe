"""Survey and unsafe-place pages: thin views over the selectors and services."""

import dataclasses
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import Viewer, role_required, viewer_for
from crimeplan.core import exports, publicforms
from crimeplan.core.forms import add_validation_errors
from crimeplan.geography.models import District

from . import area_names, hotspots, maps, overlay, reports, results, selectors
from . import survey as survey_services
from .constants import ReportStatus
from .forms import HotspotForm, ModerationForm, RedactionForm, ReportForm
from .models import Survey, SurveyChart, UnsafePlaceReport
from .permissions import MODERATORS, PUBLISHERS, SURVEY_READERS

COUNTY = "county"
PAGE_SIZE = 25

# Unsafe-place reports one network may send an hour (core/publicforms.py).
REPORTS_PER_HOUR = 5
REPORTS = publicforms.PublicFormLimit("unsafe-place", REPORTS_PER_HOUR)


def _area(viewer: Viewer, area: str) -> District | None:
    """The district an `area` slug names, or None for the county; 404 where not allowed."""
    if area == COUNTY:
        if not viewer.is_opcc_staff:
            raise Http404
        return None
    return get_object_or_404(selectors.districts_for(viewer=viewer), code=area)


@role_required(*SURVEY_READERS)
@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "voice/survey_list.html",
        {
            "surveys": selectors.survey_list(),
            "districts": selectors.districts_for(viewer=viewer).order_by("name"),
            "county": viewer.is_opcc_staff,
            "can_publish": viewer.has_any(PUBLISHERS),
        },
    )


@role_required(*PUBLISHERS)
@require_http_methods(["POST"])
def survey_publish(request: HttpRequest, year: int) -> HttpResponse:
    """Publishes a year's results on the public survey page, or (publish=0) withdraws them."""
    survey = get_object_or_404(Survey, year=year)
    publish = request.POST.get("publish") != "0"
    survey_services.survey_publish(survey=survey, actor=request.user, publish=publish)
    messages.success(
        request,
        f"The {year} results are {'on' if publish else 'off'} the public survey page.",
    )
    return redirect("voice:survey_list")


@role_required(*SURVEY_READERS)
@require_safe
def survey_area(request: HttpRequest, year: int, area: str) -> HttpResponse:
    survey = get_object_or_404(Survey, year=year)
    district = _area(viewer_for(request.user), area)
    rows = selectors.estimate_rows(survey=survey, district=district)
    charts = SurveyChart.objects.filter(question__survey=survey, district=district).select_related(
        "question"
    )
    questions = [
        {
            "question": chart.question,
            "chart": chart,
            "rows": [r for r in rows if r["question"] == chart.question.code],
        }
        for chart in charts.order_by("question__order")
    ]
    return render(
        request,
        "voice/survey_area.html",
        {"survey": survey, "district": district, "area": area, "questions": questions},
    )


@role_required(*SURVEY_READERS)
@require_safe
@exports.download_view("csv")
def survey_download(request: HttpRequest, year: int, area: str) -> HttpResponseBase:
    survey = get_object_or_404(Survey, year=year)
    district = _area(viewer_for(request.user), area)
    return exports.table_response(
        request=request,
        rows=selectors.estimate_rows(survey=survey, district=district),
        columns=selectors.ESTIMATE_COLUMNS,
        file_format="csv",
        filename=f"survey-{year}-{area}",
        subject=f"survey estimates {year} ({area})",
        instance=survey,
    )


def _hotspot_context(request: HttpRequest, area: str) -> dict[str, object]:
    district = _area(viewer_for(request.user), area)
    form = HotspotForm(request.GET or None)
    start = end = None
    types: list[str] = []
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        types = form.cleaned_data["crime_types"]
    method = selectors.method_for(district)
    cells = selectors.published_hotspots(district=district, start=start, end=end, method=method)
    crimes = overlay.street_crime_cells(crime_types=types, resolution=method.resolution)
    places = area_names.places_for(
        cells, areas=selectors.district_boundaries(district), resolution=method.resolution
    )
    return {
        "district": district,
        "area": area,
        "form": form,
        "method": method,
        "cells": cells,
        "rows": overlay.overlay_rows(cells, crimes, places),
        "types": types,
        "counts": selectors.district_report_counts(district=district),
        "comparison": selectors.hotspot_comparison(
            district=district, start=start, end=end, method=method
        ),
    }


@role_required(*SURVEY_READERS)
@require_safe
def hotspot_area(request: HttpRequest, area: str) -> HttpResponse:
    context = _hotspot_context(request, area)
    district = context["district"]
    areas = selectors.district_boundaries(district if isinstance(district, District) else None)
    cells = context["cells"]
    assert isinstance(cells, list)  # noqa: S101 (narrowing for mypy)
    name = district.name if isinstance(district, District) else "the county"
    summary = (
        f"{len(cells)} cells in {name} with at least {hotspots.DEFAULT_MIN_COUNT} reports, "
        f"{sum(1 for c in cells if c.hotspot)} of them hotspots."
    )
    context["map"] = maps.hotspot_map(
        key="hotspot-map",
        areas=areas,
        cells=cells,
        title=f"Unsafe-place reports in {name}",
        description=summary,
    )
    context["summary"] = summary
    return render(request, "voice/hotspots.html", context)


@role_required(*SURVEY_READERS)
@require_safe
@exports.download_view("geojson", "csv", kwarg="file_format")
def hotspot_export(request: HttpRequest, area: str, file_format: str) -> HttpResponseBase:
    context = _hotspot_context(request, area)
    rows = context["rows"]
    assert isinstance(rows, list)  # noqa: S101 (narrowing for mypy)
    if file_format == "geojson":
        cells = context["cells"]
        method = context["method"]
        assert isinstance(cells, list) and isinstance(method, hotspots.Method)  # noqa: S101
        collection = hotspots.geojson(cells, method)
        by_cell = {r["cell"]: r for r in rows}
        for feature in collection["features"]:
            row = by_cell.get(feature["properties"]["cell"], {})
            feature["properties"]["place"] = row.get("place", "")
            feature["properties"]["street_crimes"] = row.get("street_crimes")
        body = json.dumps(collection).encode()
    else:
        body = exports.table_bytes(rows, overlay.OVERLAY_COLUMNS, "csv")
    return exports.download_response(
        request=request,
        content=body,
        file_format=file_format,
        filename=f"hotspots-{area}",
        subject=f"hotspots ({area}) for patrol planning",
        rows=len(rows),
        # Dates and crime types narrow the cells; none of them names anyone.
        filters=getattr(context["form"], "cleaned_data", {}),
        object_type="voice.hotspots",
    )


@role_required(*MODERATORS)
@require_safe
def moderation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReportStatus.PENDING)
    if status not in ReportStatus.values:
        status = ReportStatus.PENDING
    page = Paginator(selectors.reports_for_moderation(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "voice/moderation_list.html",
        {"page": page, "status": status, "statuses": ReportStatus.choices},
    )


@role_required(*MODERATORS)
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_object_or_404(UnsafePlaceReport, reference=reference)
    decision = ModerationForm(request.POST if "action" in request.POST else None)
    redaction = RedactionForm(
        request.POST if "place_description" in request.POST else None,
        initial={"place_description": report.place_description},
    )
    if request.method == "POST":
        if decision.is_bound and decision.is_valid():
            reports.report_moderate(
                report=report, action=decision.cleaned_data["action"], actor=request.user
            )
            messages.success(request, f"Report {report.reference}: {report.get_status_display()}.")
            return redirect("voice:moderation_list")
        if redaction.is_bound and redaction.is_valid():
            reports.report_redact(
                report=report,
                description=redaction.cleaned_data["place_description"],
                actor=request.user,
            )
            messages.success(request, f"Report {report.reference}: description saved.")
            return redirect("voice:report_detail", reference=report.reference)
    return render(
        request,
        "voice/report_detail.html",
        {"report": report, "decision": decision, "redaction": redaction},
    )


def _map_context() -> dict[str, object]:
    areas = [(d.name, d.boundary) for d in District.objects.all() if d.boundary]
    return maps.clickable_map(areas) if areas else {}


@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        refused = publicforms.refusal(
            request, limit=REPORTS, as_if_done=lambda: redirect("voice:report_done")
        )
        if refused is not None:
            return refused
        if form.is_valid():
            try:
                reports.report_submit(
                    today=timezone.localdate(),  # the day where the reporter is, not in UTC
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                # Only an accepted report counts: a form sent back with errors does not.
                REPORTS.record(request)
                return redirect("voice:report_done")
    return render(request, "voice/report_form.html", {"form": form, "map": _map_context()})


@require_safe
def report_done(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/report_done.html")


@require_safe
def published_hotspots(request: HttpRequest) -> HttpResponse:
    """The public's view: county cells with at least the minimum of accepted reports, and
    beside each hotspot what was done about it."""
    method, rows = results.published_hotspots_answered()
    cells = [row.cell for row in rows]
    areas = selectors.district_boundaries(None)
    places = area_names.places_for(cells, areas=areas, resolution=method.resolution)
    rows = [dataclasses.replace(row, place=places[row.cell.cell].label()) for row in rows]
    summary = ngettext(
        "%(count)s area with at least %(min)s reports, %(hotspots)s of them hotspots.",
        "%(count)s areas with at least %(min)s reports, %(hotspots)s of them hotspots.",
        len(cells),
    ) % {
        "count": len(cells),
        "min": method.min_count,
        "hotspots": sum(1 for c in cells if c.hotspot),
    }
    return render(
        request,
        "voice/published_hotspots.html",
        {
            "method": dataclasses.asdict(method),
            "method_text": method.describe(gettext),
            "rows": rows,
            "answered": sum(1 for row in rows if row.answers),
            "summary": summary,
            "map": maps.hotspot_map(
                key="public-map",
                areas=areas,
                cells=cells,
                title=gettext("Places where people reported feeling unsafe"),
                description=summary,
            )
            if areas
            else "",
            "counts": selectors.district_report_counts(),
        },
    )


@require_safe
def survey_results(request: HttpRequest) -> HttpResponse:
    """The public survey page: the newest published year's estimates by district with their
    intervals, the trend, and what was done about each finding."""
    found = results.survey_results(county_name=gettext("The force area"))
    return render(request, "voice/survey_results.html", {"results": found})
