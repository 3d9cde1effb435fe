"""What the commissioning staff pages share: the one-form page, the records a viewer may see
(a 404 for any other), and amounts shown in a form."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.money import pence_to_pounds_text
from crimeplan.core.pages import one_form_page

from .. import selectors
from ..models import Application, Award, Round


def form_page[T](
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    act: Callable[[dict[str, Any]], T],
    then: Callable[[T], HttpResponse],
    done: str | Callable[[T], str],
    title: str,
    caption: str | None,
    button: str,
    back: str,
    back_url: int | None = None,
    intro: str = "",
) -> HttpResponse:
    """The one-form page (`core.pages.one_form_page`) in commissioning's form template: `act`
    makes the one service call with the form's data, then `done` is the message and `then`
    the redirect. The back link is the URL named `back` (of the record `back_url`)."""
    context: dict[str, Any] = {"title": title, "caption": caption, "button": button, "back": back}
    if back_url is not None:
        context["back_url"] = back_url
    if intro:
        context["intro"] = intro
    return one_form_page(
        request,
        form,
        act=act,
        then=then,
        done=done,
        template="commissioning/form.html",
        context=context,
    )


def pounds_initial(pence: int | None) -> str:
    return pence_to_pounds_text(pence) if pence is not None else ""


def round_form(
    request: HttpRequest, pk: int, form_class: Any, *, title: str, button: str, save: Any
) -> HttpResponse:
    """A form that adds to a round (`save(round, data)`), back to the round once saved."""
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    return form_page(
        request,
        form_class(request.POST or None),
        act=lambda data: save(round_, data),
        done="Saved.",
        then=lambda _saved: redirect("commissioning:round_detail", pk=round_.pk),
        title=title,
        caption=str(round_),
        button=button,
        back="commissioning:round_detail",
        back_url=round_.pk,
    )


def visible_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(selectors.application_list(viewer=viewer_for(request.user)), pk=pk)


def visible_award(request: HttpRequest, pk: int) -> Award:
    return get_object_or_404(selectors.award_list(viewer=viewer_for(request.user)), pk=pk)


def award_form(
    request: HttpRequest, award: Award, form: Any, *, title: str, button: str, save: Any
) -> HttpResponse:
    """A form about an award (`save(data)`), back to the award once saved."""
    return form_page(
        request,
        form,
        act=save,
        done="Saved.",
        then=lambda _saved: redirect("commissioning:award_detail", pk=award.pk),
        title=title,
        caption=award.title,
        button=button,
        back="commissioning:award_detail",
        back_url=award.pk,
    )
