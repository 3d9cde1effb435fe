"""Changes to the Victims' Code returns and the joint review: keyword-only, one transaction
each, validated and audited.

A return, uploaded or typed in, is checked whole first (`reading`): any problem raises
`ReturnError` naming file, line and field, and nothing is stored. A second return for the same
agency and quarter replaces the first (its lines are swapped, the return row kept), and the
audit event says so. A review action is announced to the recommendations tracker once its
transaction commits (`findings`).
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.models import Organisation
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import archive_audited, audit_record, audited_change
from crimeplan.core.mail import send_courtesy_mail

from . import findings
from .constants import ENTERED, earliest_year, period_label
from .models import (
    ComplianceReturn,
    ReturningAgency,
    ReturnLine,
    ReturnReminder,
    ReviewAction,
    ReviewMeeting,
)
from .reading import Line, Problem, RawLine, ReturnError, check_lines, period_problem, read_return
from .selectors import reminders_due

FORM = "the form"


def _actor_id(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def agency_add(
    *, organisation: Organisation, since_year: int, since_quarter: int, actor: Any
) -> ReturningAgency:
    """Expects returns from an organisation from a quarter on (or brings an archived one back)."""
    agency = ReturningAgency.objects.filter(organisation=organisation).first()
    if agency is not None and not agency.is_archived:
        raise ValidationError(f"{organisation.name} is already a returning agency")
    agency = agency or ReturningAgency(organisation=organisation)
    with audited_change(
        agency,
        actor=actor,
        summary=f"Expected Victims' Code returns from {organisation.name} from "
        f"{period_label(since_year, since_quarter)}",
        organisation_id=organisation.pk,
    ):
        agency.since_year, agency.since_quarter = since_year, since_quarter
        agency.archived_at = None
        if agency._state.adding:
            agency.created_by = _actor_id(actor)
        agency.full_clean()
        agency.save()
    return agency


@transaction.atomic
def agency_archive(*, agency: ReturningAgency, actor: Any) -> ReturningAgency:
    if agency.is_archived:
        raise ValidationError("This agency is already archived")
    return archive_audited(
        agency,
        actor=actor,
        summary=f"Stopped expecting Victims' Code returns from {agency.organisation.name}",
    )


def _returning(agency: Organisation, *, file: str) -> None:
    if not ReturningAgency.objects.filter(organisation=agency, archived_at__isnull=True).exists():
        raise ReturnError([Problem(file, f"{agency.name} is not an agency that makes returns")])


def _save_return(
    *, agency: Organisation, year: int, quarter: int, lines: Sequence[Line], source: str, actor: Any
) -> ComplianceReturn:
    existing = ComplianceReturn.objects.filter(agency=agency, year=year, quarter=quarter).first()
    record = existing or ComplianceReturn(agency=agency, year=year, quarter=quarter)
    verb = "Replaced" if existing else "Made"
    with audited_change(
        record,
        actor=actor,
        summary=f"{verb} the Victims' Code return of {agency.name} for "
        f"{period_label(year, quarter)} ({len(lines)} rights, from {source})",
        organisation_id=agency.pk,
    ) as change:
        if existing:
            change.before["lines"] = _lines_snapshot(existing)  # type: ignore[index]
            existing.lines.all().delete()
            record.replaced += 1
        else:
            record.created_by = _actor_id(actor)
        record.submitted_at = timezone.now()
        record.submitted_by = _actor_id(actor)
        record.source = source[:200]
        record.full_clean(exclude=["submitted_by"])  # none for the demo and the command line
        record.save()
        ReturnLine.objects.bulk_create(
            ReturnLine(
                compliance_return=record,
                right=line.right,
                eligible=line.eligible,
                complied=line.complied,
                note=line.note,
            )
            for line in lines
        )
        change.after_extra["lines"] = _lines_snapshot(record)
    return record


def _lines_snapshot(record: ComplianceReturn) -> list[list[object]]:
    """The counts of each right (never the notes) for the audit event's before and after."""
    return [list(row) for row in record.lines.values_list("right", "eligible", "complied")]


