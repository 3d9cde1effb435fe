"""The rota, visit reports written by the pair, and issues tracked to a response."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import Viewer, role_required
from crimeplan.core.forms import add_validation_errors

from .. import forms, selectors, services
from ..constants import (
    DETAINEE_CHECKLIST,
    WELFARE_CHECKLIST,
    DeclineReason,
    IssueStatus,
    SiteKind,
    VisitStatus,
)
from ..permissions import COORDINATORS, ISSUE_RESPONDERS, ISSUE_ROLES, VISIT_ROLES
from .common import (
    PAGE_SIZE,
    current_viewer,
    form_page,
    new_seed,
)


@role_required(*VISIT_ROLES)
@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    visits = selectors.visit_list(viewer=viewer)
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        visits = visits.filter(status=status)
    return render(
        request,
        "scrutiny/visit_list.html",
        {
            "page": Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page")),
            "names": selectors.sees_personal_details(viewer) or Role.VOLUNTEER in viewer.roles,
            "coordinator": viewer.has_any(COORDINATORS),
            "status": status,
            "statuses": VisitStatus.choices,
        },
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def rota_generate(request: HttpRequest) -> HttpResponse:
    form = forms.RotaForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        seed = data["seed"] if data["seed"] is not None else new_seed()
        try:
            result = services.rota_generate(
                scheme=data["scheme"],
                start=data["start"],
                end=data["end"],
                visit_count=data["visit_count"],
                max_pair_repeats=data["max_pair_repeats"],
                seed=seed,
                actor=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
    return render(request, "scrutiny/rota_form.html", {"form": form, "result": result})


def _visit_for(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.visit_list(viewer=current_viewer(request)), pk=pk)


def _is_visitor(viewer: Viewer, visit: Any) -> bool:
    return viewer.user_id is not None and viewer.user_id in {
        visit.first_visitor.user_id,
        visit.second_visitor.user_id,
    }


@role_required(*VISIT_ROLES)
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = current_viewer(request)
    visit = _visit_for(request, pk)
    checklist = DETAINEE_CHECKLIST if visit.site.kind == SiteKind.CUSTODY_SUITE else []
    return render(
        request,
        "scrutiny/visit_detail.html",
        {
            "visit": visit,
            "names": selectors.sees_personal_details(viewer) or _is_visitor(viewer, visit),
            "is_visitor": _is_visitor(viewer, visit),
            "coordinator": viewer.has_any(COORDINATORS),
            "responder": selectors.responds_to_issues(viewer, visit),
            "checklist": checklist,
            "welfare": [
                (label, visit.welfare_checks.get(key, "")) for key, label in WELFARE_CHECKLIST
            ],
            "declined_reasons": [
                (label, visit.declined_reasons.get(value, 0))
                for value, label in DeclineReason.choices
                if visit.declined_reasons.get(value)
            ],
            "checks": visit.detainee_checks.all(),
            "issues": visit.issues.prefetch_related("events"),
        },
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def visit_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    if visit.status != VisitStatus.PLANNED:
        raise Http404
    form = forms.VisitAdjustForm(
        request.POST or None,
        visit=visit,
        initial={
            "scheduled_on": visit.scheduled_on,
            "time_of_day": visit.time_of_day,
            "first_visitor": visit.first_visitor,
            "second_visitor": visit.second_visitor,
        },
    )
    return form_page(
        request,
        form,
        heading="Change a planned visit",
        caption=str(visit),
        button="Save changes",
        intro="The pair must both be available then, have no other visit that day, and not "
        "have visited together too often.",
        act=lambda data: services.visit_adjust(visit=visit, actor=request.user, **data),
        done="Visit changed.",
        then=lambda _: redirect("scrutiny:visit_detail", pk=visit.pk),
    )


@role_required(*COORDINATORS)
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    try:
        services.visit_cancel(visit=visit, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("scrutiny:visit_detail", pk=visit.pk)


def _own_draft(request: HttpRequest, pk: int) -> Any:
    """Only the pair writes the report, and only until it is filed."""
    viewer = current_viewer(request)
    visit = _visit_for(request, pk)
    if not _is_visitor(viewer, visit):
        raise PermissionDenied
    if visit.status != VisitStatus.PLANNED:
        raise Http404
    return visit


@role_required(Role.VOLUNTEER)
@require_http_methods(["GET", "POST"])
def visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _own_draft(request, pk)
    custody = visit.site.kind == SiteKind.CUSTODY_SUITE
    form: forms.ReportForm | forms.WelfareForm
    if custody:
        form = forms.ReportForm(request.POST or None, initial=forms.ReportForm.initial_for(visit))
    else:
        initial = {
            "dogs_seen": visit.dogs_seen,
            "notes": visit.notes,
            **forms.initial_times(visit),
            **{f"check_{k}": v for k, v in visit.welfare_checks.items()},
        }
        form = forms.WelfareForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        heading="Visit report" if custody else "Animal welfare visit report",
        caption=str(visit),
        button="Save report",
        intro="Count everyone in custody at the time of the visit. You can change these "
        "figures until you file the report.",
        act=lambda _: services.visit_report_save(
            visit=visit, report=form.report(visit), actor=request.user
        ),
        done="Report saved. Add detainees and issues, then file it.",
        then=lambda _: redirect("scrutiny:visit_detail", pk=visit.pk),
    )


@role_required(Role.VOLUNTEER)
@require_http_methods(["GET", "POST"])
def detainee_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _own_draft(request, pk)
    if visit.site.kind != SiteKind.CUSTODY_SUITE:
        raise Http404
    form = forms.DetaineeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.detainee_check_add(
                visit=visit,
                custody_number=form.cleaned_data["custody_number"],
                child_or_vulnerable=form.cleaned_data["child_or_vulnerable"],
                answers=form.answers(),
                concerns=form.cleaned_data["concerns"],
                actor=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Detainee recorded.")
            return redirect("scrutiny:visit_detail", pk=visit.pk)
    return form_page(
        request,
        form,
        heading="A detainee you saw",
        caption=str(visit),
        button="Save detainee",
        intro="Record each detainee you spoke to by custody number only. Never write a name.",
    )


@role_required(Role.VOLUNTEER)
@require_http_methods(["GET", "POST"])
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _own_draft(request, pk)
    form = forms.IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.issue_raise(visit=visit, actor=request.user, **form.cleaned_data)
        messages.success(request, "Issue recorded.")
        return redirect("scrutiny:visit_detail", pk=visit.pk)
    return form_page(
        request, form, heading="Raise an issue", caption=str(visit), button="Save issue"
    )


@role_required(Role.VOLUNTEER)
@require_POST
def visit_file(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _own_draft(request, pk)
    try:
        services.visit_file(visit=visit, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Report filed. The custody inspector and the OPCC can see it.")
    return redirect("scrutiny:visit_detail", pk=visit.pk)


@role_required(*ISSUE_ROLES)
@require_safe
def issue_list(request: HttpRequest) -> HttpResponse:
    issues = selectors.issue_list(viewer=current_viewer(request))
    status = request.GET.get("status", "")
    # Only a status there is: any other text (a NUL byte, on PostgreSQL) would reach the query.
    if status in IssueStatus.values:
        issues = issues.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "scrutiny/issue_list.html",
        {"page": Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page")), "status": status},
    )


@role_required(*ISSUE_RESPONDERS)
@require_http_methods(["GET", "POST"])
def issue_respond(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = current_viewer(request)
    issue = get_object_or_404(selectors.issue_list(viewer=viewer), pk=pk)
    if not selectors.responds_to_issues(viewer, issue.visit):
        raise PermissionDenied
    form = forms.IssueResponseForm(request.POST or None, initial={"response": issue.response})
    if request.method == "POST" and form.is_valid():
        services.issue_respond(issue=issue, actor=request.user, **form.cleaned_data)
        messages.success(request, "Response recorded.")
        return redirect("scrutiny:visit_detail", pk=issue.visit_id)
    return form_page(
        request,
        form,
        heading="Record the constabulary's response",
        caption=str(issue),
        button="Save response",
        intro=issue.description,
    )
