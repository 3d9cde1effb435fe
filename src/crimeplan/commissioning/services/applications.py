"""Applications the OPCC receives: a public draft saved page by page, its uploaded
documents, and its submission (with a reference, and the eligibility verdict)."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crimeplan.audit.services import audited_change
from crimeplan.core.mail import send_courtesy_mail

from .. import eligibility
from ..constants import (
    ApplicationStatus,
)
from ..models import (
    Application,
    Attachment,
    Round,
)
from .common import record_created


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
        raise ValidationError(gettext("This round is not open for applications"))
    application = Application.objects.create(round=round)
    record_created(application, actor=None, summary=f"Application started for {round}")
    return application


APPLICANT_FIELDS = frozenset(
    {
        "eligibility_answers",
        "organisation_name",
        "organisation_type",
        "contact_name",
        "contact_email",
        "correspondence_language",
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
        raise ValidationError(
            gettext("This application has been submitted and can no longer be changed")
        )
    with audited_change(application, actor=None, summary="Applicant saved answers"):
        for name, value in values.items():
            if name == "eligibility_answers":
                value = {**application.eligibility_answers, **value}
            setattr(application, name, value)
        application.save()
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
        gettext=gettext,
    )


REQUIRED_ANSWERS = {
    "organisation_name": _("Enter the name of your organisation"),
    "organisation_type": _("Select the type of organisation"),
    "contact_name": _("Enter the name of the person we should contact"),
    "contact_email": _("Enter an e-mail address"),
    "project_title": _("Enter a title for the project"),
    "project_summary": _("Describe the project"),
    "amount_requested_pence": _("Enter the amount you are asking for"),
}


def application_missing(application: Application) -> dict[str, str]:
    """What a draft has not answered, in the visitor's language."""
    missing = {
        name: str(message)
        for name, message in REQUIRED_ANSWERS.items()
        if getattr(application, name) in (None, "")
    }
    unanswered = [
        q
        for q in application.round.questions.all()
        if str(q.pk) not in application.eligibility_answers
    ]
    if unanswered:
        missing["eligibility_answers"] = gettext("Answer every eligibility question")
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
        raise ValidationError(gettext("This application has already been submitted"))
    if not round_is_open(application.round):
        raise ValidationError(gettext("This round has closed"))
    problems = {**application_missing(application), **application_rule_errors(application)}
    if problems:
        raise ValidationError(problems)
    if application.round.max_bids is not None and _too_many(application):
        raise ValidationError(
            {
                "organisation_name": gettext(
                    "This round accepts at most %(most)s application(s) from one organisation"
                )
                % {"most": application.round.max_bids}
            }
        )
    with audited_change(application, actor=None) as change:
        reasons = application_ineligible_reasons(application)
        for _attempt in range(5):
            application.reference = _next_reference(application.round)
            if not Application.objects.filter(reference=application.reference).exists():
                break
        application.status = (
            ApplicationStatus.INELIGIBLE if reasons else ApplicationStatus.SUBMITTED
        )
        application.submitted_at = timezone.now()
        application.save()
        change.summary = f"Application {application.reference} submitted" + (
            f"; ineligible: {'; '.join(reasons)}" if reasons else ""
        )
    return application


@transaction.atomic
def attachment_add(*, application: Application, upload: Any, content_type: str) -> Attachment:
    # The draft's row is locked while its room is counted, so two uploads sent at once
    # cannot both fit into the last place.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            gettext("This application has been submitted and can no longer be changed")
        )
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
        record_created(attachment, actor=None, summary="Attachment added to an application")
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
            {
                "file": gettext(
                    "An application can have at most %(most)s documents: you have added them all"
                )
                % {"most": most}
            }
        )
    if (held["size"] or 0) + size > megabytes * 1024 * 1024:
        raise ValidationError(
            {
                "file": gettext(
                    "%(name)s would take this application's documents past %(megabytes)s MB in all"
                )
                % {"name": name, "megabytes": megabytes}
            }
        )


def resume_link_send(*, application: Application, link: str) -> bool:
    """E-mails the applicant `link`, the way back to their draft, in the language they chose
    to be written to in. False (logged, without the address) when it could not be sent."""
    with translation.override(application.correspondence_language):
        subject = gettext("Your grant application: the link to return to it")
        message = gettext(
            "You can return to your application to %(round)s at\n\n%(link)s\n\n"
            "Keep this link private: anyone with it can see and change your answers."
        ) % {"round": application.round, "link": link}
    return send_courtesy_mail(
        subject=subject,
        message=message,
        recipient=application.contact_email,
        what="A grant application's return link",
    )
