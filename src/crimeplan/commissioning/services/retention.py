"""Retention and erasure: deleting abandoned drafts and erasing what identifies an applicant."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import audit_snapshot, audited_change, audited_delete
from crimeplan.core.personal import erase_personal_values

from ..constants import (
    ApplicationStatus,
)
from ..models import (
    Application,
    Award,
)

ERASED = "[erased]"


def _attachments_delete(application: Application, *, actor: Any, reason: str) -> int:
    """Deletes the application's uploaded files (once the transaction commits) and their rows."""
    count = 0
    for attachment in application.attachments.all():
        before = audit_snapshot(attachment)  # as it was, before its file is erased
        erase_personal_values(attachment, placeholder=ERASED)
        audited_delete(
            attachment,
            actor=actor,
            summary=f"Attachment {attachment.pk} deleted ({reason})",
            before=before,
        )
        count += 1
    return count


@transaction.atomic
def draft_delete(*, application: Application, actor: Any, reason: str) -> None:
    """Deletes a draft nobody submitted, with its uploaded files."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("Only a draft that was never submitted can be deleted")
    _attachments_delete(application, actor=actor, reason=reason)
    audited_delete(
        application, actor=actor, summary=f"Draft application {application.pk} deleted ({reason})"
    )


@transaction.atomic
def application_erase(*, application: Application, actor: Any, reason: str) -> list[str]:
    """Erases what identifies the applicant (contact name and e-mail, uploaded files, the
    save-and-return link), the panel's declared interests in it and the case studies in the
    award's monitoring returns, keeping the application's organisation, amounts, scores and
    decision. Returns what was erased."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    # The application's event comes last, after those of its files, interests and returns.
    with audited_change(application, actor=actor) as change:
        erased = erase_personal_values(application, placeholder=ERASED)
        if _attachments_delete(application, actor=actor, reason=reason):
            erased.append("attachments")
        for conflict in application.conflicts.all():
            if _erased(conflict, actor=actor, summary=f"Declared interest erased ({reason})"):
                erased.append("conflicts")
        award = Award.objects.filter(application=application).first()
        for monitoring_return in award.returns.all() if award else []:
            if _erased(monitoring_return, actor=actor, summary=f"Case study erased ({reason})"):
                erased.append("case_study")
        if not erased:
            change.skip()
            return []
        application.save()
        change.summary = (
            f"Application {application.reference}: applicant's details erased ({reason})"
        )
    return sorted(set(erased))


def _erased(record: Any, *, actor: Any, summary: str) -> bool:
    """Erases the personal values of one record that names the applicant, saving and
    recording it if there were any."""
    with audited_change(record, actor=actor, summary=summary) as change:
        if not erase_personal_values(record, placeholder=ERASED):
            change.skip()
            return False
        record.save()
    return True
