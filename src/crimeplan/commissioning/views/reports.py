"""Reports: totals by fund, round, priority, district or provider, their exports, what was
funded in each area, and the grants the OPCC publishes."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports

from .. import selectors, threesixtygiving
from ..constants import EXPORT_FORMATS
from ..permissions import OPCC


@role_required(*OPCC)
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "fund")
    if by not in selectors.TOTAL_DIMENSIONS:
        by = "fund"
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/report.html",
        {
            "by": by,
            "by_label": selectors.TOTAL_DIMENSIONS[by][1],
            "dimensions": [(k, v[1]) for k, v in selectors.TOTAL_DIMENSIONS.items()],
            "rows": selectors.award_totals(viewer=viewer, by=by),
            "summary": selectors.summary(),
        },
    )


@role_required(*OPCC)
@require_safe
@exports.download_view(*EXPORT_FORMATS, query="format", default="csv")
def report_export(request: HttpRequest) -> HttpResponseBase:
    by = request.GET.get("by", "summary")
    file_format = request.GET.get("format") or "csv"
    if by != "summary" and by not in selectors.TOTAL_DIMENSIONS:
        raise Http404
    if by == "summary":
        rows = selectors.summary_for_export(selectors.summary())
        columns = selectors.SUMMARY_COLUMNS
    else:
        rows, columns = selectors.totals_for_export(
            selectors.award_totals(viewer=viewer_for(request.user), by=by), by
        )
    return exports.table_response(
        request=request,
        rows=rows,
        columns=columns,
        file_format=file_format,
        filename=f"commissioning-{by}",
        subject=f"commissioning totals by {by}",
        title=f"by {by}",
        filters={"by": by},
        object_type="commissioning.Award",
    )


@role_required(members=True)
@require_safe
def area_summary(request: HttpRequest) -> HttpResponse:
    return render(request, "commissioning/area_summary.html", {"areas": selectors.area_summary()})


@require_safe
def public_grants(request: HttpRequest) -> HttpResponse:
    """The local grants the OPCC publishes; open to everyone."""
    return render(
        request,
        "commissioning/public_grants.html",
        {"awards": selectors.public_grants()},
    )


@require_safe
@exports.download_view("json", "csv", kwarg="file_format")
def public_grants_360(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The published grants in the 360Giving Data Standard: its JSON package, or its
    one-table CSV (with the source, as-at date and licence every public CSV ends with). The
    standard has no empty package: until a grant is published there is none to download."""
    today = timezone.localdate()
    awards = list(selectors.public_grants())
    if not awards:
        raise Http404("No grants are published yet")
    package = threesixtygiving.package(
        awards,
        as_at=today,
        access_url=request.build_absolute_uri(reverse("commissioning:public_grants")),
        download_url=request.build_absolute_uri(
            reverse("commissioning:public_grants_360", kwargs={"file_format": "json"})
        ),
    )
    stem = f"{settings.CRIMEPLAN_360G_PREFIX}-grants"
    if file_format == "json":
        return exports.download_response(
            request=request,
            content=json.dumps(package, indent=1, ensure_ascii=False).encode("utf-8"),
            file_format="json",
            filename=stem,
            subject="the published grants in 360Giving JSON",
            rows=len(package["grants"]),
            object_type="commissioning.Award",
        )
    return exports.table_response(
        request=request,
        rows=[threesixtygiving.csv_row(g) for g in package["grants"]],
        columns=threesixtygiving.CSV_COLUMNS,
        file_format="csv",
        filename=stem,
        subject="the published grants in 360Giving CSV",
        object_type="commissioning.Award",
        about=exports.About(
            source="Grants awarded by the OPCC from its local and joint funds, as recorded "
            "in crimeplan",
            as_at=today,
        ),
    )
