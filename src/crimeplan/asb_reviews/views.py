"""ASB Case Review pages: the public application and figures, the co-ordinator's cases.

Who may open what: the co-ordinator and the OPCC administrator every case; a partner the
cases its organisation is invited to (and a CSP those in its district), through
`selectors.case_list`; anyone else gets 403, and a case they may not see is 404.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.audit.decorators import sensitive_page
from crimeplan.core import exports, publicforms
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.languages import name_in
from crimeplan.core.pages import one_form_page

from . import figures, letters, selectors, services
from . import forms as asb_forms
from .areas import configured_area
from .constants import Channel, LetterKind, Status
from .models import CaseReview, Escalation, InvitedBody, Recommendation
from .permissions import CASE_ROLES, MANAGERS, edits_for

SESSION_REFERENCE = "asb_review_reference"


def _case(request: HttpRequest, pk: int) -> CaseReview:
    """404, not 403, for a case the viewer may not see: guessing a URL reveals nothing."""
    try:
        return selectors.case_detail(viewer=viewer_for(request.user), pk=pk)
    except CaseReview.DoesNotExist:
        raise Http404 from None


def _today() -> datetime.date:
    return timezone.localdate()


# The public application --------------------------------------------------------------------


# At most CRIMEPLAN_ASB_APPLICATIONS_PER_HOUR accepted applications an hour from one network
# (core/publicforms.py), counted only once an application is accepted.
APPLICATIONS = publicforms.PublicFormLimit(
    "asb-apply", 10, setting="CRIMEPLAN_ASB_APPLICATIONS_PER_HOUR"
)


def _application_page(
    request: HttpRequest, form: forms.Form, incidents: forms.BaseFormSet, *, staff: bool
) -> HttpResponse:
    has_errors = bool(form.errors) or any(f.errors for f in incidents.forms)
    return render(
        request,
        "asb_reviews/apply.html",
        {
            "form": form,
            "incidents": incidents,
            "staff": staff,
            "has_errors": has_errors,
            "asks_language": "correspondence_language" in form.fields,
        },
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The public application: no account. Nothing is stored until it is complete."""
    form = asb_forms.ApplicationForm(request.POST or None)
    incidents = asb_forms.IncidentFormSet(request.POST or None, prefix="incident")
    if request.method == "POST":
        refused = publicforms.refusal(
            request,
            limit=APPLICATIONS,
            as_if_done=lambda: render(request, "asb_reviews/apply_done.html", {"reference": None}),
        )
        if refused is not None:
            return refused
        submitted = _submit(request, form, incidents, channel=Channel.WEB, actor=None)
        if submitted is not None:
            APPLICATIONS.record(request)
            services.application_acknowledge(case=submitted)
            request.session[SESSION_REFERENCE] = submitted.reference
            return redirect("asb_reviews:apply_done")
    return _application_page(request, form, incidents, staff=False)


def _submit(
    request: HttpRequest,
    form: forms.Form,
    incidents: forms.BaseFormSet,
    *,
    channel: str,
    actor: Any,
) -> CaseReview | None:
    form_valid = form.is_valid()
    incidents_valid = incidents.is_valid()
    if not form_valid:
        return None
    fields = dict(form.cleaned_data)
    fields.pop("channel", None)
    received_on = fields.pop("received_on", None) or _today()
    if not incidents_valid:
        # Show every problem at once, not the incidents' first and the rest after.
        try:
            services.application_validate(fields, incident_count=None)
        except ValidationError as error:
            add_validation_errors(form, error)
        return None
    try:
        return services.case_submit(
            actor=actor,
            channel=channel,
            received_on=received_on,
            incidents=asb_forms.incidents_from(incidents),
            **fields,
        )
    except ValidationError as error:
        add_validation_errors(form, error)
        return None


@require_safe
def apply_done(request: HttpRequest) -> HttpResponse:
    """The reference, shown once to the person who just applied (kept in their session)."""
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("asb_reviews:apply")
    return render(request, "asb_reviews/apply_done.html", {"reference": reference})


# Published figures -------------------------------------------------------------------------


def _figures_year(request: HttpRequest) -> int:
    form = asb_forms.FiguresYearForm(request.GET or {"year": _today().year})
    if not form.is_valid():
        raise Http404("No such year")
    return int(form.cleaned_data["year"])


