"""Figures, downloads, and the annual reports: publishing, public HTML and PDF."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required
from crimeplan.core import exports
from crimeplan.core.bounds import EARLIEST_YEAR, LATEST_YEAR
from crimeplan.core.forms import add_validation_errors

from .. import figures, forms, reports, selectors, services
from ..constants import (
    CaseOutcome,
    PanelKind,
    ReportKind,
)
from ..figures import ICV_COLUMNS
from ..models import PublishedReport
from ..permissions import COORDINATORS, FIGURE_ROLES
from .common import (
    current_viewer,
)


def _year(request: HttpRequest) -> int:
    form = forms.YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return figures.financial_year(timezone.localdate())


@role_required(*FIGURE_ROLES)
@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    findings = selectors.right_findings(year=year)
    labels = [label for _, label in CaseOutcome.choices]
    return render(
        request,
        "scrutiny/figures.html",
        {
            "year": year,
            "icv": selectors.icv_figures(year=year),
            "by_right": figures.compliance_by(findings, by="right"),
            "by_agency": figures.compliance_by(findings, by="agency"),
            "outcome_labels": labels,
            "outcome_tables": [
                (
                    title,
                    [
                        (period, [cells.get(label, 0) for label in labels])
                        for period, cells in selectors.panel_outcomes(kind=kind)
                    ],
                )
                for kind, title in (
                    (PanelKind.OUT_OF_COURT, "Out-of-court disposal panel findings"),
                    (PanelKind.VETTING, "Vetting panel findings"),
                )
            ],
            "published": PublishedReport.objects.filter(year=year),
            "coordinator": current_viewer(request).has_any(COORDINATORS),
            "report_kinds": ReportKind.choices,
        },
    )


@role_required(*FIGURE_ROLES)
@require_safe
@exports.download_view("csv", "json", "xlsx", query="format", default="csv")
def figures_export(request: HttpRequest) -> HttpResponseBase:
    year = _year(request)
    file_format = request.GET.get("format") or "csv"
    return exports.table_response(
        request=request,
        rows=[row.as_dict() for row in selectors.icv_figures(year=year)],
        columns=ICV_COLUMNS,
        file_format=file_format,
        filename=f"icv-figures-{year}",
        subject=f"the ICV figures for {year}",
        title=f"ICV {year}",
        filters={"year": year},
        object_type="scrutiny.IcvFigures",
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, kind: str, year: int) -> HttpResponse:
    # The year's dates are worked out from it: year 0 or 10000 would be a server error.
    if kind not in ReportKind.values or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise Http404
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_publish(
                kind=kind, year=year, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Published {report}.")
            return redirect("scrutiny:public_report", pk=report.pk)
    preview = PublishedReport(
        kind=kind, year=year, figures=services.report_figures(kind=kind, year=year)
    )
    return render(
        request,
        "scrutiny/report_publish.html",
        {"form": form, "report": preview, **reports.context(preview)},
    )


@require_safe
def public_report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "scrutiny/public_report_list.html", {"reports": selectors.published_reports()}
    )


@require_safe
def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    return render(
        request, "scrutiny/public_report.html", {"report": report, **reports.context(report)}
    )


@require_safe
@exports.download_view("pdf")
def public_report_export_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    # In the reader's language: the page they came from is in it.
    language = translation.get_language() or settings.LANGUAGE_CODE
    return exports.download_response(
        request=request,
        content=reports.pdf_bytes(report, language),
        file_format="pdf",
        filename=reports.file_name(report, language),
        subject=f"published report {report.pk}",
        instance=report,
        inline=True,
    )
