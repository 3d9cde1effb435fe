"""Funds and their rounds: the money, the dates and the rules a round sets, and its
scoring criteria, eligibility questions and panel."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from crimeplan.accounts.models import Organisation
from crimeplan.audit.services import archive_audited, audited_change
from crimeplan.core.money import format_pence

from ..constants import (
    FundKind,
    MatchFundingForm,
)
from ..models import (
    Award,
    Criterion,
    EligibilityQuestion,
    Fund,
    PanelMember,
    Round,
)
from .common import record_created


@transaction.atomic
def fund_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    funder: str,
    description: str = "",
    costs_split: bool = False,
    carry_over_allowed: bool = True,
    specified_authorities: Iterable[Organisation] = (),
    is_demo: bool = False,
) -> Fund:
    fund = Fund(
        name=name.strip(),
        slug=slugify(name)[:100],
        kind=kind,
        funder=funder.strip(),
        description=description,
        costs_split=costs_split,
        carry_over_allowed=carry_over_allowed,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    fund.full_clean()
    fund.save()
    authorities = list(specified_authorities)
    if authorities and kind != FundKind.JOINT:
        raise ValidationError(
            {"specified_authorities": "Only a jointly decided fund has specified authorities"}
        )
    fund.specified_authorities.set(authorities)
    record_created(fund, actor=actor, summary=f"Fund {fund} created")
    return fund


@transaction.atomic
def fund_update(
    *,
    actor: Any,
    fund: Fund,
    name: str,
    funder: str,
    description: str = "",
    costs_split: bool = False,
    carry_over_allowed: bool = True,
    specified_authorities: Iterable[Organisation] = (),
) -> Fund:
    """Changes a fund's name and rules. Its kind is fixed once made (bids and applications
    depend on it); whether costs are split is fixed once it has awards, which were made to
    the old rule."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if costs_split != fund.costs_split and Award.objects.filter(round__fund=fund).exists():
        raise ValidationError(
            {
                "costs_split": "This fund has awards made with costs "
                + ("split" if fund.costs_split else "not split")
                + ", so whether costs are split cannot change"
            }
        )
    authorities = list(specified_authorities)
    if authorities and fund.kind != FundKind.JOINT:
        raise ValidationError(
            {"specified_authorities": "Only a jointly decided fund has specified authorities"}
        )
    if fund.kind == FundKind.JOINT and not authorities:
        raise ValidationError(
            {"specified_authorities": "Select the specified authorities of a joint fund"}
        )
    with audited_change(fund, actor=actor) as change:
        fund.name = name.strip()
        fund.funder = funder.strip()
        fund.description = description
        fund.costs_split = costs_split
        fund.carry_over_allowed = carry_over_allowed
        fund.full_clean()
        fund.save()
        fund.specified_authorities.set(authorities)
        change.summary = f"Fund {fund} changed"
    return fund


