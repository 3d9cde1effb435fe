"""Bids the OPCC makes to national funds, and what became of them."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import audited_change

from .. import eligibility
from ..constants import (
    BidOutcome,
    FundKind,
    MatchFundingForm,
)
from ..models import (
    Bid,
    Round,
)
from .common import record_created

# The form's field names, by the eligibility rules' names for them.
_BID_FIELDS = {
    "amount": "amount_asked",
    "match_funding": "match_funding",
    "match_funding_form": "match_funding_form",
}


def _check_bid(
    round: Round,
    *,
    outcome: str,
    amount_asked_pence: int | None,
    amount_won_pence: int | None,
    match_funding_pence: int,
    match_funding_form: str,
) -> None:
    rules = eligibility.Rules(
        max_amount_pence=round.max_amount_pence,
        match_funding_percent=round.match_funding_percent,
        match_funding_form=round.match_funding_form,
        costs_split=False,
    )
    errors = eligibility.rule_errors(
        rules,
        amount_pence=amount_asked_pence,
        match_funding_pence=match_funding_pence,
        match_funding_form=match_funding_form,
    )
    if errors:
        raise ValidationError({_BID_FIELDS.get(k, k): v for k, v in errors.items()})
    won = outcome in {BidOutcome.WON, BidOutcome.PART_WON}
    if amount_won_pence is not None and not won:
        raise ValidationError({"amount_won": "Only a bid that was won has an amount won"})
    if (
        amount_won_pence is not None
        and amount_asked_pence is not None
        and amount_won_pence > amount_asked_pence
    ):
        raise ValidationError({"amount_won": "The amount won cannot exceed the amount asked"})


@transaction.atomic
def bid_record(
    *,
    actor: Any,
    round: Round,
    title: str,
    outcome: str = BidOutcome.SUBMITTED,
    amount_asked_pence: int | None = None,
    amount_won_pence: int | None = None,
    match_funding_pence: int = 0,
    match_funding_form: str = MatchFundingForm.EITHER,
    submitted_on: datetime.date | None = None,
    notes: str = "",
    is_demo: bool = False,
) -> Bid:
    if round.fund.kind != FundKind.NATIONAL:
        raise ValidationError("The OPCC bids only to national funds")
    if round.max_bids is not None and round.bids.count() >= round.max_bids:
        raise ValidationError(f"This round allows at most {round.max_bids} bids")
    _check_bid(
        round,
        outcome=outcome,
        amount_asked_pence=amount_asked_pence,
        amount_won_pence=amount_won_pence,
        match_funding_pence=match_funding_pence,
        match_funding_form=match_funding_form,
    )
    bid = Bid(
        round=round,
        title=title.strip(),
        outcome=outcome,
        amount_asked_pence=amount_asked_pence,
        amount_won_pence=amount_won_pence,
        match_funding_pence=match_funding_pence,
        match_funding_form=match_funding_form,
        submitted_on=submitted_on,
        notes=notes,
        is_demo=is_demo,
    )
    bid.full_clean()
    bid.save()
    record_created(
        bid, actor=actor, summary=f"Bid {bid} to {round} recorded ({bid.get_outcome_display()})"
    )
    return bid


@transaction.atomic
def bid_update(
    *,
    actor: Any,
    bid: Bid,
    title: str,
    outcome: str,
    amount_asked_pence: int | None = None,
    amount_won_pence: int | None = None,
    match_funding_pence: int = 0,
    match_funding_form: str = MatchFundingForm.EITHER,
    submitted_on: datetime.date | None = None,
    notes: str | None = None,
) -> Bid:
    """Records what became of a bid: the amount asked, won, match funding and the outcome."""
    bid = Bid.objects.select_for_update().select_related("round__fund").get(pk=bid.pk)
    _check_bid(
        bid.round,
        outcome=outcome,
        amount_asked_pence=amount_asked_pence,
        amount_won_pence=amount_won_pence,
        match_funding_pence=match_funding_pence,
        match_funding_form=match_funding_form,
    )
    with audited_change(bid, actor=actor) as change:
        bid.title = title.strip()
        bid.outcome = outcome
        bid.amount_asked_pence = amount_asked_pence
        bid.amount_won_pence = amount_won_pence
        bid.match_funding_pence = match_funding_pence
        bid.match_funding_form = match_funding_form
        bid.submitted_on = submitted_on
        if notes is not None:
            bid.notes = notes
        bid.full_clean(exclude=["round"])
        bid.save()
        change.summary = f"Bid {bid} changed ({bid.get_outcome_display()})"
    return bid