@transaction.atomic
def return_upload(
    *, agency: Organisation, name: str, content: bytes, actor: Any, today: datetime.date
) -> ComplianceReturn:
    """The return in an uploaded template for `agency`; `ReturnError` stores nothing."""
    read = read_return(name=name, content=content, today=today, earliest_year=earliest_year())
    if read.agency.lower() != agency.name.lower():
        line = read.lines[0].line if read.lines else None
        raise ReturnError(
            [
                Problem(
                    name,
                    f"the file is for {read.agency[:80]!r}, not {agency.name!r}: give the "
                    "agency's name as on the template",
                    line,
                    "agency",
                    "row" if name.lower().endswith(".xlsx") else "line",
                )
            ]
        )
    _returning(agency, file=name)
    return _save_return(
        agency=agency,
        year=read.period.year,
        quarter=read.period.quarter,
        lines=read.lines,
        source=name,
        actor=actor,
    )


@transaction.atomic
def return_enter(
    *,
    agency: Organisation,
    year: int,
    quarter: int,
    lines: Sequence[RawLine],
    actor: Any,
    today: datetime.date,
) -> ComplianceReturn:
    """A return typed into the form: the same checks as a file, "line" being the right's
    number on the form."""
    problems = []
    if why := period_problem(year, quarter, today=today, earliest=earliest_year()):
        problems.append(Problem(FORM, why, field="year"))
    checked, line_problems = check_lines(lines, file=FORM, line_label="right")
    problems += line_problems
    if not problems and not checked:
        problems.append(Problem(FORM, "give the figures of at least one right"))
    if problems:
        raise ReturnError(problems)
    _returning(agency, file=FORM)
    return _save_return(
        agency=agency, year=year, quarter=quarter, lines=checked, source=ENTERED, actor=actor
    )


@transaction.atomic
def meeting_save(*, meeting: ReviewMeeting, actor: Any) -> ReviewMeeting:
    verb = "Recorded" if meeting._state.adding else "Changed"
    with audited_change(
        meeting, actor=actor, summary=f"{verb} the joint review of {meeting.period}", stored=True
    ):
        if meeting._state.adding:
            meeting.created_by = _actor_id(actor)
        meeting.full_clean()
        meeting.save()
    return meeting


@transaction.atomic
def action_save(*, action: ReviewAction, actor: Any) -> ReviewAction:
    """Adds or changes an agreed action and tells the recommendations tracker."""
    if action.done_on is None and action.done_note.strip():
        raise ValidationError({"done_on": "Give the date it was done, or leave the note empty"})
    if action.done_on is not None and action.done_on < action.meeting.held_on:
        raise ValidationError({"done_on": "The date it was done cannot be before the meeting"})
    verb = "Agreed" if action._state.adding else "Changed"
    with audited_change(
        action,
        actor=actor,
        summary=f"{verb} an action of the joint review of {action.meeting.period} for "
        f"{action.owner.name}",
        organisation_id=action.owner_id,
        stored=True,
    ):
        if action._state.adding:
            action.created_by = _actor_id(actor)
        action.full_clean()
        action.save()
    findings.announce_on_commit(action)
    return action


def reminders_send(*, today: datetime.date) -> list[str]:
    """E-mails each agency whose return for the last ended quarter is overdue (its partner
    editors), records the reminder and audits it; one transaction per agency. Lines to print."""
    said = []
    for due in reminders_due(today=today):
        period = period_label(due.year, due.quarter)
        sent = 0
        for recipient in due.recipients:
            sent += send_courtesy_mail(
                subject=f"Victims' Code return for {period} is overdue",
                message=(
                    f"The OPCC has not yet had {due.agency.name}'s Victims' Code compliance "
                    f"return for {period}. Please upload it (or enter it) in crimeplan: "
                    f"{settings.CRIMEPLAN_BASE_URL}{reverse('victims_code:return_list')}\n"
                ),
                recipient=recipient,
                what="Victims' Code return reminder",
            )
        if not sent:
            # Nobody could be e-mailed: no reminder is recorded, so tomorrow's run tries again.
            said.append(f"{due.agency.name}: return for {period} missing, nobody could be e-mailed")
            continue
        with transaction.atomic():
            reminder = ReturnReminder.objects.create(
                agency=due.agency,
                year=due.year,
                quarter=due.quarter,
                sent_at=timezone.now(),
                recipients=sent,
            )
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                instance=reminder,
                organisation_id=due.agency.pk,
                summary=f"Reminded {due.agency.name} of its missing Victims' Code return for "
                f"{period} ({sent} partner editor{'' if sent == 1 else 's'} e-mailed)",
            )
        said.append(f"{due.agency.name}: return for {period} missing, {sent} e-mailed")
    return said