@transaction.atomic
def fund_archive(*, actor: Any, fund: Fund) -> Fund:
    """Archived, not deleted: its rounds take no new applications and it leaves the list of
    funds, but its rounds, bids and awards stay in the reports."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if fund.archived_at is not None:
        raise ValidationError("This fund is already archived")
    return archive_audited(fund, actor=actor, summary=f"Fund {fund} archived")


def _check_round_values(
    *,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    budget_pence: int,
    match_funding_percent: int,
) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError(
            {"closes_on": "The closing date must be on or after the opening date"}
        )
    if budget_pence < 0:
        raise ValidationError({"budget": "The budget cannot be negative"})
    if not 0 <= match_funding_percent <= 100:
        raise ValidationError({"match_funding_percent": "Match funding must be 0% to 100%"})


@transaction.atomic
def round_create(
    *,
    actor: Any,
    fund: Fund,
    name: str,
    budget_pence: int,
    years: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    max_bids: int | None = None,
    max_amount_pence: int | None = None,
    match_funding_percent: int = 0,
    match_funding_form: str = MatchFundingForm.EITHER,
    won_total_pence: int | None = None,
    is_demo: bool = False,
) -> Round:
    if fund.archived_at is not None:
        raise ValidationError("This fund is archived; it takes no new rounds")
    _check_round_values(
        opens_on=opens_on,
        closes_on=closes_on,
        budget_pence=budget_pence,
        match_funding_percent=match_funding_percent,
    )
    round_ = Round(
        fund=fund,
        name=name.strip(),
        years=years,
        opens_on=opens_on,
        closes_on=closes_on,
        budget_pence=budget_pence,
        max_bids=max_bids,
        max_amount_pence=max_amount_pence,
        match_funding_percent=match_funding_percent,
        match_funding_form=match_funding_form,
        won_total_pence=won_total_pence,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    round_.full_clean()
    round_.save()
    record_created(
        round_,
        actor=actor,
        summary=f"Round {round_} created with a budget of {format_pence(budget_pence)}",
    )
    return round_


@transaction.atomic
def round_update(
    *,
    actor: Any,
    round: Round,
    name: str,
    budget_pence: int,
    years: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    max_bids: int | None = None,
    max_amount_pence: int | None = None,
    match_funding_percent: int = 0,
    match_funding_form: str = MatchFundingForm.EITHER,
    won_total_pence: int | None = None,
) -> Round:
    """Changes a round's dates, budget and rules. The row is locked, as the award service
    locks it, so the budget cannot be cut below an award made at the same moment."""
    locked = Round.objects.select_for_update().select_related("fund").get(pk=round.pk)
    _check_round_values(
        opens_on=opens_on,
        closes_on=closes_on,
        budget_pence=budget_pence,
        match_funding_percent=match_funding_percent,
    )
    if budget_pence < locked.allocated_pence:
        raise ValidationError(
            {
                "budget": "The budget cannot be less than the "
                f"{format_pence(locked.allocated_pence)} already awarded from this round"
            }
        )
    if (
        Round.objects.filter(fund=locked.fund_id, name__iexact=name.strip())
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError({"name": f"{locked.fund} already has a round called {name.strip()}"})
    with audited_change(locked, actor=actor) as change:
        locked.name = name.strip()
        locked.years = years
        locked.opens_on = opens_on
        locked.closes_on = closes_on
        locked.budget_pence = budget_pence
        locked.max_bids = max_bids
        locked.max_amount_pence = max_amount_pence
        locked.match_funding_percent = match_funding_percent
        locked.match_funding_form = match_funding_form
        locked.won_total_pence = won_total_pence
        locked.full_clean(exclude=["fund"])
        locked.save()
        was = change.before["budget_pence"] if change.before else budget_pence
        change.summary = f"Round {locked} changed"
        if was != budget_pence:
            change.summary += f"; budget {format_pence(was)} to {format_pence(budget_pence)}"
    return locked


@transaction.atomic
def round_archive(*, actor: Any, round: Round) -> Round:
    """Archived, not deleted: it takes no new applications; its awards stay in the reports."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.archived_at is not None:
        raise ValidationError("This round is already archived")
    return archive_audited(locked, actor=actor, summary=f"Round {locked} archived")


@transaction.atomic
def criterion_add(
    *, actor: Any, round: Round, name: str, weight: int, max_score: int = 5, guidance: str = ""
) -> Criterion:
    if weight <= 0:
        raise ValidationError({"weight": "The weight must be 1 or more"})
    if max_score <= 0:
        raise ValidationError({"max_score": "The highest score must be 1 or more"})
    criterion = Criterion.objects.create(
        round=round,
        order=round.criteria.count() + 1,
        name=name.strip(),
        weight=weight,
        max_score=max_score,
        guidance=guidance,
    )
    record_created(criterion, actor=actor, summary=f"Criterion {name!r} added to {round}")
    return criterion


@transaction.atomic
def question_add(
    *, actor: Any, round: Round, text: str, eligible_answer: bool, reason_if_ineligible: str
) -> EligibilityQuestion:
    if not reason_if_ineligible.strip():
        raise ValidationError(
            {"reason_if_ineligible": "Say why an applicant who answers otherwise is ineligible"}
        )
    question = EligibilityQuestion.objects.create(
        round=round,
        order=round.questions.count() + 1,
        text=text.strip(),
        eligible_answer=eligible_answer,
        reason_if_ineligible=reason_if_ineligible.strip(),
    )
    record_created(question, actor=actor, summary=f"Eligibility question added to {round}")
    return question


@transaction.atomic
def panel_member_add(*, actor: Any, round: Round, user: Any) -> PanelMember:
    if PanelMember.objects.filter(round=round, user=user).exists():
        raise ValidationError({"user": f"{user} is already on this round's panel"})
    member = PanelMember.objects.create(round=round, user=user)
    record_created(member, actor=actor, summary=f"A member added to the panel of {round}")
    return member
