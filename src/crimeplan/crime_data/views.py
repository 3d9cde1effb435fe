"""Crime data pages: imports (with progress), uploads, stored counts and their data quality."""

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import member_required, role_required, viewer_for
from crimeplan.core import exports
from crimeplan.geography.models import Force

from . import charts, selectors, services
from .constants import ImportStatus
from .forms import SummaryForm, UploadForm
from .import_locks import import_runs_fail_killed
from .permissions import ANALYSTS

PAGE_SIZE = 25


@role_required(*ANALYSTS)
@require_safe
def import_list(request: HttpRequest) -> HttpResponse:
    # An import whose process was killed would otherwise show as running for ever.
    import_runs_fail_killed()
    page = Paginator(selectors.import_list(viewer=viewer_for(request.user)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "crime_data/import_list.html", {"page": page})


@role_required(*ANALYSTS)
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    import_runs_fail_killed()
    run = get_object_or_404(selectors.import_list(viewer=viewer_for(request.user)), pk=pk)
    running = run.status in {ImportStatus.QUEUED, ImportStatus.RUNNING}
    return render(request, "crime_data/import_detail.html", {"run": run, "running": running})


@role_required(*ANALYSTS)
@require_safe
@exports.download_view("csv")
def import_rejected_rows(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The importer writes each rejected row as the uploaded file had it, so the file is read
    back and written out again through the export module: a row beginning with "=" reaches
    the analyst's spreadsheet as text."""
    run = get_object_or_404(selectors.import_list(viewer=viewer_for(request.user)), pk=pk)
    path = Path(run.rejected_rows_file) if run.rejected_rows_file else None
    if path is None or not path.is_file():
        raise Http404
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    return exports.download_response(
        request=request,
        content=_rejected_lines(path),
        file_format="csv",
        filename=f"import-{run.pk}-rejected-rows",
        subject=f"the rejected rows of import {run.pk}",
        rows=max(rows, 0),
        instance=run,
    )


def _rejected_lines(path: Path) -> Iterator[str]:
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        records = csv.reader(handle)
        yield from exports.csv_lines(next(records, []), records)


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.upload_queue(
            upload=data["file"],
            kind=data["kind"],
            force=data["force"],
            skip_bad_rows=data["skip_bad_rows"],
            allow_shrink=data["allow_shrink"],
            actor=request.user,
        )
        return redirect("crime_data:import_detail", pk=run.pk)
    return render(request, "crime_data/upload.html", {"form": form})


@member_required
@require_safe
@exports.download_view("csv", "json", "xlsx", query="format")
def summary(request: HttpRequest, police_uk_id: str | None = None) -> HttpResponseBase:
    forces = selectors.forces_with_data()
    force = (
        get_object_or_404(Force, police_uk_id=police_uk_id)
        if police_uk_id
        else forces.filter(police_uk_id=settings.CRIMEPLAN_FORCE).first() or forces.first()
    )
    form = SummaryForm(request.GET or None)
    rows: list[dict[str, object]] = []
    by = ["month", "crime_type"]
    quality = None
    chart = None
    error = ""
    if force is not None:
        start = end = None
        if form.is_valid():
            by = (form.cleaned_data["by"] or "month,crime_type").split(",")
            try:
                start = (
                    selectors.month_start(form.cleaned_data["start"])
                    if form.cleaned_data["start"]
                    else None
                )
                end = (
                    selectors.month_start(form.cleaned_data["end"])
                    if form.cleaned_data["end"]
                    else None
                )
            except ValueError as problem:
                error = str(problem)
        rows = selectors.crime_summary(force=force, by=by, start=start, end=end)
        quality = selectors.data_quality(force=force, start=start, end=end)
        file_format = request.GET.get("format")
        if file_format:
            return _download(request, force, rows, by, file_format, start=start, end=end)
        chart = charts.monthly_chart(force=force, start=start, end=end)
    return render(
        request,
        "crime_data/summary.html",
        {
            "force": force,
            "forces": forces,
            "form": form,
            "rows": rows,
            "by": by,
            "quality": quality,
            "chart": chart,
            "error": error,
            "query": request.GET.urlencode(),
        },
    )


def _download(
    request: HttpRequest,
    force: Force,
    rows: list[dict[str, object]],
    by: list[str],
    file_format: str,
    *,
    start: datetime.date | None,
    end: datetime.date | None,
) -> HttpResponseBase:
    return exports.table_response(
        request=request,
        rows=rows,
        columns=[*by, "count"],
        file_format=file_format,
        filename=f"{force.police_uk_id}-crime",
        subject=f"{force} crime counts by {', '.join(by)}",
        title=f"{force.police_uk_id} crime",
        filters={"by": ",".join(by), "start": start, "end": end},
        object_type="crime_data.CrimeCount",
    )


@member_required
@require_safe
def quality(request: HttpRequest, police_uk_id: str) -> HttpResponse:
    force = get_object_or_404(Force, police_uk_id=police_uk_id)
    reports = [
        selectors.data_quality(force=force, kind=kind)
        for kind in ("street", "street_api", "outcomes", "stop_and_search")
    ]
    return render(
        request,
        "crime_data/quality.html",
        {"force": force, "reports": [r for r in reports if r.months]},
    )
