"""Every change to commissioning records: each validates, saves and writes its audit event in
one transaction, and returns the record. A ValidationError names the field at fault."""

import datetime
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from crimeplan.accounts.models import Organisation
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import (
    AuditSnapshot,
    archive_audited,
    audit_change,
    audit_snapshot,
)
from crimeplan.core.personal import erase_personal_values
from crimeplan.delivery.models import Action, Priority
from crimeplan.geography.models import District

from . import eligibility, emails
from .constants import (
    ApplicationStatus,
    BidOutcome,
    CostType,
    Decision,
    FundAgain,
    FundKind,
    MatchFundingForm,
    ReturnStatus,
)
from .models import (
    Application,
    Attachment,
    AuthorityAgreement,
    Award,
    Bid,
    ConflictOfInterest,
    Criterion,
    EligibilityQuestion,
    Evaluation,
    Fund,
    Instalment,
    Moderation,
    MonitoringReturn,
    PanelMember,
    Payment,
    Round,
    Score,
    Spend,
)
from .money import format_pence
from .periods import financial_year_label, financial_year_of


def _created(instance: models.Model, *, actor: Any, summary: str) -> None:
    audit_change(actor=actor, instance=instance, summary=summary)


def _changed(instance: models.Model, *, actor: Any, summary: str, before: AuditSnapshot) -> None:
    audit_change(actor=actor, instance=instance, summary=summary, before=before)


def _sum(queryset: models.QuerySet[Any], field: str = "amount_pence") -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


