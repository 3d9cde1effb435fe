"""An award's money: its payment schedule, the payments made, the grantee's spend and what
is carried over between financial years."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change, audited_delete
from crimeplan.core.money import format_pence

from ..constants import (
    CostType,
)
from ..models import (
    Award,
    Instalment,
    Payment,
    Spend,
)
from ..periods import financial_year_label, financial_year_of
from .common import record_created, sum_pence


@transaction.atomic
def instalment_add(
    *, actor: Any, award: Award, due_on: datetime.date, amount_pence: int
) -> Instalment:
    scheduled = sum_pence(award.instalments.all())
    if amount_pence <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    if scheduled + amount_pence > award.amount_pence:
        raise ValidationError(
            {
                "amount": "The schedule would exceed the award: "
                f"{format_pence(award.amount_pence - scheduled)} is left to schedule"
            }
        )
    instalment = Instalment.objects.create(
        award=award,
        due_on=due_on,
        amount_pence=amount_pence,
        financial_year=financial_year_of(due_on),
    )
    record_created(
        instalment, actor=actor, summary=f"Instalment of {format_pence(amount_pence)} scheduled"
    )
    return instalment


@transaction.atomic
def payment_record(
    *, actor: Any, award: Award, paid_on: datetime.date, amount_pence: int, reference: str = ""
) -> Payment:
    award = Award.objects.select_for_update().get(pk=award.pk)
    paid = sum_pence(award.payments.all())
    if paid_on > timezone.localdate():
        raise ValidationError(
            {"paid_on": "The date paid cannot be in the future: record a payment once it is made"}
        )
    if amount_pence <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    if paid + amount_pence > award.amount_pence:
        raise ValidationError(
            {
                "amount": "Payments would exceed the award: "
                f"{format_pence(award.amount_pence - paid)} is left to pay"
            }
        )
    payment = Payment.objects.create(
        award=award, paid_on=paid_on, amount_pence=amount_pence, reference=reference
    )
    record_created(payment, actor=actor, summary=f"Paid {format_pence(amount_pence)} on {award}")
    return payment


def _check_spend_rules(
    award: Award, *, financial_year: int, cost_type: str, amount_pence: int
) -> None:
    fund = award.round.fund
    if sum_pence(award.spend.all()) + amount_pence > award.amount_pence:
        raise ValidationError({"amount": "Spend would exceed the award"})
    if fund.costs_split:
        if cost_type not in {CostType.LABOUR, CostType.NON_LABOUR}:
            raise ValidationError({"cost_type": "Say whether this is labour or non-labour spend"})
        limit = award.labour_pence if cost_type == CostType.LABOUR else award.non_labour_pence
        if sum_pence(award.spend.filter(cost_type=cost_type)) + amount_pence > (limit or 0):
            raise ValidationError(
                {
                    "amount": f"{CostType(cost_type).label} spend would exceed the award's "
                    f"{CostType(cost_type).label.lower()} costs of {format_pence(limit)}"
                }
            )
    if not fund.carry_over_allowed:
        # Money for one financial year must be spent in it: the year's spend is capped by
        # what the schedule pays in that year.
        year_budget = sum_pence(award.instalments.filter(financial_year=financial_year))
        year_spend = sum_pence(award.spend.filter(financial_year=financial_year))
        if year_spend + amount_pence > year_budget:
            raise ValidationError(
                {
                    "financial_year": f"{fund} money cannot be carried over between financial "
                    f"years: {financial_year_label(financial_year)} has "
                    f"{format_pence(year_budget - year_spend)} left to spend"
                }
            )


@transaction.atomic
def spend_record(
    *,
    actor: Any,
    award: Award,
    financial_year: int,
    amount_pence: int,
    description: str,
    cost_type: str = CostType.UNSPLIT,
) -> Spend:
    award = Award.objects.select_for_update().select_related("round__fund").get(pk=award.pk)
    if amount_pence <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    if not award.round.fund.costs_split:
        cost_type = CostType.UNSPLIT
    _check_spend_rules(
        award, financial_year=financial_year, cost_type=cost_type, amount_pence=amount_pence
    )
    spend = Spend.objects.create(
        award=award,
        financial_year=financial_year,
        cost_type=cost_type,
        amount_pence=amount_pence,
        description=description.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_created(spend, actor=actor, summary=f"Spend of {format_pence(amount_pence)} on {award}")
    return spend


@transaction.atomic
def carry_over(*, actor: Any, award: Award, from_year: int, amount_pence: int) -> Instalment:
    """Moves unspent scheduled money from one financial year into the next, where the fund
    allows it."""
    fund = award.round.fund
    if not fund.carry_over_allowed:
        raise ValidationError(f"{fund} money cannot be carried over between financial years")
    scheduled = sum_pence(award.instalments.filter(financial_year=from_year))
    spent = sum_pence(award.spend.filter(financial_year=from_year))
    if amount_pence <= 0 or amount_pence > scheduled - spent:
        raise ValidationError(
            {
                "amount": f"At most {format_pence(scheduled - spent)} is unspent in "
                f"{financial_year_label(from_year)}"
            }
        )
    last = award.instalments.filter(financial_year=from_year).order_by("-due_on").first()
    if last is None:  # pragma: no cover - scheduled > 0 above means an instalment exists
        raise ValidationError("Nothing is scheduled in that year")
    if last.amount_pence == amount_pence:
        audited_delete(last, actor=actor, summary="Instalment carried over in full")
    else:
        with audited_change(last, actor=actor, summary="Instalment reduced by a carry-over"):
            last.amount_pence -= amount_pence
            last.save()
    next_year = datetime.date(from_year + 1, 4, 1)
    instalment = Instalment.objects.create(
        award=award, due_on=next_year, amount_pence=amount_pence, financial_year=from_year + 1
    )
    record_created(
        instalment,
        actor=actor,
        summary=f"{format_pence(amount_pence)} carried over from {financial_year_label(from_year)}",
    )
    return instalment
