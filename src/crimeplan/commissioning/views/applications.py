"""The applications the OPCC receives, as its staff and assessors see them: the list, its
export, an application and its attachments."""

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.audit.decorators import sensitive_page
from crimeplan.core import exports
from crimeplan.core.money import pence_to_pounds_text

from .. import selectors, services
from ..constants import EXPORT_FORMATS
from ..filenames import safe_filename
from ..models import Attachment
from ..permissions import ASSESSORS, COMMISSIONERS
from .common import (
    visible_application,
)


@role_required(*ASSESSORS)
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.application_list(viewer=viewer_for(request.user))
    return render(request, "commissioning/application_list.html", {"applications": applications})


@role_required(*ASSESSORS)
@require_safe
@exports.download_view(*EXPORT_FORMATS, query="format", default="csv")
def application_export(request: HttpRequest) -> HttpResponseBase:
    file_format = request.GET.get("format") or "csv"
    applications = selectors.application_list(viewer=viewer_for(request.user))
    columns = [
        "reference",
        "fund",
        "round",
        "status",
        "organisation",
        "project",
        "district",
        "amount_requested",
    ]
    rows = [
        {
            "reference": a.reference,
            "fund": a.round.fund.name,
            "round": a.round.name,
            "status": a.get_status_display(),
            "organisation": a.organisation_name,
            "project": a.project_title,
            "district": a.district.name if a.district else "County-wide",
            "amount_requested": pence_to_pounds_text(a.amount_requested_pence),
        }
        for a in applications
    ]
    return exports.table_response(
        request=request,
        rows=rows,
        columns=columns,
        file_format=file_format,
        filename="grant-applications",
        subject="grant applications",
        title="applications",
        object_type="commissioning.Application",
    )


@role_required(*ASSESSORS)
@require_safe
@sensitive_page("a grant application", object_type="commissioning.Application")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    viewer = viewer_for(request.user)
    rows, mean = selectors.assessment_for(application, viewer=viewer)
    is_assessor = selectors.on_panel(application.round_id, request.user.pk)
    agreements = list(application.agreements.select_related("authority"))
    answered = {agreement.authority_id for agreement in agreements}
    return render(
        request,
        "commissioning/application_detail.html",
        {
            "application": application,
            "round": application.round,
            "reasons": services.application_ineligible_reasons(application),
            "answers": [
                (q, application.eligibility_answers.get(str(q.pk)))
                for q in application.round.questions.all()
            ],
            "attachments": application.attachments.all(),
            "assessments": rows,
            "mean": mean,
            "criteria": application.round.criteria.all(),
            "moderation": getattr(application, "moderation", None),
            "agreements": agreements,
            "waiting": [
                a for a in services.missing_agreements(application) if a.pk not in answered
            ],
            "can_decide": viewer.has_any(COMMISSIONERS),
            "can_score": is_assessor,
            "award": getattr(application, "award", None),
        },
    )


@role_required(*ASSESSORS)
@require_safe
@exports.download_view(exports.UPLOADED_FILE)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An application's attachment, to whoever may see the application (a conflicted panel
    member may not). Always a download, never shown inline, with the type it was checked to be
    on upload; every download is audited."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("application").filter(
            application__in=selectors.application_list(viewer=viewer_for(request.user))
        ),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = safe_filename(attachment.original_name, attachment.content_type)
    stem, _, extension = name.rpartition(".")
    return exports.download_response(
        request=request,
        content=handle,
        file_format=extension,
        filename=stem,
        subject=f"attachment {attachment.pk} of application {attachment.application.reference}",
        instance=attachment,
        content_type=attachment.content_type,
    )
