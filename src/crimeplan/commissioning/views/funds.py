"""Funds and rounds: the list of funds, a fund, its rounds, and a round's scoring criteria,
eligibility questions and panel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core.money import format_pence

from .. import forms, selectors, services
from ..constants import FundKind
from ..models import Fund, Round
from ..permissions import COMMISSIONERS, OPCC
from .common import (
    form_page,
    pounds_initial,
    round_form,
)


@role_required(*OPCC)
@require_safe
def fund_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/fund_list.html",
        {
            "funds": selectors.fund_list(),
            "archived_funds": selectors.fund_list(archived=True),
            "summary": selectors.summary(),
            "overdue": selectors.overdue_returns(viewer=viewer),
            "can_edit": viewer.has_any(COMMISSIONERS),
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        forms.FundForm(request.POST or None),
        act=lambda data: services.fund_create(actor=request.user, **data),
        done=lambda fund: f"{fund} created.",
        then=lambda fund: redirect("commissioning:fund_detail", pk=fund.pk),
        title="Add a fund",
        caption="Commissioning",
        back="commissioning:fund_list",
        button="Add fund",
    )


@role_required(*OPCC)
@require_safe
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    return render(
        request,
        "commissioning/fund_detail.html",
        {
            "fund": fund,
            "rounds": fund.rounds.all(),
            "summary": selectors.summary(fund=fund),
            "can_edit": viewer_for(request.user).has_any(COMMISSIONERS),
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    initial = {
        "name": fund.name,
        "funder": fund.funder,
        "description": fund.description,
        "costs_split": fund.costs_split,
        "carry_over_allowed": fund.carry_over_allowed,
        "specified_authorities": list(fund.specified_authorities.all()),
    }
    form = forms.FundEditForm(
        request.POST or None,
        initial=initial,
        kind=fund.kind,
        linked=fund.specified_authorities.values_list("pk", flat=True),
    )
    return form_page(
        request,
        form,
        act=lambda data: services.fund_update(actor=request.user, fund=fund, **data),
        done=lambda saved: f"{saved} saved.",
        then=lambda _saved: redirect("commissioning:fund_detail", pk=fund.pk),
        title="Change the fund",
        caption=f"{fund.name} ({fund.get_kind_display()})",
        button="Save fund",
        back="commissioning:fund_detail",
        back_url=fund.pk,
    )


@role_required(*COMMISSIONERS)
@require_POST
def fund_archive(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    try:
        services.fund_archive(actor=request.user, fund=fund)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(
            request, f"{fund} archived. Its rounds take no new applications; reports keep it."
        )
    return redirect("commissioning:fund_detail", pk=fund.pk)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    return form_page(
        request,
        forms.RoundForm(request.POST or None),
        act=lambda data: services.round_create(
            actor=request.user,
            fund=fund,
            name=data["name"],
            years=data["years"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            budget_pence=data["budget"],
            max_bids=data["max_bids"],
            max_amount_pence=data["max_amount"],
            match_funding_percent=data["match_funding_percent"],
            match_funding_form=data["match_funding_form"],
        ),
        done=lambda round_: f"{round_} created.",
        then=lambda round_: redirect("commissioning:round_detail", pk=round_.pk),
        title="Add a round",
        caption=fund.name,
        button="Add round",
        back="commissioning:fund_detail",
        back_url=fund.pk,
    )


@role_required(*OPCC)
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/round_detail.html",
        {
            "round": round_,
            "fund": round_.fund,
            "criteria": round_.criteria.all(),
            "questions": round_.questions.all(),
            "panel": round_.panel.select_related("user"),
            "bids": round_.bids.all(),
            "applications": selectors.application_list(viewer=viewer).filter(round=round_),
            "awards": round_.awards.select_related("recipient", "district"),
            "can_edit": viewer.has_any(COMMISSIONERS),
            "is_national": round_.fund.kind == FundKind.NATIONAL,
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    national = round_.fund.kind == FundKind.NATIONAL
    initial = {
        "name": round_.name,
        "years": round_.years,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "budget": pounds_initial(round_.budget_pence),
        "max_bids": round_.max_bids,
        "max_amount": pounds_initial(round_.max_amount_pence),
        "match_funding_percent": round_.match_funding_percent,
        "match_funding_form": round_.match_funding_form,
        "won_total": pounds_initial(round_.won_total_pence),
    }
    return form_page(
        request,
        forms.RoundEditForm(request.POST or None, initial=initial, national=national),
        act=lambda data: services.round_update(
            actor=request.user,
            round=round_,
            name=data["name"],
            years=data["years"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            budget_pence=data["budget"],
            max_bids=data["max_bids"],
            max_amount_pence=data["max_amount"],
            match_funding_percent=data["match_funding_percent"],
            match_funding_form=data["match_funding_form"],
            won_total_pence=data["won_total"] if national else round_.won_total_pence,
        ),
        done="Round saved.",
        then=lambda _saved: redirect("commissioning:round_detail", pk=round_.pk),
        title="Change the round",
        caption=str(round_),
        intro=f"{format_pence(round_.allocated_pence)} has been awarded from this round; "
        "the budget cannot be less.",
        button="Save round",
        back="commissioning:round_detail",
        back_url=round_.pk,
    )


@role_required(*COMMISSIONERS)
@require_POST
def round_archive(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    try:
        services.round_archive(actor=request.user, round=round_)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(
            request, f"{round_} archived. It takes no new applications; reports keep it."
        )
    return redirect("commissioning:round_detail", pk=round_.pk)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    return round_form(
        request,
        pk,
        forms.CriterionForm,
        title="Add a scoring criterion",
        button="Add criterion",
        save=lambda r, d: services.criterion_add(actor=request.user, round=r, **d),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    return round_form(
        request,
        pk,
        forms.QuestionForm,
        title="Add an eligibility question",
        button="Add question",
        save=lambda r, d: services.question_add(actor=request.user, round=r, **d),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    return round_form(
        request,
        pk,
        forms.PanelMemberForm,
        title="Add a panel member",
        button="Add to panel",
        save=lambda r, d: services.panel_member_add(actor=request.user, round=r, user=d["user"]),
    )
