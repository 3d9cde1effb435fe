"""The bids the OPCC makes to national funds."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from crimeplan.accounts.permissions import role_required

from .. import forms, services
from ..models import Bid, Round
from ..permissions import COMMISSIONERS
from .common import (
    form_page,
    pounds_initial,
    round_form,
)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def bid_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(round_: Round, data: dict[str, Any]) -> None:
        services.bid_record(
            actor=request.user,
            round=round_,
            title=data["title"],
            outcome=data["outcome"],
            amount_asked_pence=data["amount_asked"],
            amount_won_pence=data["amount_won"],
            match_funding_pence=data["match_funding"] or 0,
            match_funding_form=data["match_funding_form"],
            submitted_on=data["submitted_on"],
            notes=data["notes"],
        )

    return round_form(
        request, pk, forms.BidForm, title="Record a bid", button="Save bid", save=save
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def bid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bid = get_object_or_404(Bid.objects.select_related("round__fund"), pk=pk)
    initial = {
        "title": bid.title,
        "outcome": bid.outcome,
        "amount_asked": pounds_initial(bid.amount_asked_pence),
        "amount_won": pounds_initial(bid.amount_won_pence),
        "match_funding": pounds_initial(bid.match_funding_pence),
        "match_funding_form": bid.match_funding_form,
        "submitted_on": bid.submitted_on,
        "notes": bid.notes,
    }
    return form_page(
        request,
        forms.BidForm(request.POST or None, initial=initial),
        act=lambda data: services.bid_update(
            actor=request.user,
            bid=bid,
            title=data["title"],
            outcome=data["outcome"],
            amount_asked_pence=data["amount_asked"],
            amount_won_pence=data["amount_won"],
            match_funding_pence=data["match_funding"] or 0,
            match_funding_form=data["match_funding_form"],
            submitted_on=data["submitted_on"],
            notes=data["notes"],
        ),
        done="Bid saved.",
        then=lambda _saved: redirect("commissioning:round_detail", pk=bid.round_id),
        title="Change the bid",
        caption=str(bid.round),
        button="Save bid",
        back="commissioning:round_detail",
        back_url=bid.round_id,
    )
