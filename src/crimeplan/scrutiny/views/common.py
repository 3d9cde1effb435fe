"""What every scrutiny page shares: roles, the viewer, the one-form page."""

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.accounts.permissions import Viewer, viewer_for

from .. import selectors

PAGE_SIZE = 25
VISIT_ROLES = selectors.VISITS_NAV_ROLES
ISSUE_ROLES = frozenset({*OPCC_STAFF_ROLES, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})
OPCC = tuple(OPCC_STAFF_ROLES)


def current_viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    caption: str,
    button: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "scrutiny/form.html",
        {"form": form, "heading": heading, "caption": caption, "button": button, "intro": intro},
    )


def new_seed() -> int:
    return secrets.randbelow(1_000_000)
