"""Awards and their money: making an award, the list, an award, its payment schedule,
payments, spend and carry-over."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core.bounds import record_id
from crimeplan.core.money import format_pence, pence_to_pounds_text

from .. import forms, selectors, services
from ..models import Round
from ..permissions import COMMISSIONERS, PARTNERS
from .common import (
    award_form,
    form_page,
    visible_award,
)


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
    new_applicant = ""
    archived = ""
    if application is not None and application.organisation is None:
        known = selectors.organisation_named(application.organisation_name)
        if known is None:
            new_applicant = application.organisation_name.strip()
        elif known.archived_at is None:
            initial["recipient"] = known
        else:
            archived = (
                f" The applicant's name is that of an archived organisation, {known}: an "
                "administrator can restore it, or select the organisation they are."
            )
    if application is not None:
        moderation = getattr(application, "moderation", None)
        initial |= {
            "title": application.project_title,
            "recipient": application.organisation or initial.get("recipient"),
            "amount": pence_to_pounds_text(moderation.amount_pence) if moderation else "",
            "district": application.district,
            "priority": selectors.priority_by_code(application.priority_code),
        }
    return form_page(
        request,
        forms.AwardForm(request.POST or None, initial=initial, new_applicant=new_applicant),
        act=lambda data: services.award_create(
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
        ),
        done="Award made.",
        then=lambda award: redirect("commissioning:award_detail", pk=award.pk),
        title="Make an award",
        caption=str(round_),
        button="Make award",
        intro=f"{format_pence(round_.remaining_pence)} of "
        f"{format_pence(round_.budget_pence)} is left in this round.{archived}",
        back="commissioning:round_detail",
        back_url=round_.pk,
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


@role_required(*PARTNERS)
@require_safe
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = visible_award(request, pk)
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


@role_required(*COMMISSIONERS)
@require_http_methods(["GET", "POST"])
def instalment_add(request: HttpRequest, pk: int) -> HttpResponse:
    award = visible_award(request, pk)
    return award_form(
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
    award = visible_award(request, pk)
    return award_form(
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
    award = visible_award(request, pk)
    if not selectors.may_edit_award(viewer_for(request.user), award):
        raise PermissionDenied
    form = forms.SpendForm(request.POST or None, years=selectors.financial_year_choices(award))
    return award_form(
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
    award = visible_award(request, pk)
    form = forms.CarryOverForm(
        request.POST if request.method == "POST" else None,
        years=selectors.financial_year_choices(award),
    )
    return award_form(
        request,
        award,
        form,
        title="Carry over unspent money to the next financial year",
        button="Carry over",
        save=lambda d: services.carry_over(
            actor=request.user, award=award, from_year=d["from_year"], amount_pence=d["amount"]
        ),
    )
