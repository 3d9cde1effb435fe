"""Monitoring and evaluation: the returns a grantee submits, and the OPCC's evaluation."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change

from ..constants import (
    FundAgain,
    ReturnStatus,
)
from ..models import (
    Award,
    Evaluation,
    MonitoringReturn,
)
from .common import record_created


@transaction.atomic
def returns_schedule(
    *, actor: Any, award: Award, period_ends: Iterable[datetime.date], days_to_submit: int = 28
) -> list[MonitoringReturn]:
    created = []
    for period_end in sorted(set(period_ends)):
        if award.returns.filter(period_end=period_end).exists():
            continue
        monitoring_return = MonitoringReturn.objects.create(
            award=award,
            period_end=period_end,
            due_on=period_end + datetime.timedelta(days=days_to_submit),
        )
        record_created(
            monitoring_return,
            actor=actor,
            summary=f"Monitoring return due {monitoring_return.due_on}",
        )
        created.append(monitoring_return)
    return created


@transaction.atomic
def return_submit(
    *,
    actor: Any,
    monitoring_return: MonitoringReturn,
    outputs: str,
    outcomes: str,
    spend_to_date_pence: int,
    case_study: str = "",
) -> MonitoringReturn:
    if monitoring_return.status == ReturnStatus.ACCEPTED:
        raise ValidationError("This return has been accepted and can no longer be changed")
    if not outputs.strip():
        raise ValidationError({"outputs": "Describe the outputs of the period"})
    if not outcomes.strip():
        raise ValidationError({"outcomes": "Describe the outcomes of the period"})
    if spend_to_date_pence < 0 or spend_to_date_pence > monitoring_return.award.amount_pence:
        raise ValidationError(
            {"spend_to_date": "Spend to date must be between £0 and the amount awarded"}
        )
    with audited_change(monitoring_return, actor=actor, summary="Monitoring return submitted"):
        monitoring_return.outputs = outputs.strip()
        monitoring_return.outcomes = outcomes.strip()
        monitoring_return.spend_to_date_pence = spend_to_date_pence
        monitoring_return.case_study = case_study.strip()
        monitoring_return.status = ReturnStatus.SUBMITTED
        monitoring_return.submitted_at = timezone.now()
        monitoring_return.save()
    return monitoring_return


@transaction.atomic
def return_accept(*, actor: Any, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    if monitoring_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be accepted")
    with audited_change(monitoring_return, actor=actor, summary="Monitoring return accepted"):
        monitoring_return.status = ReturnStatus.ACCEPTED
        monitoring_return.save()
    return monitoring_return


@transaction.atomic
def evaluation_record(
    *, actor: Any, award: Award, what_changed: str, evidence: str, fund_again: str
) -> Evaluation:
    if not what_changed.strip():
        raise ValidationError({"what_changed": "Say what changed because of the grant"})
    if not evidence.strip():
        raise ValidationError({"evidence": "Give the evidence"})
    if fund_again not in FundAgain.values:
        raise ValidationError({"fund_again": "Say whether to fund this again"})
    evaluation = Evaluation.objects.filter(award=award).first() or Evaluation(
        award=award, created_by=actor
    )
    with audited_change(evaluation, actor=actor) as change:
        change.summary = f"Evaluation of {award} " + ("recorded" if change.is_new else "changed")
        evaluation.what_changed = what_changed.strip()
        evaluation.evidence = evidence.strip()
        evaluation.fund_again = fund_again
        evaluation.save()
    return evaluation
