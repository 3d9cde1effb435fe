"""Assessment: panel members' conflicts of interest and scores, the specified authorities'
agreement to a jointly decided application, and the panel's decision (e-mailed to the applicant)."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.accounts.models import Organisation
from crimeplan.audit.services import audited_change, audited_delete

from .. import emails
from ..constants import (
    ApplicationStatus,
    Decision,
    FundKind,
)
from ..models import (
    Application,
    AuthorityAgreement,
    ConflictOfInterest,
    Moderation,
    PanelMember,
    Score,
)
from .common import record_created


def is_conflicted(application: Application, user: Any) -> bool:
    return ConflictOfInterest.objects.filter(application=application, user=user).exists()


def _check_may_assess(application: Application, user: Any) -> None:
    if not PanelMember.objects.filter(round=application.round_id, user=user).exists():
        raise ValidationError("You are not on this round's panel")
    if is_conflicted(application, user):
        raise ValidationError("You have declared a conflict of interest in this application")
    if application.status != ApplicationStatus.SUBMITTED or hasattr(application, "moderation"):
        raise ValidationError("This application is not open for scoring")


@transaction.atomic
def conflict_declare(*, application: Application, user: Any, reason: str) -> ConflictOfInterest:
    if not reason.strip():
        raise ValidationError({"reason": "Say what the conflict of interest is"})
    if not PanelMember.objects.filter(round=application.round_id, user=user).exists():
        raise ValidationError("You are not on this round's panel")
    if is_conflicted(application, user):
        raise ValidationError("You have already declared a conflict in this application")
    conflict = ConflictOfInterest.objects.create(
        application=application, user=user, reason=reason.strip()
    )
    # A conflicted member's scores must not count.
    for score in Score.objects.filter(application=application, assessor=user):
        audited_delete(
            score, actor=user, summary="Score withdrawn on declaring a conflict of interest"
        )
    record_created(conflict, actor=user, summary=f"Conflict of interest declared in {application}")
    return conflict


@transaction.atomic
def scores_record(
    *, application: Application, assessor: Any, scores: Mapping[int, tuple[int, str]]
) -> list[Score]:
    """One panel member's scores, criterion id → (score, comment); replaces their earlier ones."""
    _check_may_assess(application, assessor)
    criteria = {c.pk: c for c in application.round.criteria.all()}
    errors = {}
    for criterion_id, (value, _comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError("A score was given for a criterion of another round")
        if not 0 <= value <= criterion.max_score:
            errors[f"criterion_{criterion_id}"] = (
                f"Score {criterion.name} from 0 to {criterion.max_score}"
            )
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, (value, comment) in scores.items():
        existing = Score.objects.filter(
            application=application, assessor=assessor, criterion_id=criterion_id
        ).first()
        if existing:
            with audited_change(existing, actor=assessor, summary="Score changed"):
                existing.score, existing.comment = value, comment
                existing.save()
            saved.append(existing)
        else:
            score = Score.objects.create(
                application=application,
                assessor=assessor,
                criterion_id=criterion_id,
                score=value,
                comment=comment,
            )
            record_created(score, actor=assessor, summary=f"Scored {application}")
            saved.append(score)
    return saved


@transaction.atomic
def agreement_record(
    *, actor: Any, application: Application, authority: Organisation, agrees: bool, note: str = ""
) -> AuthorityAgreement:
    fund = application.round.fund
    if fund.kind != FundKind.JOINT:
        raise ValidationError("Only jointly decided funds need the authorities' agreement")
    if not fund.specified_authorities.filter(pk=authority.pk).exists():
        raise ValidationError({"authority": f"{authority} is not a specified authority of {fund}"})
    existing = AuthorityAgreement.objects.filter(
        application=application, authority=authority
    ).first()
    if existing:
        with audited_change(existing, actor=actor, summary=f"{authority} changed its agreement"):
            existing.agrees, existing.note = agrees, note
            existing.save()
        return existing
    agreement = AuthorityAgreement.objects.create(
        application=application, authority=authority, agrees=agrees, note=note
    )
    record_created(
        agreement,
        actor=actor,
        summary=f"{authority} {'agrees' if agrees else 'does not agree'} to {application}",
    )
    return agreement


def missing_agreements(application: Application) -> list[Organisation]:
    """Specified authorities that have not (yet) agreed to a jointly decided application."""
    fund = application.round.fund
    if fund.kind != FundKind.JOINT:
        return []
    agreed = set(
        AuthorityAgreement.objects.filter(application=application, agrees=True).values_list(
            "authority_id", flat=True
        )
    )
    return [a for a in fund.specified_authorities.all() if a.pk not in agreed]


@transaction.atomic
def application_moderate(
    *,
    actor: Any,
    application: Application,
    decision: str,
    reasons: str,
    amount_pence: int | None = None,
    moderated_score: Any = None,
    notify_applicant: bool = True,
) -> Moderation:
    """The panel's decision. Funding it needs an amount within the round's rules, and for a
    jointly decided fund every specified authority's agreement. The applicant is e-mailed the
    decision and its reasons (unless `notify_applicant` is False: fictional demo applicants)."""
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("Only a submitted application can be decided")
    if hasattr(application, "moderation"):
        raise ValidationError("This application has already been decided")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the panel's reasons"})
    if decision == Decision.FUND:
        if not amount_pence or amount_pence <= 0:
            raise ValidationError({"amount": "Enter the amount to fund"})
        if application.amount_requested_pence and amount_pence > application.amount_requested_pence:
            raise ValidationError({"amount": "The amount cannot exceed what was asked for"})
        waiting = missing_agreements(application)
        if waiting:
            raise ValidationError(
                "Every specified authority must agree first; waiting for "
                + ", ".join(a.name for a in waiting)
            )
    else:
        amount_pence = None
    moderation = Moderation.objects.create(
        application=application,
        decision=decision,
        amount_pence=amount_pence,
        reasons=reasons.strip(),
        moderated_score=moderated_score,
        created_by=actor,
    )
    record_created(moderation, actor=actor, summary=f"Panel decided {application}: {decision}")
    with audited_change(application, actor=actor, summary="Application decided"):
        application.status = (
            ApplicationStatus.FUNDED if decision == Decision.FUND else ApplicationStatus.DECLINED
        )
        application.save()
    # The applicant hears of the decision only once it is committed; a mail server that fails
    # then is logged, and does not undo or hide the recorded decision.
    if notify_applicant:
        transaction.on_commit(partial(emails.decision_send, moderation.pk), robust=True)
    return moderation
