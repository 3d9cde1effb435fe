"""Refuses a request whose body is larger than its sender may send, before anything reads it.

Django reads a body when a view or the CSRF check first asks for the form, and writes a large
uploaded file to a temporary file as it reads; a request refused only after that has already
cost the disk. This middleware runs before either, and reads nothing but the Content-Length
header: someone who is not signed in may send at most CRIMEPLAN_PUBLIC_UPLOAD_MB (the public
grant application's largest attachment), a signed-in user CRIMEPLAN_MAX_UPLOAD_MB. A body
with no Content-Length (chunked) is never read by Django at all. The reverse proxy's own limit
(client_max_body_size, docs/how-to/deploy.md) stops it earlier still.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MB = 1024 * 1024
# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


def body_limit(request: HttpRequest) -> int:
    """The largest body, in bytes, this request's sender may send."""
    user = getattr(request, "user", None)
    megabytes = (
        settings.CRIMEPLAN_MAX_UPLOAD_MB
        if user is not None and user.is_authenticated
        else settings.CRIMEPLAN_PUBLIC_UPLOAD_MB
    )
    return int(megabytes) * MB + FORM_OVERHEAD


def declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        if declared_length(request) > limit:
            return render(request, "413.html", {"limit_mb": limit // MB}, status=413)
        return self.get_response(request)
