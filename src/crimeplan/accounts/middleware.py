"""Staff must set up an authenticator app (TOTP) before they can use anything else."""

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .permissions import viewer_for

# Paths a signed-in user without MFA may still reach: sign-in, MFA set-up, sign-out,
# static files, the health check and the public information pages.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/accessibility", "/privacy", "/cookies")


class RequireMfaForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and (viewer_for(user).is_member or user.is_staff)
            and not is_mfa_enabled(user, ["totp"])
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
