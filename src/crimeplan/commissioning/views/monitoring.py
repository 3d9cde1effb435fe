"""Monitoring and evaluation: the returns schedule, a grantee's return, accepting it, and
the evaluation of an award."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core.money import pence_to_pounds_text

from .. import forms, selectors, services
from ..models import Award, MonitoringReturn
from ..permissions import COMMISSIONERS
from .common import (
    award_form,
    visible_award,
)


def _period_ends(award: Award, every_months: int) -> list[datetime.date]:
    ends = []
    year, month = award.starts_on.year, award.starts_on.month
    while True:
        month += every_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        end = datetime.date(year, month, 1) - datetime.timedelta(days=1)
        ends.append(min(end, award.ends_on))
        if end >= award.ends_on:
            return ends


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def returns_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    award = visible_award(request, pk)
    return award_form(
        request,
        award,
        forms.ReturnsScheduleForm(request.POST or None),
        title="Set the monitoring returns schedule",
        button="Set schedule",
        save=lambda d: services.returns_schedule(
            actor=request.user,
            award=award,
            period_ends=_period_ends(award, d["every_months"]),
            days_to_submit=d["days_to_submit"],
        ),
    )


def _visible_return(request: HttpRequest, pk: int) -> MonitoringReturn:
    awards = selectors.award_list(viewer=viewer_for(request.user))
    return get_object_or_404(
        MonitoringReturn.objects.select_related("award"), pk=pk, award__in=awards
    )


@role_required(*COMMISSIONERS, Role.PARTNER_EDITOR)
@require_http_methods(["GET", "POST"])
def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    monitoring_return = _visible_return(request, pk)
    award = monitoring_return.award
    if not selectors.may_edit_award(viewer_for(request.user), award):
        raise PermissionDenied
    initial = {
        "outputs": monitoring_return.outputs,
        "outcomes": monitoring_return.outcomes,
        "spend_to_date": pence_to_pounds_text(monitoring_return.spend_to_date_pence),
        "case_study": monitoring_return.case_study,
    }
    return award_form(
        request,
        award,
        forms.ReturnForm(request.POST or None, initial=initial),
        title=f"Monitoring return to {monitoring_return.period_end:%-d %B %Y}",
        button="Submit return",
        save=lambda d: services.return_submit(
            actor=request.user,
            monitoring_return=monitoring_return,
            outputs=d["outputs"],
            outcomes=d["outcomes"],
            spend_to_date_pence=d["spend_to_date"],
            case_study=d["case_study"],
        ),
    )


@role_required(*COMMISSIONERS)
@require_POST
def return_accept(request: HttpRequest, pk: int) -> HttpResponse:
    monitoring_return = _visible_return(request, pk)
    try:
        services.return_accept(actor=request.user, monitoring_return=monitoring_return)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Return accepted.")
    return redirect("commissioning:award_detail", pk=monitoring_return.award_id)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award = visible_award(request, pk)
    existing = getattr(award, "evaluation", None)
    initial = (
        {
            "what_changed": existing.what_changed,
            "evidence": existing.evidence,
            "fund_again": existing.fund_again,
        }
        if existing
        else {}
    )
    return award_form(
        request,
        award,
        forms.EvaluationForm(request.POST or None, initial=initial),
        title="Evaluate the award",
        button="Save evaluation",
        save=lambda d: services.evaluation_record(actor=request.user, award=award, **d),
    )
