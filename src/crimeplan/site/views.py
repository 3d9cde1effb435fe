"""The shell: the public start page, the staff home page, information pages, open data, health."""

import json

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from crimeplan.accounts import selectors as account_selectors
from crimeplan.accounts.permissions import member_required, viewer_for
from crimeplan.core import exports, opendata, work
from crimeplan.retention import SCHEDULE, retention_period_text


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "site/start.html")


@member_required
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    memberships = account_selectors.membership_list(viewer=viewer).filter(user=request.user.pk)
    queues = work.queues_for(viewer, today=timezone.localdate())
    return render(request, "site/staff_home.html", {"memberships": memberships, "queues": queues})


def _feed(request: HttpRequest) -> dict:
    return opendata.feed(
        page_url=lambda name: request.build_absolute_uri(reverse(name)),
        schema_url=request.build_absolute_uri(reverse("site:open_data_schema")),
    )


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """What the OPCC publishes as open data: the feed, its schema and licence, each dataset."""
    feed = _feed(request)
    return render(
        request,
        "site/open_data.html",
        {"feed": feed, "about": feed["about"], "ogl_url": exports.OGL_URL},
    )


@require_safe
@exports.download_view("json")
def open_data_feed(request: HttpRequest) -> HttpResponseBase:
    """Every published dataset in one JSON document (crimeplan.core.opendata)."""
    feed = _feed(request)
    return exports.download_response(
        request=request,
        content=json.dumps(feed, indent=1, ensure_ascii=False, allow_nan=False).encode("utf-8"),
        file_format="json",
        filename=f"open-data-{settings.CRIMEPLAN_FORCE}",
        subject="the open-data feed",
        rows=sum(len(d["rows"]) for d in feed["datasets"]),
        inline=True,
    )


@require_safe
@exports.download_view("json")
def open_data_schema(request: HttpRequest) -> HttpResponseBase:
    """The feed's JSON Schema, as documented in docs/open-data.md."""
    return exports.download_response(
        request=request,
        content=opendata.SCHEMA_FILE.read_bytes(),
        file_format="json",
        filename=f"open-data-feed-schema-{opendata.SCHEMA_VERSION}",
        subject="the open-data feed's schema",
        content_type="application/schema+json",
        inline=True,
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    # The retention part is the schedule itself (crimeplan.retention), so it cannot drift.
    retention = [(kind.data, retention_period_text(kind), kind.action) for kind in SCHEDULE]
    return render(request, "site/privacy.html", {"retention": retention})


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html", {"language_cookie": settings.LANGUAGE_COOKIE_NAME})


@never_cache
@require_safe
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: remembers the visitor's choice in the language cookie and goes back
    to the page they were on (a link, so it works without JavaScript; only a preference is
    set). A language the site does not offer is not found; a `next` off this site goes home."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("This site is not offered in that language")
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
    )
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return JsonResponse(
            {"status": "error", "database": {"status": "error", "error": error.__class__.__name__}},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": {"status": "ok", "vendor": connection.vendor}})
