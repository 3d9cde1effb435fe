"""Loads the funding rows of a plan file (e.g. shared/fixtures/plan/gloucestershire-2021-25.toml)
as national funds, rounds and the OPCC's bids. Amounts are read as exact decimals, never floats."""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.core.money import pounds_to_pence

from . import services
from .constants import BidOutcome, FundKind
from .models import Fund, Round

# What DOMAIN.md says of these national funds' rules.
FUND_RULES: dict[str, dict[str, Any]] = {
    "Safer Streets Fund": {"funder": "Home Office"},
    "Domestic Abuse Perpetrator Fund": {"funder": "Home Office"},
}


@dataclass
class LoadReport:
    funds_created: int = 0
    rounds_created: int = 0
    bids_created: int = 0
    rounds_skipped: int = 0


def _row_error(path: Path, number: int, field: str, message: str) -> ValueError:
    return ValueError(f"{path}: [[funding]] row {number}, field {field!r}: {message}")


def _checked_row(path: Path, number: int, row: dict[str, Any]) -> tuple[int, int]:
    """The row's amount in pence and its number of bids, or an error naming the field."""
    for field in ("fund", "round", "amount"):
        if field not in row:
            raise _row_error(path, number, field, "missing")
    if isinstance(row["amount"], bool) or not isinstance(row["amount"], int | Decimal):
        raise _row_error(path, number, "amount", "must be a number of pounds")
    try:
        amount = pounds_to_pence(Decimal(row["amount"]))
    except ValueError as error:
        raise _row_error(path, number, "amount", str(error)) from error
    bids = row.get("bids", 0)
    if isinstance(bids, bool) or not isinstance(bids, int) or bids < 0:
        raise _row_error(path, number, "bids", "must be a whole number, 0 or more")
    return amount, bids


@transaction.atomic
def load_funding(path: Path, *, actor: Any = None) -> LoadReport:
    """Idempotent: a round already held (same fund and name) is skipped and counted."""
    with path.open("rb") as handle:
        plan = tomllib.load(handle, parse_float=Decimal)
    report = LoadReport()
    for number, row in enumerate(plan.get("funding", []), start=1):
        amount, bids = _checked_row(path, number, row)
        fund = Fund.objects.filter(name=row["fund"]).first()
        if fund is None:
            fund = services.fund_create(
                actor=actor,
                name=row["fund"],
                kind=FundKind.NATIONAL,
                funder=FUND_RULES.get(row["fund"], {}).get("funder", "National funder"),
            )
            report.funds_created += 1
        if Round.objects.filter(fund=fund, name=row["round"]).exists():
            report.rounds_skipped += 1
            continue
        try:
            round_ = services.round_create(
                actor=actor,
                fund=fund,
                name=row["round"],
                years=str(row.get("years", row["round"])),
                budget_pence=amount,
                won_total_pence=amount,
            )
        except ValidationError as error:
            raise _row_error(path, number, "round", "; ".join(error.messages)) from error
        report.rounds_created += 1
        for index in range(1, bids + 1):
            services.bid_record(
                actor=actor,
                round=round_,
                title=f"Bid {index} of {bids} (amounts per bid not published)",
                outcome=BidOutcome.WON,
            )
            report.bids_created += 1
    return report
