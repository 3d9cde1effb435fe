"""Figures, downloads, and the annual reports: publishing, public HTML and PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.core.forms import add_validation_errors
from crimeplan.crime_data.exports import FORMATS, table_bytes

from .. import figures, forms, reports, selectors, services
from ..constants import (
    COORDINATORS,
    CaseOutcome,
    PanelKind,
    ReportKind,
)
from ..figures import ICV_COLUMNS
from ..models import PublishedReport
from .common import (
    current_viewer,
)


def _year(request: HttpRequest) -> int:
    form = forms.YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return figures.financial_year(timezone.localdate())


@role_required(*selectors.FIGURE_ROLES)
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


@role_required(*selectors.FIGURE_ROLES)
@require_safe
def figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    rows = [row.as_dict() for row in selectors.icv_figures(year=year)]
    data = table_bytes(rows, ICV_COLUMNS, file_format, title=f"ICV {year}")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="scrutiny.IcvFigures",
        object_label=f"ICV figures {year}",
        summary=f"Exported the ICV figures for {year} as {file_format}",
        path=request.get_full_path(),
    )
    response = HttpResponse(data, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="icv-figures-{year}.{file_format}"'
    return response


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, kind: str, year: int) -> HttpResponse:
    if kind not in ReportKind.values:
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
def public_report_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    response = HttpResponse(reports.pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reports.file_stem(report)}.pdf"'
    return response
