"""Scrutiny panels: their members, meetings, cases (loaded, drawn for a meeting and found
on) and actions."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record, audited_change

from .. import findings, sampling, selectors
from ..constants import (
    ActionStatus,
    PanelKind,
    VictimsRight,
)
from ..models import (
    Panel,
    PanelAction,
    PanelCase,
    PanelMeeting,
    PanelMember,
    RightFinding,
)
from .common import audited_save


@transaction.atomic
def panel_save(*, panel: Panel, actor: Any, member_accounts: Iterable[Any] | None = None) -> Panel:
    """Sets up or changes a panel and, if `member_accounts` is given, who serves on it with
    an account: those added join, those left out leave (their membership is archived)."""
    created = panel.pk is None
    if created:
        panel.created_by = actor
    audited_save(
        panel,
        actor=actor,
        summary=f"{'Set up' if created else 'Changed'} the panel {panel.name}",
    )
    if member_accounts is not None:
        panel_members_set(panel=panel, users=member_accounts, actor=actor)
    # Its actions are named by the panel's name.
    findings.announce_on_commit(findings.panel_findings(panel))
    return panel


@transaction.atomic
def panel_members_set(*, panel: Panel, users: Iterable[Any], actor: Any) -> list[PanelMember]:
    """Makes `users` the panel's members who sign in; each must hold a role that may serve
    (`permissions.PANEL_MEMBER_ROLES`) unless already serving. Audited with who joined and left."""
    wanted = {user.pk: user for user in users}
    serving = {m.user_id: m for m in panel.memberships.filter(archived_at__isnull=True)}
    eligible = set(
        selectors.panel_member_candidates()
        .filter(pk__in=set(wanted) - set(serving))
        .values_list("pk", flat=True)
    )
    refused = [str(wanted[pk]) for pk in sorted(set(wanted) - set(serving) - eligible)]
    if refused:
        raise ValidationError(
            {"member_accounts": f"Not able to serve on a panel: {', '.join(refused)}."}
        )
    joined, left = [], []
    now = timezone.now()
    for user_id, user in wanted.items():
        if user_id not in serving:
            member = PanelMember(panel=panel, user=user, created_by=actor)
            member.full_clean()
            member.save()
            joined.append(user_id)
    for user_id, member in serving.items():
        if user_id not in wanted:
            member.archived_at = now
            member.save()
            left.append(user_id)
    if joined or left:
        # Members by account id: an account's e-mail is personal, and is erased with it.
        with audited_change(
            panel, actor=actor, summary=f"Panel members: {len(joined)} joined, {len(left)} left"
        ) as change:
            if change.before is not None:
                change.before["member_accounts"] = sorted(serving)
            change.after_extra.update(
                member_accounts=sorted(wanted), joined=sorted(joined), left=sorted(left)
            )
    return list(panel.memberships.filter(archived_at__isnull=True).select_related("user"))


@transaction.atomic
def meeting_save(*, meeting: PanelMeeting, actor: Any) -> PanelMeeting:
    audited_save(meeting, actor=actor, summary="Saved a panel meeting")
    return meeting


@dataclass(frozen=True)
class CaseLoad:
    added: int
    skipped: list[str]


@transaction.atomic
def cases_add(*, panel: Panel, lines: Iterable[str], actor: Any) -> CaseLoad:
    """Adds anonymised cases from lines of `reference,agency,type`. A reference already held
    is skipped and reported; a malformed line stops the whole load with its line number."""
    added, skipped = 0, []
    held = set(panel.cases.values_list("reference", flat=True))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) > 3 or not parts[0]:
            raise ValidationError(
                {"cases": f"Line {number}: expected reference,agency,type but got {line!r}."}
            )
        reference, agency, case_type = [*parts, "", ""][:3]
        if reference in held:
            skipped.append(f"Line {number}: {reference} is already held")
            continue
        case = PanelCase(panel=panel, reference=reference, agency=agency, case_type=case_type)
        case.created_by = actor
        case.full_clean()
        case.save()
        held.add(reference)
        added += 1
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=panel,
        summary=f"Added {added} cases to the panel ({len(skipped)} skipped)",
    )
    return CaseLoad(added=added, skipped=skipped)


@transaction.atomic
def sample_draw(
    *, meeting: PanelMeeting, size: int, seed: int, case_type: str, actor: Any
) -> sampling.CaseSample:
    """Draws the meeting's cases from the panel's unreviewed cases (of one type, if given)
    and records the rule and seed on the meeting."""
    if meeting.cases.exists():
        raise ValidationError("Cases have already been drawn for this meeting.")
    eligible = meeting.panel.cases.filter(meeting__isnull=True)
    criteria = "cases not yet reviewed"
    if case_type:
        eligible = eligible.filter(case_type__iexact=case_type)
        criteria += f", type {case_type}"
    try:
        sample = sampling.draw_sample(
            references=list(eligible.values_list("reference", flat=True)),
            size=size,
            seed=seed,
            criteria=criteria,
        )
    except ValueError as error:
        raise ValidationError({"size": str(error)}) from error
    with audited_change(meeting, actor=actor, summary=f"Drew {size} cases for review") as change:
        for case in eligible.filter(reference__in=sample.references):
            case.meeting = meeting
            case.save()
        meeting.sample_seed = seed
        meeting.sample_rule = sample.rule
        meeting.save()
        change.after_extra["references"] = list(sample.references)
    return sample


@transaction.atomic
def case_findings_record(
    *,
    case: PanelCase,
    outcome: str,
    observations: str,
    rights: dict[str, str],
    actor: Any,
) -> PanelCase:
    """A Victims' Code case is found per right; other panels find one of the four outcomes."""
    with audited_change(case, actor=actor, summary="Recorded the panel's findings") as change:
        if case.panel.kind == PanelKind.VICTIMS_CODE:
            if set(rights) != set(VictimsRight.values):
                raise ValidationError("Record a finding for every right.")
            for right, compliance in rights.items():
                RightFinding.objects.update_or_create(
                    case=case, right=right, defaults={"compliance": compliance}
                )
        elif not outcome:
            raise ValidationError({"outcome": "Choose the panel's finding."})
        case.outcome = outcome
        case.observations = observations
        case.full_clean()
        case.save()
        change.after_extra["rights"] = rights
    return case


@transaction.atomic
def action_add(
    *,
    panel: Panel,
    meeting: PanelMeeting | None,
    description: str,
    owner: str,
    due_on: datetime.date,
    actor: Any,
) -> PanelAction:
    action = PanelAction(
        panel=panel,
        meeting=meeting,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    audited_save(action, actor=actor, summary="Added a panel action")
    findings.announce_on_commit([findings.action_finding(action)])
    return action


@transaction.atomic
def action_close(*, action: PanelAction, status: str, note: str, actor: Any) -> PanelAction:
    if status not in {ActionStatus.DONE, ActionStatus.DROPPED}:
        raise ValidationError({"status": "Choose done or dropped."})
    with audited_change(action, actor=actor) as change:
        action.status = status
        action.closed_on = timezone.localdate()
        action.closing_note = note
        action.save()
        change.summary = f"Closed a panel action ({action.get_status_display().lower()})"
    findings.announce_on_commit([findings.action_finding(action)])
    return action
