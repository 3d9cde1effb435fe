"""The one-form page: shown on GET; on a POST whose form is valid, one service call, then a
message and a redirect. A ValidationError the service raises goes onto the form's fields
(`core.forms.add_validation_errors`) and the page is shown again with what was typed.

    return one_form_page(
        request,
        form,
        act=lambda data: services.site_save(site=form.save(commit=False), actor=request.user),
        done=lambda site: f"Added {site.name}.",
        then=lambda site: redirect("scrutiny:site_list"),
        template="scrutiny/form.html",
        context={"heading": "Add a site"},
    )
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import add_validation_errors


def one_form_page[T](
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    act: Callable[[dict[str, Any]], T],
    then: Callable[[T], HttpResponse],
    template: str,
    context: Mapping[str, Any] | None = None,
    done: str | Callable[[T], str] = "",
) -> HttpResponse:
    """`act` is given the form's cleaned data and makes the one service call; `then` turns
    what it returned into the response (a redirect); `done`, the success message (or a
    function of what `act` returned). Otherwise `template` is rendered with `form` and
    `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            message = done(result) if callable(done) else done
            if message:
                messages.success(request, message)
            return then(result)
    return render(request, template, {"form": form, **(context or {})})
