"""Staff pages: funds, rounds, assessment, awards, money, monitoring, evaluation, reports.

Views parse a form, check who may act, call one service or selector and render. A record the
viewer may not see is a 404; a page their role cannot use is a 403.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.audit.decorators import sensitive_page
from crimeplan.core import exports
from crimeplan.core.bounds import record_id
from crimeplan.core.forms import add_validation_errors

from . import forms, selectors, services
from .constants import EXPORT_FORMATS, FundKind
from .filenames import safe_filename
from .models import Attachment, Award, Bid, Fund, MonitoringReturn, Round
from .money import format_pence, pence_to_pounds_text

COMMISSIONERS = (Role.OPCC_ADMIN, Role.OPCC_COMMISSIONING)
OPCC = tuple(OPCC_STAFF_ROLES)
ASSESSORS = (*OPCC, Role.GRANT_ASSESSOR)
PARTNERS = (*OPCC, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, caption: str, back: str, button: str
) -> HttpResponse:
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": title, "caption": caption, "back": back, "button": button},
    )


def _saved(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, **kwargs)


# Funds and rounds ---------------------------------------------------------------------------


@role_required(*OPCC)
@require_safe
def fund_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/fund_list.html",
        {
            "funds": selectors.fund_list(),
            "archived_funds": selectors.fund_list(archived=True),
            "summary": selectors.summary(),
            "overdue": selectors.overdue_returns(viewer=viewer),
            "can_edit": viewer.has_any(COMMISSIONERS),
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest) -> HttpResponse:
    form = forms.FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.fund_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"{fund} created.", "commissioning:fund_detail", pk=fund.pk)
    return _form_page(
        request,
        form,
        title="Add a fund",
        caption="Commissioning",
        back="commissioning:fund_list",
        button="Add fund",
    )


@role_required(*OPCC)
@require_safe
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    return render(
        request,
        "commissioning/fund_detail.html",
        {
            "fund": fund,
            "rounds": fund.rounds.all(),
            "summary": selectors.summary(fund=fund),
            "can_edit": viewer_for(request.user).has_any(COMMISSIONERS),
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    initial = {
        "name": fund.name,
        "funder": fund.funder,
        "description": fund.description,
        "costs_split": fund.costs_split,
        "carry_over_allowed": fund.carry_over_allowed,
        "specified_authorities": list(fund.specified_authorities.all()),
    }
    form = forms.FundEditForm(
        request.POST or None,
        initial=initial,
        kind=fund.kind,
        linked=fund.specified_authorities.values_list("pk", flat=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.fund_update(actor=request.user, fund=fund, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"{saved} saved.", "commissioning:fund_detail", pk=fund.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Change the fund",
            "caption": f"{fund.name} ({fund.get_kind_display()})",
            "button": "Save fund",
            "back": "commissioning:fund_detail",
            "back_url": fund.pk,
        },
    )


@role_required(*COMMISSIONERS)
@require_POST
def fund_archive(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    try:
        services.fund_archive(actor=request.user, fund=fund)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(
            request, f"{fund} archived. Its rounds take no new applications; reports keep it."
        )
    return redirect("commissioning:fund_detail", pk=fund.pk)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk)
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                actor=request.user,
                fund=fund,
                name=data["name"],
                years=data["years"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                budget_pence=data["budget"],
                max_bids=data["max_bids"],
                max_amount_pence=data["max_amount"],
                match_funding_percent=data["match_funding_percent"],
                match_funding_form=data["match_funding_form"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"{round_} created.", "commissioning:round_detail", pk=round_.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Add a round",
            "caption": fund.name,
            "button": "Add round",
            "back_url": fund.pk,
            "back": "commissioning:fund_detail",
        },
    )


@role_required(*OPCC)
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/round_detail.html",
        {
            "round": round_,
            "fund": round_.fund,
            "criteria": round_.criteria.all(),
            "questions": round_.questions.all(),
            "panel": round_.panel.select_related("user"),
            "bids": round_.bids.all(),
            "applications": selectors.application_list(viewer=viewer).filter(round=round_),
            "awards": round_.awards.select_related("recipient", "district"),
            "can_edit": viewer.has_any(COMMISSIONERS),
            "is_national": round_.fund.kind == FundKind.NATIONAL,
        },
    )


def _round_form(
    request: HttpRequest, pk: int, form_class: Any, *, title: str, button: str, save: Any
) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(round_, form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "Saved.", "commissioning:round_detail", pk=round_.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": title,
            "caption": str(round_),
            "button": button,
            "back": "commissioning:round_detail",
            "back_url": round_.pk,
        },
    )


def _pounds_initial(pence: int | None) -> str:
    return pence_to_pounds_text(pence) if pence is not None else ""


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    national = round_.fund.kind == FundKind.NATIONAL
    initial = {
        "name": round_.name,
        "years": round_.years,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "budget": _pounds_initial(round_.budget_pence),
        "max_bids": round_.max_bids,
        "max_amount": _pounds_initial(round_.max_amount_pence),
        "match_funding_percent": round_.match_funding_percent,
        "match_funding_form": round_.match_funding_form,
        "won_total": _pounds_initial(round_.won_total_pence),
    }
    form = forms.RoundEditForm(request.POST or None, initial=initial, national=national)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_update(
                actor=request.user,
                round=round_,
                name=data["name"],
                years=data["years"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                budget_pence=data["budget"],
                max_bids=data["max_bids"],
                max_amount_pence=data["max_amount"],
                match_funding_percent=data["match_funding_percent"],
                match_funding_form=data["match_funding_form"],
                won_total_pence=data["won_total"] if national else round_.won_total_pence,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "Round saved.", "commissioning:round_detail", pk=round_.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Change the round",
            "caption": str(round_),
            "intro": f"{format_pence(round_.allocated_pence)} has been awarded from this round; "
            "the budget cannot be less.",
            "button": "Save round",
            "back": "commissioning:round_detail",
            "back_url": round_.pk,
        },
    )


@role_required(*COMMISSIONERS)
@require_POST
def round_archive(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    try:
        services.round_archive(actor=request.user, round=round_)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(
            request, f"{round_} archived. It takes no new applications; reports keep it."
        )
    return redirect("commissioning:round_detail", pk=round_.pk)


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def bid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bid = get_object_or_404(Bid.objects.select_related("round__fund"), pk=pk)
    initial = {
        "title": bid.title,
        "outcome": bid.outcome,
        "amount_asked": _pounds_initial(bid.amount_asked_pence),
        "amount_won": _pounds_initial(bid.amount_won_pence),
        "match_funding": _pounds_initial(bid.match_funding_pence),
        "match_funding_form": bid.match_funding_form,
        "submitted_on": bid.submitted_on,
        "notes": bid.notes,
    }
    form = forms.BidForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bid_update(
                actor=request.user,
                bid=bid,
                title=data["title"],
                outcome=data["outcome"],
                amount_asked_pence=data["amount_asked"],
                amount_won_pence=data["amount_won"],
                match_funding_pence=data["match_funding"] or 0,
                match_funding_form=data["match_funding_form"],
                submitted_on=data["submitted_on"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "Bid saved.", "commissioning:round_detail", pk=bid.round_id)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Change the bid",
            "caption": str(bid.round),
            "button": "Save bid",
            "back": "commissioning:round_detail",
            "back_url": bid.round_id,
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form(
        request,
        pk,
        forms.CriterionForm,
        title="Add a scoring criterion",
        button="Add criterion",
        save=lambda r, d: services.criterion_add(actor=request.user, round=r, **d),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form(
        request,
        pk,
        forms.QuestionForm,
        title="Add an eligibility question",
        button="Add question",
        save=lambda r, d: services.question_add(actor=request.user, round=r, **d),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form(
        request,
        pk,
        forms.PanelMemberForm,
        title="Add a panel member",
        button="Add to panel",
        save=lambda r, d: services.panel_member_add(actor=request.user, round=r, user=d["user"]),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def bid_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(round_: Round, data: dict[str, Any]) -> None:
        services.bid_record(
            actor=request.user,
            round=round_,
            title=data["title"],
            outcome=data["outcome"],
            amount_asked_pence=data["amount_asked"],
            amount_won_pence=data["amount_won"],
            match_funding_pence=data["match_funding"] or 0,
            match_funding_form=data["match_funding_form"],
            submitted_on=data["submitted_on"],
            notes=data["notes"],
        )

    return _round_form(
        request, pk, forms.BidForm, title="Record a bid", button="Save bid", save=save
    )


# Applications and assessment -----------------------------------------------------------------


def _visible_application(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.application_list(viewer=viewer_for(request.user)), pk=pk)


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
    application = _visible_application(request, pk)
    viewer = viewer_for(request.user)
    rows, mean = selectors.assessment(application)
    is_assessor = selectors.on_panel(application.round_id, request.user.pk)
    agreements = list(application.agreements.select_related("authority"))
    answered = {agreement.authority_id for agreement in agreements}
    # Scoring is independent: a panel member sees only their own scores.
    if not viewer.is_opcc_staff:
        rows = [r for r in rows if r.assessor_id == viewer.user_id]
        mean = None
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


@role_required(Role.GRANT_ASSESSOR)
@require_http_methods(["GET", "POST"])
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    criteria = list(application.round.criteria.all())
    if not selectors.on_panel(application.round_id, request.user.pk):
        raise PermissionDenied
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        scores = {}
        for criterion in criteria:
            raw = request.POST.get(f"criterion_{criterion.pk}", "").strip()
            values[f"criterion_{criterion.pk}"] = raw
            values[f"comment_{criterion.pk}"] = request.POST.get(f"comment_{criterion.pk}", "")
            if not raw.isdigit():
                errors[f"criterion_{criterion.pk}"] = (
                    f"Score {criterion.name} from 0 to {criterion.max_score}"
                )
                continue
            scores[criterion.pk] = (int(raw), values[f"comment_{criterion.pk}"])
        if not errors:
            try:
                services.scores_record(
                    application=application, assessor=request.user, scores=scores
                )
            except ValidationError as error:
                errors = (
                    {k: "; ".join(v) for k, v in error.message_dict.items()}
                    if hasattr(error, "error_dict")
                    else {"__all__": "; ".join(error.messages)}
                )
            else:
                return _saved(
                    request,
                    "Your scores are saved.",
                    "commissioning:application_detail",
                    pk=application.pk,
                )
    else:
        for score in application.scores.filter(assessor=request.user):
            values[f"criterion_{score.criterion_id}"] = str(score.score)
            values[f"comment_{score.criterion_id}"] = score.comment
    return render(
        request,
        "commissioning/score_form.html",
        {
            "application": application,
            "rows": [
                (
                    c,
                    values.get(f"criterion_{c.pk}", ""),
                    values.get(f"comment_{c.pk}", ""),
                    errors.get(f"criterion_{c.pk}"),
                )
                for c in criteria
            ],
            "errors": errors,
            "general_errors": [v for k, v in errors.items() if not k.startswith("criterion_")],
        },
    )


@role_required(Role.GRANT_ASSESSOR)
@require_http_methods(["GET", "POST"])
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    form = forms.ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request,
                "Your conflict of interest is recorded; the application is no longer shown to you.",
                "commissioning:application_list",
            )
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Declare a conflict of interest",
            "caption": application.reference,
            "button": "Declare conflict",
            "back": "commissioning:application_detail",
            "back_url": application.pk,
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    _rows, mean = selectors.assessment(application)
    form = forms.ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_moderate(
                actor=request.user,
                application=application,
                decision=form.cleaned_data["decision"],
                amount_pence=form.cleaned_data["amount"],
                reasons=form.cleaned_data["reasons"],
                moderated_score=mean,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request, "Decision recorded.", "commissioning:application_detail", pk=application.pk
            )
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Record the panel's decision",
            "caption": application.reference,
            "intro": f"Panel mean score: {mean if mean is not None else 'not yet scored'}%.",
            "button": "Record decision",
            "back": "commissioning:application_detail",
            "back_url": application.pk,
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def agreement_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    fund = application.round.fund
    if fund.kind != FundKind.JOINT:
        raise Http404
    form = forms.AgreementForm(request.POST or None, authorities=fund.specified_authorities.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_record(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request,
                "Agreement recorded.",
                "commissioning:application_detail",
                pk=application.pk,
            )
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Record a specified authority's agreement",
            "caption": application.reference,
            "button": "Save",
            "back": "commissioning:application_detail",
            "back_url": application.pk,
        },
    )


# Awards and money -------------------------------------------------------------------------


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def award_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    application = None
    if request.GET.get("application"):
        application_id = record_id(request.GET["application"])
        if application_id is None:
            raise Http404("No such application")
        application = get_object_or_404(round_.applications, pk=application_id)
    initial: dict[str, Any] = {"published": True}
    if application is not None:
        moderation = getattr(application, "moderation", None)
        initial |= {
            "title": application.project_title,
            "recipient": application.organisation,
            "amount": pence_to_pounds_text(moderation.amount_pence) if moderation else "",
            "district": application.district,
            "priority": selectors.priority_by_code(application.priority_code),
        }
    form = forms.AwardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award = services.award_create(
                actor=request.user,
                round=round_,
                application=application,
                recipient=data["recipient"],
                title=data["title"],
                amount_pence=data["amount"],
                labour_pence=data["labour"],
                non_labour_pence=data["non_labour"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                district=data["district"],
                priority=data["priority"],
                conditions=data["conditions"],
                published=data["published"],
                delivery_actions=data["delivery_actions"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "Award made.", "commissioning:award_detail", pk=award.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": "Make an award",
            "caption": str(round_),
            "button": "Make award",
            "intro": f"{format_pence(round_.remaining_pence)} of "
            f"{format_pence(round_.budget_pence)} is left in this round.",
            "back": "commissioning:round_detail",
            "back_url": round_.pk,
        },
    )


@role_required(*PARTNERS)
@require_safe
def award_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/award_list.html",
        {
            "awards": selectors.award_list(viewer=viewer),
            "overdue": selectors.overdue_returns(viewer=viewer),
        },
    )


def _visible_award(request: HttpRequest, pk: int) -> Award:
    return get_object_or_404(selectors.award_list(viewer=viewer_for(request.user)), pk=pk)


@role_required(*PARTNERS)
@require_safe
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "commissioning/award_detail.html",
        {
            "award": award,
            "instalments": award.instalments.all(),
            "payments": award.payments.all(),
            "spend": award.spend.all(),
            "returns": award.returns.all(),
            "evaluation": getattr(award, "evaluation", None),
            "paid": sum(p.amount_pence for p in award.payments.all()),
            "spent": sum(s.amount_pence for s in award.spend.all()),
            "today": today,
            "can_manage": viewer.has_any(COMMISSIONERS),
            "can_report": selectors.may_edit_award(viewer, award),
        },
    )


def _award_form(
    request: HttpRequest, award: Award, form: Any, *, title: str, button: str, save: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "Saved.", "commissioning:award_detail", pk=award.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": title,
            "caption": award.title,
            "button": button,
            "back": "commissioning:award_detail",
            "back_url": award.pk,
        },
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def instalment_add(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    return _award_form(
        request,
        award,
        forms.InstalmentForm(request.POST or None),
        title="Add an instalment to the payment schedule",
        button="Add instalment",
        save=lambda d: services.instalment_add(
            actor=request.user, award=award, due_on=d["due_on"], amount_pence=d["amount"]
        ),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    return _award_form(
        request,
        award,
        forms.PaymentForm(request.POST or None),
        title="Record a payment",
        button="Record payment",
        save=lambda d: services.payment_record(
            actor=request.user,
            award=award,
            paid_on=d["paid_on"],
            amount_pence=d["amount"],
            reference=d["reference"],
        ),
    )


@role_required(*COMMISSIONERS, Role.PARTNER_EDITOR)
@require_http_methods(["GET", "POST"])
def spend_add(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    if not selectors.may_edit_award(viewer_for(request.user), award):
        raise PermissionDenied
    form = forms.SpendForm(request.POST or None, years=selectors.financial_year_choices(award))
    return _award_form(
        request,
        award,
        form,
        title="Record spend",
        button="Record spend",
        save=lambda d: services.spend_record(
            actor=request.user,
            award=award,
            financial_year=d["financial_year"],
            cost_type=d["cost_type"],
            amount_pence=d["amount"],
            description=d["description"],
        ),
    )


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    form = forms.CarryOverForm(
        request.POST if request.method == "POST" else None,
        years=selectors.financial_year_choices(award),
    )
    return _award_form(
        request,
        award,
        form,
        title="Carry over unspent money to the next financial year",
        button="Carry over",
        save=lambda d: services.carry_over(
            actor=request.user, award=award, from_year=d["from_year"], amount_pence=d["amount"]
        ),
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
    award = _visible_award(request, pk)
    return _award_form(
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
    return _award_form(
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
    award = _visible_award(request, pk)
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
    return _award_form(
        request,
        award,
        forms.EvaluationForm(request.POST or None, initial=initial),
        title="Evaluate the award",
        button="Save evaluation",
        save=lambda d: services.evaluation_record(actor=request.user, award=award, **d),
    )


# Reports ----------------------------------------------------------------------------------


@role_required(*OPCC)
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "fund")
    if by not in selectors.TOTAL_DIMENSIONS:
        by = "fund"
    viewer = viewer_for(request.user)
    return render(
        request,
        "commissioning/report.html",
        {
            "by": by,
            "by_label": selectors.TOTAL_DIMENSIONS[by][1],
            "dimensions": [(k, v[1]) for k, v in selectors.TOTAL_DIMENSIONS.items()],
            "rows": selectors.award_totals(viewer=viewer, by=by),
            "summary": selectors.summary(),
        },
    )


@role_required(*OPCC)
@require_safe
@exports.download_view(*EXPORT_FORMATS, query="format", default="csv")
def report_export(request: HttpRequest) -> HttpResponseBase:
    by = request.GET.get("by", "summary")
    file_format = request.GET.get("format") or "csv"
    if by != "summary" and by not in selectors.TOTAL_DIMENSIONS:
        raise Http404
    if by == "summary":
        rows = selectors.summary_for_export(selectors.summary())
        columns = selectors.SUMMARY_COLUMNS
    else:
        rows, columns = selectors.totals_for_export(
            selectors.award_totals(viewer=viewer_for(request.user), by=by), by
        )
    return exports.table_response(
        request=request,
        rows=rows,
        columns=columns,
        file_format=file_format,
        filename=f"commissioning-{by}",
        subject=f"commissioning totals by {by}",
        title=f"by {by}",
        filters={"by": by},
        object_type="commissioning.Award",
    )


@role_required(members=True)
@require_safe
def area_summary(request: HttpRequest) -> HttpResponse:
    return render(request, "commissioning/area_summary.html", {"areas": selectors.area_summary()})


@require_safe
def public_grants(request: HttpRequest) -> HttpResponse:
    """The local grants the OPCC publishes; open to everyone."""
    return render(
        request, "commissioning/public_grants.html", {"awards": selectors.public_grants()}
    )
