"""The public list of grants awarded, as JSON (the same selector as the public page)."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from . import selectors

router = Router(tags=["commissioning"])


class GrantOut(Schema):
    title: str
    organisation: str
    fund: str
    round: str
    district: str | None
    priority_code: str
    amount_pence: int
    starts_on: datetime.date
    ends_on: datetime.date


@router.get("/grants", response=list[GrantOut])
def list_grants(request: HttpRequest) -> list[GrantOut]:
    """Published grants of local and jointly decided funds; amounts in whole pence."""
    return [
        GrantOut(
            title=a.title,
            organisation=a.recipient.name,
            fund=a.round.fund.name,
            round=a.round.name,
            district=a.district.name if a.district else None,
            priority_code=a.priority.code if a.priority else "",
            amount_pence=a.amount_pence,
            starts_on=a.starts_on,
            ends_on=a.ends_on,
        )
        for a in selectors.public_grants().select_related("priority")
    ]