@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _figures_year(request)
    rows = selectors.annual_figures(year=year)
    total = rows[-1]
    districts = [r for r in rows if r["month"] == figures.WHOLE_YEAR and r is not total]
    months = [r for r in rows if r["month"] != figures.WHOLE_YEAR]
    return render(
        request,
        "asb_reviews/figures.html",
        {
            "year": year,
            "total": total,
            "districts": districts,
            "months": months,
            "years": range(_today().year, _today().year - 5, -1),
        },
    )


@require_safe
@exports.download_view("csv")
def figures_export(request: HttpRequest) -> HttpResponseBase:
    year = _figures_year(request)
    return exports.table_response(
        request=request,
        rows=selectors.annual_figures(year=year),
        columns=figures.COLUMNS,
        file_format="csv",
        filename=f"asb-case-reviews-{year}",
        subject=f"the ASB Case Review figures for {year}",
        filters={"year": year},
        object_type="asb_reviews.CaseReview",
        about=exports.About(
            source="ASB Case Review applications and decisions recorded by the OPCC in crimeplan",
            as_at=timezone.localdate(),
        ),
    )


# Staff pages -------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
@require_safe
@sensitive_page("the ASB Case Review list")
def case_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    overdue_only = request.GET.get("overdue") == "1"
    rows = selectors.working_list(
        viewer=viewer,
        timescales=configured_area().timescales,
        today=_today(),
        status=status,
        overdue_only=overdue_only,
    )
    return render(
        request,
        "asb_reviews/case_list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": Status.choices,
            "overdue_only": overdue_only,
            "can_manage": selectors.is_manager(viewer),
        },
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    form = asb_forms.StaffApplicationForm(request.POST or None)
    incidents = asb_forms.IncidentFormSet(request.POST or None, prefix="incident")
    if request.method == "POST":
        case = _submit(
            request, form, incidents, channel=request.POST.get("channel", ""), actor=request.user
        )
        if case is not None:
            messages.success(request, f"Application {case.reference} recorded.")
            return redirect("asb_reviews:case_detail", pk=case.pk)
    return _application_page(request, form, incidents, staff=True)


@role_required(*CASE_ROLES)
@require_safe
@sensitive_page("an ASB Case Review", object_type="asb_reviews.CaseReview")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    case = _case(request, pk)
    editable_orgs = {org for org, role in viewer.role_pairs if role == Role.PARTNER_EDITOR}
    return render(
        request,
        "asb_reviews/case_detail.html",
        {
            "case": case,
            "deadlines": selectors.case_deadlines(
                case, configured_area().timescales, today=_today()
            ),
            "can_manage": selectors.is_manager(viewer),
            "is_admin": viewer.is_opcc_admin,
            "editable_orgs": editable_orgs,
            "letter_kinds": LetterKind.choices,
        },
    )


