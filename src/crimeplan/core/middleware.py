"""The shell's middleware: Server-Timing where it is on, a 400 for an address holding a NUL
character, and English for whoever is signed in.

Server-Timing: each response says how long the server spent on it (W3C Server Timing), so
load tests and browsers' developer tools can read server time apart from queueing and network.
Only where `CRIMEPLAN_SERVER_TIMING` is on (locally and in tests, for bench/http_load.py):
in production the header would tell anyone how long each request's queries took, which helps
an attacker time lookups (does this reference exist?) and costs the public nothing to lose.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation

# Where the JSON API lives (crimeplan/urls.py).
API_PREFIX = "/api/"


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read on each request, not once at start-up, so that a test can switch it.
        if not settings.CRIMEPLAN_SERVER_TIMING:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class RefuseNulMiddleware:
    """A 400 for a request whose path or query holds a NUL character (%00).

    No page's parameter can ever mean one, and PostgreSQL refuses one in any text it is sent,
    with a server error: in a lookup (a path's area or token), in a filter, in the audit
    event that records a download's filters. Refused here, no view, form or audit event
    sees one. The JSON API is left to its own validation, whose patterns exclude NUL and
    whose 422 its schema documents.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) and _holds_nul(request):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no page accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in _query_pairs(request))


def _query_pairs(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]


class SignedInInEnglishMiddleware:
    """Pages for someone signed in (staff, partners, volunteers) are in English, whatever the
    language cookie says: only what the public sees is translated (the Welsh Language
    Standards), so a member who chose Cymraeg on a public page must not get English staff
    pages declared Welsh. After LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and translation.get_language() != settings.LANGUAGE_CODE:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
