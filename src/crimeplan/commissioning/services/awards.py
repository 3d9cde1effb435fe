"""Awards: money awarded from a round, within its budget and rules."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.accounts.models import Organisation
from crimeplan.accounts.services import grantee_create
from crimeplan.audit.services import audited_change
from crimeplan.core.money import format_pence
from crimeplan.delivery.models import Action, Priority
from crimeplan.geography.models import District

from ..constants import (
    Decision,
)
from ..models import (
    Application,
    Award,
    Round,
)
from .common import record_created


def _check_award(
    locked: Round,
    *,
    amount_pence: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    labour_pence: int | None,
    non_labour_pence: int | None,
) -> None:
    if amount_pence <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if amount_pence > locked.remaining_pence:
        left = format_pence(locked.remaining_pence)
        raise ValidationError(
            {
                "amount": f"This would over-allocate the round: {left} "
                f"of {format_pence(locked.budget_pence)} is left"
            }
        )
    if locked.fund.costs_split:
        if labour_pence is None or non_labour_pence is None:
            raise ValidationError({"labour": "This fund needs labour and non-labour costs"})
        if labour_pence + non_labour_pence != amount_pence:
            raise ValidationError(
                {"labour": "Labour and non-labour costs must add up to the amount"}
            )
    elif labour_pence is not None or non_labour_pence is not None:
        raise ValidationError({"labour": "This fund does not split costs"})


def _check_award_application(locked: Round, application: Application, amount_pence: int) -> None:
    moderation = getattr(application, "moderation", None)
    if application.round_id != locked.pk:
        raise ValidationError("The application is for another round")
    if moderation is None or moderation.decision != Decision.FUND:
        raise ValidationError("The panel has not decided to fund this application")
    if amount_pence > (moderation.amount_pence or 0):
        raise ValidationError({"amount": "The award cannot exceed the amount the panel agreed"})
    if Award.objects.filter(application=application).exists():
        raise ValidationError("This application already has an award")


def _new_grantee(actor: Any, application: Application | None) -> Organisation:
    """The organisation an application's applicant becomes when they are awarded a grant."""
    if application is None or application.organisation_id is not None:
        raise ValidationError({"recipient": "Select the provider"})
    if not application.organisation_name.strip():
        raise ValidationError(
            {"recipient": "The application names no organisation: select the provider"}
        )
    return grantee_create(
        actor=actor,
        name=application.organisation_name,
        district=application.district,
        why=f"from grant application {application.reference} to make an award",
    )


@transaction.atomic
def award_create(
    *,
    actor: Any,
    round: Round,
    recipient: Organisation | None,
    title: str,
    amount_pence: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    application: Application | None = None,
    labour_pence: int | None = None,
    non_labour_pence: int | None = None,
    conditions: str = "",
    district: District | None = None,
    priority: Priority | None = None,
    published: bool = True,
    is_demo: bool = False,
    delivery_actions: Iterable[Action] = (),
) -> Award:
    """Awards money from a round. The round row is locked, so two awards made at once cannot
    both take the last of its budget; the database constraint backs this check. With no
    `recipient`, the award goes to the application's applicant, made an organisation from the
    application (audited) where the Office has not worked with them before."""
    locked = Round.objects.select_for_update().select_related("fund").get(pk=round.pk)
    _check_award(
        locked,
        amount_pence=amount_pence,
        starts_on=starts_on,
        ends_on=ends_on,
        labour_pence=labour_pence,
        non_labour_pence=non_labour_pence,
    )
    if application is not None:
        _check_award_application(locked, application, amount_pence)
    if recipient is None:
        recipient = _new_grantee(actor, application)
    # The award's event comes first, then the round's.
    with audited_change(locked, actor=actor, summary="Round allocation increased by an award"):
        award = Award(
            round=locked,
            application=application,
            recipient=recipient,
            title=title.strip(),
            amount_pence=amount_pence,
            labour_pence=labour_pence,
            non_labour_pence=non_labour_pence,
            conditions=conditions,
            district=district,
            priority=priority,
            starts_on=starts_on,
            ends_on=ends_on,
            published=published,
            is_demo=is_demo,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        award.full_clean(exclude=["round", "application"])
        award.save()
        actions = list(delivery_actions)
        if actions:
            award.delivery_actions.set(actions)
        locked.allocated_pence = locked.allocated_pence + amount_pence
        locked.save(update_fields=["allocated_pence", "updated_at"])
        record_created(
            award,
            actor=actor,
            summary=f"Awarded {format_pence(amount_pence)} to {recipient} from {locked}",
        )
    if application is not None and application.organisation_id != recipient.pk:
        with audited_change(application, actor=actor, summary="Linked to the grantee"):
            application.organisation = recipient
            application.save()
    return award