def _step(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    case: CaseReview,
    act: Callable[[dict[str, Any]], object],
    done: str,
    intro: str = "",
) -> HttpResponse:
    """One step of the process: a form whose valid data goes to one service, then back to
    the case."""
    return one_form_page(
        request,
        form,
        act=act,
        done=done,
        then=lambda _: redirect("asb_reviews:case_detail", pk=case.pk),
        template="asb_reviews/step_form.html",
        context={"title": title, "case": case, "intro": intro},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = asb_forms.TransitionForm(
        request.POST or None, status=case.status, initial={"on": _today()}
    )
    return _step(
        request,
        form=form,
        title=f"Move {case.reference} on",
        case=case,
        act=lambda data: services.case_transition(actor=request.user, case=case, **data),
        done="Case moved on.",
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
@sensitive_page("an ASB Case Review's threshold", object_type="asb_reviews.CaseReview")
def case_threshold(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    decision = services.case_threshold_decision(case, configured_area())
    form = asb_forms.ThresholdForm(
        request.POST or None, initial={"met": "yes" if decision.met else "no", "on": _today()}
    )
    verdict = "met" if decision.met else "not met"
    return _step(
        request,
        form=form,
        title=f"Threshold decision for {case.reference}",
        case=case,
        act=lambda data: services.case_decide_threshold(
            actor=request.user,
            case=case,
            met=data["met"],
            on=data["on"],
            override_reason=data["override_reason"],
            review_on=data["review_on"],
            victim_invited=data["victim_invited"],
        ),
        done="Threshold decision recorded.",
        intro=f"The area's rule says the threshold is {verdict}:\n" + "\n".join(decision.reasons),
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def body_invite(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = asb_forms.InviteForm(request.POST or None, initial={"on": _today()})
    return _step(
        request,
        form=form,
        title=f"Invite a body to {case.reference}",
        case=case,
        act=lambda data: services.body_invite(actor=request.user, case=case, **data),
        done="Body invited.",
    )


@role_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def body_account(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    body = get_object_or_404(
        InvitedBody.objects.select_related("organisation"),
        pk=pk,
        case__in=selectors.case_list(viewer=viewer),
    )
    if not edits_for(viewer, body.organisation_id):
        raise PermissionDenied
    form = asb_forms.AccountForm(
        request.POST or None, initial={"account": body.account, "on": _today()}
    )
    return _step(
        request,
        form=form,
        title=f"What {body.organisation} had done",
        case=body.case,
        act=lambda data: services.body_record_account(actor=request.user, body=body, **data),
        done="Recorded.",
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = asb_forms.ReviewForm(
        request.POST or None, initial={"held_on": case.review_scheduled_for}
    )
    return _step(
        request,
        form=form,
        title=f"Record the review of {case.reference}",
        case=case,
        act=lambda data: services.case_record_review(actor=request.user, case=case, **data),
        done="Review recorded.",
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = asb_forms.RecommendationForm(request.POST or None)
    return _step(
        request,
        form=form,
        title=f"Add a recommendation to {case.reference}",
        case=case,
        act=lambda data: services.recommendation_add(actor=request.user, case=case, **data),
        done="Recommendation added.",
    )


@role_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def recommendation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("owner", "case"),
        pk=pk,
        case__in=selectors.case_list(viewer=viewer),
    )
    if not edits_for(viewer, recommendation.owner_id):
        raise PermissionDenied
    form = asb_forms.CompleteForm(request.POST or None, initial={"completed_on": _today()})
    return _step(
        request,
        form=form,
        title=f"Recommendation for {recommendation.owner} done",
        case=recommendation.case,
        act=lambda data: services.recommendation_complete(
            actor=request.user, recommendation=recommendation, **data
        ),
        done="Recommendation marked as done.",
        intro=recommendation.text,
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def escalation_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = asb_forms.EscalationForm(request.POST or None)
    return _step(
        request,
        form=form,
        title=f"Record an escalation of {case.reference}",
        case=case,
        act=lambda data: services.escalation_record(actor=request.user, case=case, **data),
        done="Escalation recorded; an OPCC administrator reviews it.",
    )


@role_required(Role.OPCC_ADMIN)
@require_http_methods(["GET", "POST"])
def escalation_review(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = get_object_or_404(Escalation.objects.select_related("case"), pk=pk)
    form = asb_forms.EscalationReviewForm(request.POST or None, initial={"on": _today()})
    return _step(
        request,
        form=form,
        title=f"Review the escalation of {escalation.case.reference}",
        case=escalation.case,
        act=lambda data: services.escalation_review(
            actor=request.user, escalation=escalation, **data
        ),
        done="Escalation reviewed; the case is closed.",
        intro=escalation.grounds,
    )


def _letter(request: HttpRequest, pk: int, kind: str) -> tuple[CaseReview, letters.Letter]:
    if kind not in LetterKind.values:
        raise Http404
    case = _case(request, pk)
    try:
        opcc_name = name_in(
            case.correspondence_language,
            settings.CRIMEPLAN_OPCC_NAME,
            settings.CRIMEPLAN_OPCC_NAME_CY,
        )
        return case, letters.letter_for(case, LetterKind(kind), opcc_name=opcc_name, today=_today())
    except letters.LetterNotReady:
        raise Http404 from None


@role_required(*MANAGERS)
@require_safe
@sensitive_page("an ASB Case Review letter", object_type="asb_reviews.CaseReview")
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case, content = _letter(request, pk, kind)
    pdf_url = reverse("asb_reviews:letter_export", kwargs={"pk": pk, "kind": kind})
    return render(
        request, "asb_reviews/letter.html", {"case": case, "letter": content, "pdf_url": pdf_url}
    )


@role_required(*MANAGERS)
@require_safe
@exports.download_view("pdf")
def letter_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    case, content = _letter(request, pk, kind)
    return exports.download_response(
        request=request,
        content=letters.letter_pdf(content),
        file_format="pdf",
        filename=f"{case.reference}-{kind}",
        subject=f"{case.reference}: {content.kind.label.lower()} letter",
        instance=case,
    )
