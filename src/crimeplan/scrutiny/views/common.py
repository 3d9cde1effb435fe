"""What every scrutiny page shares: the viewer, the one-form page. (Role sets: `permissions`.)"""

import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crimeplan.accounts.permissions import Viewer, viewer_for
from crimeplan.core.pages import one_form_page

PAGE_SIZE = 25


def current_viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


FORM_TEMPLATE = "scrutiny/form.html"


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    caption: str,
    button: str,
    intro: str = "",
    act: Callable[[dict[str, Any]], Any] | None = None,
    then: Callable[[Any], HttpResponse] | None = None,
    done: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """The page of one form. Given `act` (the one service call) and `then` (where to go
    after), it is `core.pages.one_form_page`: a valid post calls the service, its
    ValidationError goes on the form."""
    context = {"heading": heading, "caption": caption, "button": button, "intro": intro}
    if act is not None and then is not None:
        return one_form_page(
            request, form, act=act, then=then, done=done, template=FORM_TEMPLATE, context=context
        )
    return render(request, FORM_TEMPLATE, {"form": form, **context})


def new_seed() -> int:
    return secrets.randbelow(1_000_000)