# Funds and rounds -------------------------------------------------------------------------


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
    _created(fund, actor=actor, summary=f"Fund {fund} created")
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
    before = audit_snapshot(fund)
    fund.name = name.strip()
    fund.funder = funder.strip()
    fund.description = description
    fund.costs_split = costs_split
    fund.carry_over_allowed = carry_over_allowed
    fund.full_clean()
    fund.save()
    fund.specified_authorities.set(authorities)
    _changed(fund, actor=actor, summary=f"Fund {fund} changed", before=before)
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
    _created(
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
    before = audit_snapshot(locked)
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
    summary = f"Round {locked} changed"
    if before["budget_pence"] != budget_pence:
        summary += (
            f"; budget {format_pence(before['budget_pence'])} to {format_pence(budget_pence)}"
        )
    _changed(locked, actor=actor, summary=summary, before=before)
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
    _created(criterion, actor=actor, summary=f"Criterion {name!r} added to {round}")
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
    _created(question, actor=actor, summary=f"Eligibility question added to {round}")
    return question


@transaction.atomic
def panel_member_add(*, actor: Any, round: Round, user: Any) -> PanelMember:
    if PanelMember.objects.filter(round=round, user=user).exists():
        raise ValidationError({"user": f"{user} is already on this round's panel"})
    member = PanelMember.objects.create(round=round, user=user)
    _created(member, actor=actor, summary=f"A member added to the panel of {round}")
    return member


# Bids the OPCC makes ------------------------------------------------------------------------


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
    _created(
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
    before = audit_snapshot(bid)
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
    _changed(
        bid, actor=actor, summary=f"Bid {bid} changed ({bid.get_outcome_display()})", before=before
    )
    return bid


# Applications the OPCC receives ---------------------------------------------------------


def round_is_open(round: Round, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        round.fund.takes_applications
        and round.fund.archived_at is None
        and round.archived_at is None
        and (round.opens_on is None or round.opens_on <= today)
        and (round.closes_on is None or today <= round.closes_on)
    )


@transaction.atomic
def application_start(*, round: Round) -> Application:
    if not round_is_open(round):
        raise ValidationError("This round is not open for applications")
    application = Application.objects.create(round=round)
    _created(application, actor=None, summary=f"Application started for {round}")
    return application


APPLICANT_FIELDS = frozenset(
    {
        "eligibility_answers",
        "organisation_name",
        "organisation_type",
        "contact_name",
        "contact_email",
        "project_title",
        "project_summary",
        "district",
        "priority_code",
        "amount_requested_pence",
        "labour_pence",
        "non_labour_pence",
        "match_funding_pence",
        "match_funding_form",
    }
)


@transaction.atomic
def application_update(*, application: Application, values: Mapping[str, Any]) -> Application:
    """Saves the answers of one question page of a draft."""
    unknown = set(values) - APPLICANT_FIELDS
    if unknown:
        raise ValueError(f"not applicant fields: {sorted(unknown)}")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("This application has been submitted and can no longer be changed")
    before = audit_snapshot(application)
    for name, value in values.items():
        if name == "eligibility_answers":
            value = {**application.eligibility_answers, **value}
        setattr(application, name, value)
    application.save()
    _changed(application, actor=None, summary="Applicant saved answers", before=before)
    return application


def application_ineligible_reasons(application: Application) -> list[str]:
    questions = [
        eligibility.Question(
            key=str(q.pk),
            text=q.text,
            eligible_answer=q.eligible_answer,
            reason_if_ineligible=q.reason_if_ineligible,
        )
        for q in application.round.questions.all()
    ]
    return eligibility.ineligible_reasons(questions, application.eligibility_answers)


def application_rule_errors(application: Application) -> dict[str, str]:
    round_ = application.round
    return eligibility.rule_errors(
        eligibility.Rules(
            max_amount_pence=round_.max_amount_pence,
            match_funding_percent=round_.match_funding_percent,
            match_funding_form=round_.match_funding_form,
            costs_split=round_.fund.costs_split,
        ),
        amount_pence=application.amount_requested_pence,
        match_funding_pence=application.match_funding_pence,
        match_funding_form=application.match_funding_form,
        labour_pence=application.labour_pence,
        non_labour_pence=application.non_labour_pence,
    )


REQUIRED_ANSWERS = {
    "organisation_name": "Enter the name of your organisation",
    "organisation_type": "Select the type of organisation",
    "contact_name": "Enter the name of the person we should contact",
    "contact_email": "Enter an e-mail address",
    "project_title": "Enter a title for the project",
    "project_summary": "Describe the project",
    "amount_requested_pence": "Enter the amount you are asking for",
}


def application_missing(application: Application) -> dict[str, str]:
    missing = {
        name: message
        for name, message in REQUIRED_ANSWERS.items()
        if getattr(application, name) in (None, "")
    }
    unanswered = [
        q
        for q in application.round.questions.all()
        if str(q.pk) not in application.eligibility_answers
    ]
    if unanswered:
        missing["eligibility_answers"] = "Answer every eligibility question"
    return missing


def _next_reference(round: Round) -> str:
    prefix = "".join(word[0] for word in round.fund.name.split() if word[0].isalnum()).upper()[:4]
    year = timezone.localdate().year
    stem = f"{prefix}-{year}-"
    taken = Application.objects.filter(reference__startswith=stem).count()
    return f"{stem}{taken + 1:05d}"


def _too_many(application: Application) -> bool:
    earlier = Application.objects.filter(
        round=application.round, organisation_name__iexact=application.organisation_name
    ).exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
    return earlier.count() >= (application.round.max_bids or 0)


@transaction.atomic
def application_submit(*, application: Application) -> Application:
    """Submits a complete draft: it gets a reference, and is ineligible (with the reasons kept
    in the audit trail and shown to the applicant) or goes to the panel."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("This application has already been submitted")
    if not round_is_open(application.round):
        raise ValidationError("This round has closed")
    problems = {**application_missing(application), **application_rule_errors(application)}
    if problems:
        raise ValidationError(problems)
    if application.round.max_bids is not None and _too_many(application):
        raise ValidationError(
            {
                "organisation_name": f"This round accepts at most {application.round.max_bids} "
                "application(s) from one organisation"
            }
        )
    before = audit_snapshot(application)
    reasons = application_ineligible_reasons(application)
    for _attempt in range(5):
        application.reference = _next_reference(application.round)
        if not Application.objects.filter(reference=application.reference).exists():
            break
    application.status = ApplicationStatus.INELIGIBLE if reasons else ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    _changed(
        application,
        actor=None,
        summary=f"Application {application.reference} submitted"
        + (f"; ineligible: {'; '.join(reasons)}" if reasons else ""),
        before=before,
    )
    return application


@transaction.atomic
def attachment_add(*, application: Application, upload: Any, content_type: str) -> Attachment:
    # The draft's row is locked while its room is counted, so two uploads sent at once
    # cannot both fit into the last place.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT:
        raise ValidationError("This application has been submitted and can no longer be changed")
    attachment_check_room(application=locked, name=str(upload.name), size=upload.size)
    attachment = Attachment(
        application=locked,
        original_name=str(upload.name)[:200],
        content_type=content_type,
        size=upload.size,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
        _created(attachment, actor=None, summary="Attachment added to an application")
    except BaseException:
        attachment.file.storage.delete(str(attachment.file.name))  # no file without its record
        raise
    return attachment


def attachment_check_room(*, application: Application, name: str, size: int) -> None:
    """Raises ValidationError (on `file`) when one more file of `size` bytes would take the
    draft past CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT documents or
    CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT megabytes: the public can add files without an
    account, so what one draft may hold is capped."""
    most = settings.CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT
    megabytes = settings.CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT
    held = application.attachments.aggregate(count=models.Count("pk"), size=Sum("size"))
    if held["count"] >= most:
        raise ValidationError(
            {"file": f"An application can have at most {most} documents: you have added them all"}
        )
    if (held["size"] or 0) + size > megabytes * 1024 * 1024:
        raise ValidationError(
            {"file": f"{name} would take this application's documents past {megabytes} MB in all"}
        )


# Assessment -------------------------------------------------------------------------------


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
        audit_change(
            actor=user,
            action=AuditAction.DELETE,
            instance=score,
            summary="Score withdrawn on declaring a conflict of interest",
            before=audit_snapshot(score),
        )
        score.delete()
    _created(conflict, actor=user, summary=f"Conflict of interest declared in {application}")
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
            before = audit_snapshot(existing)
            existing.score, existing.comment = value, comment
            existing.save()
            _changed(existing, actor=assessor, summary="Score changed", before=before)
            saved.append(existing)
        else:
            score = Score.objects.create(
                application=application,
                assessor=assessor,
                criterion_id=criterion_id,
                score=value,
                comment=comment,
            )
            _created(score, actor=assessor, summary=f"Scored {application}")
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
        before = audit_snapshot(existing)
        existing.agrees, existing.note = agrees, note
        existing.save()
        _changed(existing, actor=actor, summary=f"{authority} changed its agreement", before=before)
        return existing
    agreement = AuthorityAgreement.objects.create(
        application=application, authority=authority, agrees=agrees, note=note
    )
    _created(
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
    _created(moderation, actor=actor, summary=f"Panel decided {application}: {decision}")
    before = audit_snapshot(application)
    application.status = (
        ApplicationStatus.FUNDED if decision == Decision.FUND else ApplicationStatus.DECLINED
    )
    application.save()
    _changed(application, actor=actor, summary="Application decided", before=before)
    # The applicant hears of the decision only once it is committed; a mail server that fails
    # then is logged, and does not undo or hide the recorded decision.
    if notify_applicant:
        transaction.on_commit(partial(emails.decision_send, moderation.pk), robust=True)
    return moderation


# Awards and money -------------------------------------------------------------------------


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


@transaction.atomic
def award_create(
    *,
    actor: Any,
    round: Round,
    recipient: Organisation,
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
    both take the last of its budget; the database constraint backs this check."""
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
    before = audit_snapshot(locked)
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
    _created(
        award,
        actor=actor,
        summary=f"Awarded {format_pence(amount_pence)} to {recipient} from {locked}",
    )
    _changed(locked, actor=actor, summary="Round allocation increased by an award", before=before)
    if application is not None and application.organisation_id != recipient.pk:
        app_before = audit_snapshot(application)
        application.organisation = recipient
        application.save()
        _changed(application, actor=actor, summary="Linked to the grantee", before=app_before)
    return award


@transaction.atomic
def instalment_add(
    *, actor: Any, award: Award, due_on: datetime.date, amount_pence: int
) -> Instalment:
    scheduled = _sum(award.instalments.all())
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
    _created(
        instalment, actor=actor, summary=f"Instalment of {format_pence(amount_pence)} scheduled"
    )
    return instalment


@transaction.atomic
def payment_record(
    *, actor: Any, award: Award, paid_on: datetime.date, amount_pence: int, reference: str = ""
) -> Payment:
    award = Award.objects.select_for_update().get(pk=award.pk)
    paid = _sum(award.payments.all())
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
    _created(payment, actor=actor, summary=f"Paid {format_pence(amount_pence)} on {award}")
    return payment


def _check_spend_rules(
    award: Award, *, financial_year: int, cost_type: str, amount_pence: int
) -> None:
    fund = award.round.fund
    if _sum(award.spend.all()) + amount_pence > award.amount_pence:
        raise ValidationError({"amount": "Spend would exceed the award"})
    if fund.costs_split:
        if cost_type not in {CostType.LABOUR, CostType.NON_LABOUR}:
            raise ValidationError({"cost_type": "Say whether this is labour or non-labour spend"})
        limit = award.labour_pence if cost_type == CostType.LABOUR else award.non_labour_pence
        if _sum(award.spend.filter(cost_type=cost_type)) + amount_pence > (limit or 0):
            raise ValidationError(
                {
                    "amount": f"{CostType(cost_type).label} spend would exceed the award's "
                    f"{CostType(cost_type).label.lower()} costs of {format_pence(limit)}"
                }
            )
    if not fund.carry_over_allowed:
        # Money for one financial year must be spent in it: the year's spend is capped by
        # what the schedule pays in that year.
        year_budget = _sum(award.instalments.filter(financial_year=financial_year))
        year_spend = _sum(award.spend.filter(financial_year=financial_year))
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
    _created(spend, actor=actor, summary=f"Spend of {format_pence(amount_pence)} on {award}")
    return spend


@transaction.atomic
def carry_over(*, actor: Any, award: Award, from_year: int, amount_pence: int) -> Instalment:
    """Moves unspent scheduled money from one financial year into the next, where the fund
    allows it."""
    fund = award.round.fund
    if not fund.carry_over_allowed:
        raise ValidationError(f"{fund} money cannot be carried over between financial years")
    scheduled = _sum(award.instalments.filter(financial_year=from_year))
    spent = _sum(award.spend.filter(financial_year=from_year))
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
    before = audit_snapshot(last)
    last.amount_pence -= amount_pence
    if last.amount_pence == 0:
        audit_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=last,
            before=before,
            summary="Instalment carried over in full",
        )
        last.delete()
    else:
        last.save()
        _changed(last, actor=actor, summary="Instalment reduced by a carry-over", before=before)
    next_year = datetime.date(from_year + 1, 4, 1)
    instalment = Instalment.objects.create(
        award=award, due_on=next_year, amount_pence=amount_pence, financial_year=from_year + 1
    )
    _created(
        instalment,
        actor=actor,
        summary=f"{format_pence(amount_pence)} carried over from {financial_year_label(from_year)}",
    )
    return instalment


# Monitoring and evaluation ----------------------------------------------------------------


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
        _created(
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
    before = audit_snapshot(monitoring_return)
    monitoring_return.outputs = outputs.strip()
    monitoring_return.outcomes = outcomes.strip()
    monitoring_return.spend_to_date_pence = spend_to_date_pence
    monitoring_return.case_study = case_study.strip()
    monitoring_return.status = ReturnStatus.SUBMITTED
    monitoring_return.submitted_at = timezone.now()
    monitoring_return.save()
    _changed(monitoring_return, actor=actor, summary="Monitoring return submitted", before=before)
    return monitoring_return


@transaction.atomic
def return_accept(*, actor: Any, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    if monitoring_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be accepted")
    before = audit_snapshot(monitoring_return)
    monitoring_return.status = ReturnStatus.ACCEPTED
    monitoring_return.save()
    _changed(monitoring_return, actor=actor, summary="Monitoring return accepted", before=before)
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
    existing = Evaluation.objects.filter(award=award).first()
    before = audit_snapshot(existing) if existing else None
    evaluation = existing or Evaluation(award=award, created_by=actor)
    evaluation.what_changed = what_changed.strip()
    evaluation.evidence = evidence.strip()
    evaluation.fund_again = fund_again
    evaluation.save()
    if before is None:
        _created(evaluation, actor=actor, summary=f"Evaluation of {award} recorded")
    else:
        _changed(evaluation, actor=actor, summary=f"Evaluation of {award} changed", before=before)
    return evaluation


# Retention and erasure ---------------------------------------------------------------------

ERASED = "[erased]"


def _attachments_delete(application: Application, *, actor: Any, reason: str) -> int:
    """Deletes the application's uploaded files (once the transaction commits) and their rows."""
    count = 0
    for attachment in application.attachments.all():
        before = audit_snapshot(attachment)
        erase_personal_values(attachment, placeholder=ERASED)
        audit_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=attachment,
            before=before,
            summary=f"Attachment {attachment.pk} deleted ({reason})",
        )
        attachment.delete()
        count += 1
    return count


@transaction.atomic
def draft_delete(*, application: Application, actor: Any, reason: str) -> None:
    """Deletes a draft nobody submitted, with its uploaded files."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("Only a draft that was never submitted can be deleted")
    _attachments_delete(application, actor=actor, reason=reason)
    audit_change(
        actor=actor,
        action=AuditAction.DELETE,
        instance=application,
        before=audit_snapshot(application),
        summary=f"Draft application {application.pk} deleted ({reason})",
    )
    application.delete()


@transaction.atomic
def application_erase(*, application: Application, actor: Any, reason: str) -> list[str]:
    """Erases what identifies the applicant (contact name and e-mail, uploaded files, the
    save-and-return link), the panel's declared interests in it and the case studies in the
    award's monitoring returns, keeping the application's organisation, amounts, scores and
    decision. Returns what was erased."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    before = audit_snapshot(application)
    erased = erase_personal_values(application, placeholder=ERASED)
    if _attachments_delete(application, actor=actor, reason=reason):
        erased.append("attachments")
    for conflict in application.conflicts.all():
        conflict_before = audit_snapshot(conflict)
        if erase_personal_values(conflict, placeholder=ERASED):
            conflict.save()
            _changed(
                conflict,
                actor=actor,
                summary=f"Declared interest erased ({reason})",
                before=conflict_before,
            )
            erased.append("conflicts")
    award = Award.objects.filter(application=application).first()
    for monitoring_return in award.returns.all() if award else []:
        return_before = audit_snapshot(monitoring_return)
        if erase_personal_values(monitoring_return, placeholder=ERASED):
            monitoring_return.save()
            _changed(
                monitoring_return,
                actor=actor,
                summary=f"Case study erased ({reason})",
                before=return_before,
            )
            erased.append("case_study")
    if erased:
        application.save()
        _changed(
            application,
            actor=actor,
            summary=f"Application {application.reference}: applicant's details erased ({reason})",
            before=before,
        )
    return sorted(set(erased))
