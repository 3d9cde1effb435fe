"""The plan update report: the preview, the draft PDF and publication, and the published
versions anyone may read."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports

from .. import report
from ..models import Plan, PublishedReport
from ..permissions import PLAN_EDITOR_ROLES, PLAN_EXPORT_ROLES
from .common import (
    plan_by_slug,
)

# The plan update report -------------------------------------------------------------------


@role_required(*PLAN_EXPORT_ROLES)
@require_safe
def report_preview(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_by_slug(slug)
    built, body = report.draft(plan)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": plan,
            "title": built.title,
            "body": body,
            "draft": True,
            "can_publish": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


@role_required(*PLAN_EXPORT_ROLES)
@require_safe
@exports.download_view("pdf")
def report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    plan = plan_by_slug(slug)
    built, body = report.draft(plan)
    return exports.download_response(
        request=request,
        content=report.render_pdf(title=built.title, body=body),
        file_format="pdf",
        filename=f"{plan.slug}-update-draft",
        subject=f"the draft plan update of {plan.slug}",
        instance=plan,
        inline=True,
    )


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Checks the draft (references, figures, acronyms, links) and, on POST, publishes it;
    whatever blocks publication is listed and nothing is published."""
    plan = plan_by_slug(slug)
    problems: list[str] = []
    missing: list[str] = []
    not_confirmed = False
    if request.method == "POST":
        confirmed = request.POST.get("without_figures") == "yes"
        try:
            published = report.report_publish(
                plan=plan, actor=request.user, without_figures_confirmed=confirmed
            )
        except report.PublicationBlocked as blocked:
            problems = blocked.problems
            built, _body = report.draft(plan)
            missing = report.figures_missing(built, _latest_version(plan))
        except report.FiguresMissing as warned:
            missing = warned.warnings
            not_confirmed = True
        else:
            messages.success(request, f"Version {published.version} published.")
            return redirect("delivery:published_detail", slug=plan.slug, version=published.version)
    else:
        built, body = report.draft(plan)
        problems = report.publication_problems(built, body)
        missing = report.figures_missing(built, _latest_version(plan))
    return render(
        request,
        "delivery/report_publish.html",
        {
            "plan": plan,
            "published": plan.published_reports.defer("html", "pdf"),
            "problems": problems,
            "missing_figures": missing,
            "not_confirmed": not_confirmed,
            "confirmed": request.method == "POST" and request.POST.get("without_figures") == "yes",
            "checked_external": settings.CRIMEPLAN_CHECK_EXTERNAL_LINKS,
            "tried": request.method == "POST",
        },
        status=422 if (problems or not_confirmed) and request.method == "POST" else 200,
    )


def _latest_version(plan: Plan) -> PublishedReport | None:
    return plan.published_reports.defer("html", "pdf").order_by("-version").first()


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    reports = PublishedReport.objects.select_related("plan").defer("html", "pdf")
    return render(request, "delivery/published_list.html", {"reports": reports})


def _published(slug: str, version: int) -> PublishedReport:
    return get_object_or_404(PublishedReport, plan__slug=slug, version=version)


@require_safe
def published_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    published = _published(slug, version)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": published.plan,
            "title": published.title,
            "body": published.html,
            "published": published,
        },
    )


@require_safe
@exports.download_view("pdf")
def published_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponseBase:
    published = _published(slug, version)
    return exports.download_response(
        request=request,
        content=bytes(published.pdf),
        file_format="pdf",
        filename=f"{slug}-update-v{version}",
        subject=f"published plan update {slug} version {version}",
        instance=published,
        inline=True,
    )
