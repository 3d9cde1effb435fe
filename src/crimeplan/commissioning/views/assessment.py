"""Assessment: a panel member's scores and declared conflicts, the specified authorities'
agreement and the panel's decision."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import role_required
from crimeplan.core.pages import one_form_page

from .. import forms, selectors, services
from ..constants import FundKind
from ..permissions import COMMISSIONERS
from .common import (
    form_page,
    visible_application,
)


@role_required(Role.GRANT_ASSESSOR)
@require_http_methods(["GET", "POST"])
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    if not selectors.on_panel(application.round_id, request.user.pk):
        raise PermissionDenied
    initial = {}
    for score in selectors.own_scores(application, assessor_id=request.user.pk):
        initial[f"criterion_{score.criterion_id}"] = str(score.score)
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = forms.ScoreForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=application.round.criteria.all(),
    )
    return one_form_page(
        request,
        form,
        act=lambda _data: services.scores_record(
            application=application, assessor=request.user, scores=form.scores()
        ),
        done="Your scores are saved.",
        then=lambda _scores: redirect("commissioning:application_detail", pk=application.pk),
        template="commissioning/score_form.html",
        context={"application": application},
    )


@role_required(Role.GRANT_ASSESSOR)
@require_http_methods(["GET", "POST"])
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    return form_page(
        request,
        forms.ConflictForm(request.POST or None),
        act=lambda data: services.conflict_declare(
            application=application, user=request.user, reason=data["reason"]
        ),
        done="Your conflict of interest is recorded; the application is no longer shown to you.",
        then=lambda _conflict: redirect("commissioning:application_list"),
        title="Declare a conflict of interest",
        caption=application.reference,
        button="Declare conflict",
        back="commissioning:application_detail",
        back_url=application.pk,
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    _rows, mean = selectors.assessment(application)
    return form_page(
        request,
        forms.ModerationForm(request.POST or None),
        act=lambda data: services.application_moderate(
            actor=request.user,
            application=application,
            decision=data["decision"],
            amount_pence=data["amount"],
            reasons=data["reasons"],
            moderated_score=mean,
        ),
        done="Decision recorded.",
        then=lambda _moderation: redirect("commissioning:application_detail", pk=application.pk),
        title="Record the panel's decision",
        caption=application.reference,
        intro=f"Panel mean score: {mean if mean is not None else 'not yet scored'}%.",
        button="Record decision",
        back="commissioning:application_detail",
        back_url=application.pk,
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def agreement_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund = application.round.fund
    if fund.kind != FundKind.JOINT:
        raise Http404
    return form_page(
        request,
        forms.AgreementForm(request.POST or None, authorities=fund.specified_authorities.all()),
        act=lambda data: services.agreement_record(
            actor=request.user, application=application, **data
        ),
        done="Agreement recorded.",
        then=lambda _agreement: redirect("commissioning:application_detail", pk=application.pk),
        title="Record a specified authority's agreement",
        caption=application.reference,
        button="Save",
        back="commissioning:application_detail",
        back_url=application.pk,
    )
