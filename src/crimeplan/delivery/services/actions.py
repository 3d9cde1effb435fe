"""Actions: creating and changing them, their milestones, and the progress updates (with
their evidence files) that move an action along."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import (
    AuditSnapshot,
    audit_change,
    audit_snapshot,
    audited_change,
)

from .. import evidence as evidence_files
from ..constants import ActionStatus
from ..models import (
    Action,
    Commitment,
    Evidence,
    Milestone,
    ProgressUpdate,
    PublicUpdate,
)

ACTION_M2M = ("shared_with", "districts", "golden_threads", "funding")


def _check_action(action: Action) -> None:
    errors: dict[str, list[str]] = {}
    if action.due_date < action.start_date:
        errors["due_date"] = ["The due date must be on or after the start date."]
    if action.status == ActionStatus.COMPLETE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.status != ActionStatus.COMPLETE:
        action.completed_on = None
    if errors:
        raise ValidationError(errors)


def _action_state(action: Action) -> AuditSnapshot:
    state = audit_snapshot(action)
    for name in ACTION_M2M:
        state[name] = sorted(getattr(action, name).values_list("pk", flat=True))
    return state


@transaction.atomic
def action_create(*, commitment: Commitment, actor: Any, **fields: Any) -> Action:
    relations = {name: fields.pop(name) for name in ACTION_M2M if name in fields}
    action = Action(commitment=commitment, created_by=actor, **fields)
    _check_action(action)
    action.save()
    for name, values in relations.items():
        getattr(action, name).set(values)
    audit_change(
        actor=actor,
        instance=action,
        organisation_id=action.owner_organisation_id,
        summary=f"Added action {action.title!r} to {commitment.priority.code}",
        after=_action_state(action),
    )
    return action


@transaction.atomic
def action_update(*, action: Action, actor: Any, **changes: Any) -> Action:
    """Changes the fields given. Saved through the model (never a bulk update) so the
    history and the audit trail see it."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    with audited_change(
        action, actor=actor, snapshot=_action_state, only_if_changed=True
    ) as change:
        relations = {name: changes.pop(name) for name in ACTION_M2M if name in changes}
        for name, value in changes.items():
            setattr(action, name, value)
        _check_action(action)
        action.save()
        for name, values in relations.items():
            getattr(action, name).set(values)
        change.summary = f"Changed action {action.title!r}"
        change.organisation_id = action.owner_organisation_id
    return action


@transaction.atomic
def milestone_save(
    *,
    action: Action,
    actor: Any,
    title: str,
    due_date: datetime.date,
    done_on: datetime.date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": ["The done date cannot be in the future."]})
    milestone = milestone or Milestone(action=action)
    if milestone.action_id != action.pk:
        raise ValidationError("The milestone belongs to another action.")
    with audited_change(
        milestone, actor=actor, organisation_id=action.owner_organisation_id
    ) as change:
        change.summary = (
            f"{'Added' if change.is_new else 'Changed'} milestone {title!r} of {action.title!r}"
        )
        milestone.title, milestone.due_date, milestone.done_on = title, due_date, done_on
        milestone.save()
    return milestone


def _clean_links(links: list[str]) -> list[str]:
    cleaned = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        if not link.startswith(("https://", "http://")):
            raise ValidationError({"links": [f"{link!r} is not a web address (https://…)."]})
        cleaned.append(link)
    return cleaned


def progress_update_add(
    *,
    action: Action,
    actor: Any,
    reported_on: datetime.date,
    status: str,
    summary: str,
    links: list[str] | None = None,
    files: list[Any] | None = None,
) -> ProgressUpdate:
    """Records a dated update with its evidence and moves the action to the update's status.
    Files are checked by content; a rejected file rejects the whole update."""
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": ["An update cannot be dated in the future."]})
    if not summary.strip():
        raise ValidationError({"summary": ["Say what has happened since the last update."]})
    cleaned_links = _clean_links(links or [])
    stored: list[tuple[Any, evidence_files.StoredFile]] = []
    try:
        for upload in files or []:
            stored.append((upload, evidence_files.store_upload(upload)))
    except evidence_files.EvidenceRejected as error:
        _remove(stored)
        raise ValidationError({"evidence": [str(error)]}) from error
    try:
        with transaction.atomic():
            return _save_update(action, actor, reported_on, status, summary, cleaned_links, stored)
    except Exception:
        _remove(stored)
        raise


def _remove(stored: list[tuple[Any, evidence_files.StoredFile]]) -> None:
    for _, file in stored:
        evidence_files.evidence_path(file.stored_name).unlink(missing_ok=True)


def _save_update(
    action: Action,
    actor: Any,
    reported_on: datetime.date,
    status: str,
    summary: str,
    links: list[str],
    stored: list[tuple[Any, evidence_files.StoredFile]],
) -> ProgressUpdate:
    update = ProgressUpdate.objects.create(
        action=action,
        reported_on=reported_on,
        status=status,
        summary=summary.strip(),
        links=links,
        created_by=actor,
    )
    for upload, file in stored:
        Evidence.objects.create(
            update=update,
            original_name=str(upload.name)[:255],
            stored_name=file.stored_name,
            content_type=file.kind.content_type,
            size=file.size,
            sha256=file.sha256,
            created_by=actor,
        )
    after = audit_snapshot(update)
    after["evidence"] = [f.stored_name for _, f in stored]
    audit_change(
        actor=actor,
        instance=update,
        organisation_id=action.owner_organisation_id,
        summary=f"Progress update on {action.title!r} with {len(stored)} evidence files",
        after=after,
    )
    changes: dict[str, Any] = {"status": status}
    if status == ActionStatus.COMPLETE and action.completed_on is None:
        changes["completed_on"] = reported_on
    action_update(action=action, actor=actor, **changes)
    return update


@transaction.atomic
def public_update_add(
    *, action: Action, actor: Any, text: str, text_cy: str = "", published_on: datetime.date
) -> PublicUpdate:
    """Publishes what the public is told about `action`. The text is the OPCC's own words for
    the public, so the audit event and the history keep it, as they keep what the public was
    shown."""
    text, text_cy = text.strip(), text_cy.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = ["Enter what the public is told."]
    for name, value in (("text", text), ("text_cy", text_cy)):
        if len(value) > PublicUpdate.MAX_LENGTH:
            errors[name] = [f"Keep it to {PublicUpdate.MAX_LENGTH} characters or fewer."]
    if published_on > timezone.localdate():
        errors["published_on"] = ["The date published cannot be in the future."]
    if errors:
        raise ValidationError(errors)
    update = PublicUpdate(
        action=action, published_on=published_on, text=text, text_cy=text_cy, created_by=actor
    )
    with audited_change(
        update,
        actor=actor,
        organisation_id=action.owner_organisation_id,
        summary=f"Published an update on action {action.title!r} for the public",
    ):
        update.save()
    return update


@transaction.atomic
def public_update_withdraw(*, update: PublicUpdate, actor: Any) -> PublicUpdate:
    """Takes an update off the public pages; the record of it stays."""
    update = PublicUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn_on is not None:
        return update
    with audited_change(
        update,
        actor=actor,
        organisation_id=update.action.owner_organisation_id,
        summary=f"Withdrew a public update on action {update.action.title!r}",
    ):
        update.withdrawn_on = timezone.localdate()
        update.save()
    return update
