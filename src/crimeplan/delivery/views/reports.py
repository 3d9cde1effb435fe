"""The plan update report: the preview, the draft PDF and publication, and the published
versions anyone may read."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.languages import ENGLISH, WELSH, welsh_offered

from .. import report
from ..models import Plan, PublishedReport
from ..permissions import PLAN_EDITOR_ROLES, PLAN_EXPORT_ROLES
from ..report import welsh
from .common import (
    plan_by_slug,
)

# The plan update report -------------------------------------------------------------------


@role_required(*PLAN_EXPORT_ROLES)
@require_safe
def report_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft; its Welsh copy with `?copy=cy` where the site offers Welsh."""
    plan = plan_by_slug(slug)
    in_welsh = request.GET.get("copy") == WELSH
    if in_welsh and not welsh_offered():
        raise Http404("This site does not offer Welsh.")
    built, body = report.draft(plan, welsh=in_welsh)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": plan,
            "title": built.title,
            "body": body,
            "draft": True,
            "draft_in_welsh": in_welsh,
            "pdf_url": reverse("delivery:report_pdf_export", args=[plan.slug])
            + ("?copy=cy" if in_welsh else ""),
            "welsh_offered": welsh_offered(),
            "can_publish": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


@role_required(*PLAN_EXPORT_ROLES)
@require_safe
@exports.download_view("pdf")
def report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The draft as a PDF; its Welsh copy with `?copy=cy` where the site offers Welsh."""
    plan = plan_by_slug(slug)
    in_welsh = request.GET.get("copy") == WELSH
    if in_welsh and not welsh_offered():
        raise Http404("This site does not offer Welsh.")
    built, body = report.draft(plan, welsh=in_welsh)
    return exports.download_response(
        request=request,
        content=report.render_pdf(
            title=built.title, body=body, language=WELSH if in_welsh else ENGLISH
        ),
        file_format="pdf",
        filename=f"{plan.slug}-update-draft{'-cy' if in_welsh else ''}",
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
        (built, _body), _welsh_copy, problems = report.checked_drafts(plan)
        missing = report.figures_missing(built, _latest_version(plan))
    return render(
        request,
        "delivery/report_publish.html",
        {
            "plan": plan,
            "published": plan.published_reports.defer("html", "pdf", "html_cy", "pdf_cy"),
            "problems": problems,
            "missing_figures": missing,
            "not_confirmed": not_confirmed,
            "confirmed": request.method == "POST" and request.POST.get("without_figures") == "yes",
            "checked_external": settings.CRIMEPLAN_CHECK_EXTERNAL_LINKS,
            "tried": request.method == "POST",
            "welsh_offered": welsh_offered(),
        },
        status=422 if (problems or not_confirmed) and request.method == "POST" else 200,
    )


def _latest_version(plan: Plan) -> PublishedReport | None:
    return (
        plan.published_reports.defer("html", "pdf", "html_cy", "pdf_cy")
        .order_by("-version")
        .first()
    )


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    reports = PublishedReport.objects.select_related("plan").defer(
        "html", "pdf", "html_cy", "pdf_cy"
    )
    return render(request, "delivery/published_list.html", {"reports": reports})


def _published(slug: str, version: int) -> PublishedReport:
    return get_object_or_404(PublishedReport, plan__slug=slug, version=version)


def _in_welsh(request: HttpRequest, published: PublishedReport) -> bool:
    """Whether the reader is given the Welsh copy: their page is Welsh, or they asked for it
    (`?copy=cy`: staff, whose pages are English), and the version has one (a version
    published before Welsh was offered has none)."""
    asked = translation.get_language() == WELSH or request.GET.get("copy") == WELSH
    return asked and bool(published.html_cy)


@require_safe
def published_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    published = _published(slug, version)
    in_welsh = _in_welsh(request, published)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": published.plan,
            "title": published.title_cy if in_welsh else published.title,
            "body": published.html_cy if in_welsh else published.html,
            "body_in_page_language": in_welsh,
            "pdf_url": reverse("delivery:published_pdf_export", args=[slug, version])
            + ("?copy=cy" if in_welsh and request.GET.get("copy") == WELSH else ""),
            "published": published,
        },
    )


@require_safe
@exports.download_view("pdf")
def published_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponseBase:
    published = _published(slug, version)
    in_welsh = _in_welsh(request, published)
    return exports.download_response(
        request=request,
        content=bytes(published.pdf_cy if in_welsh else published.pdf),
        file_format="pdf",
        filename=f"{slug}-update-v{version}{'-cy' if in_welsh else ''}",
        subject=f"published plan update {slug} version {version}",
        instance=published,
        inline=True,
    )


# The Welsh copy's translation memory ------------------------------------------------------------

WELSH_PAGE_SIZE = 20
WELSH_FIELD = "cy-"


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def report_welsh(request: HttpRequest, slug: str) -> HttpResponse:
    """The Welsh of each piece of the plan's typed English the Welsh copy prints, a page at a
    time: those still lacking Welsh first (`?show=all` for every piece)."""
    plan = plan_by_slug(slug)
    if not welsh_offered():
        return render(request, "delivery/report_welsh.html", {"plan": plan, "offered": False})
    built, _body = report.draft(plan, welsh=True)
    pieces = built.translator.listed
    show_all = request.GET.get("show") == "all"
    shown = pieces if show_all else [p for p in pieces if not p.welsh]
    page = Paginator(shown, WELSH_PAGE_SIZE).get_page(request.GET.get("page"))
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}  # by the piece's field id ("" for the whole page)
    if request.method == "POST":
        typed = {
            name.removeprefix(WELSH_FIELD): request.POST.get(name, "")
            for name in request.POST
            if name.startswith(WELSH_FIELD)
        }
        try:
            changed = welsh.welsh_save(plan=plan, actor=request.user, pieces=pieces, welsh=typed)
        except ValidationError as error:
            errors = {
                (f"welsh-{key}" if key != NON_FIELD_ERRORS else ""): messages_
                for key, messages_ in error.message_dict.items()
            }
        else:
            messages.success(request, f"Welsh saved for {changed} piece(s).")
            kept = {"show": "all", "page": page.number} if show_all else {}
            return redirect(f"{request.path}{'?' + urlencode(kept) if kept else ''}")
    if errors:  # the pieces sent, as typed, to be put right
        by_key = {piece.key: piece for piece in pieces}
        sent = [(by_key[key], text) for key, text in typed.items() if key in by_key]
    else:
        sent = [(piece, piece.welsh) for piece in page.object_list]
    rows = [(piece, text, " ".join(errors.get(f"welsh-{piece.key}", []))) for piece, text in sent]
    return render(
        request,
        "delivery/report_welsh.html",
        {
            "plan": plan,
            "offered": True,
            "page": page,
            "rows": rows,
            "field_prefix": WELSH_FIELD,
            "errors": errors,
            "error_list": [
                (field_id, message) for field_id, found in errors.items() for message in found
            ],
            "show_all": show_all,
            "query": urlencode({"show": "all"}) if show_all else "",
            "total": len(pieces),
            "missing": sum(1 for p in pieces if not p.welsh),
        },
        status=422 if errors else 200,
    )
