"""Scrutiny panels: cases, sampling, findings, meetings and actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required
from crimeplan.core.forms import add_validation_errors

from .. import forms, selectors, services
from ..models import Panel, PanelAction, PanelCase, PanelMeeting
from ..permissions import FIGURE_ROLES, PANEL_MANAGERS, PANEL_MEMBER_ROLES
from .common import (
    current_viewer,
    form_page,
    new_seed,
)


def _panel_for(request: HttpRequest, pk: int) -> Panel:
    return get_object_or_404(selectors.panel_list(viewer=current_viewer(request)), pk=pk)


@role_required(*PANEL_MEMBER_ROLES)
@require_safe
def panel_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scrutiny/panel_list.html",
        {
            "panels": selectors.panel_list(viewer=current_viewer(request)),
            "manager": selectors.manages_panels(current_viewer(request)),
            "sees_figures": current_viewer(request).has_any(FIGURE_ROLES),
            "all_panels": current_viewer(request).is_opcc_staff,
        },
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def panel_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    panel = _panel_for(request, pk) if pk else Panel()
    form = forms.PanelForm(request.POST or None, instance=panel)
    return form_page(
        request,
        form,
        heading=f"Change {panel.name}" if panel.pk else "Set up a scrutiny panel",
        caption="Scrutiny panels",
        button="Save panel",
        act=lambda data: services.panel_save(
            panel=form.save(commit=False),
            actor=request.user,
            member_accounts=data["member_accounts"],
        ),
        then=lambda saved: redirect("scrutiny:panel_detail", pk=saved.pk),
    )


@role_required(*PANEL_MEMBER_ROLES)
@require_safe
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel_for(request, pk)
    return render(
        request,
        "scrutiny/panel_detail.html",
        {
            "panel": panel,
            "members": panel.memberships.filter(archived_at__isnull=True).select_related("user"),
            "meetings": panel.meetings.annotate(case_count=Count("cases")),
            "unreviewed": panel.cases.filter(meeting__isnull=True).count(),
            "actions": panel.actions.select_related("meeting"),
            "manager": selectors.manages_panels(current_viewer(request)),
            "today": timezone.localdate(),
        },
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def cases_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel_for(request, pk)
    form = forms.CasesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            load = services.cases_add(
                panel=panel, lines=form.cleaned_data["cases"].splitlines(), actor=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"{load.added} cases added; {len(load.skipped)} already held."
            )
            for line in load.skipped:
                messages.info(request, line)
            return redirect("scrutiny:panel_detail", pk=panel.pk)
    return form_page(
        request, form, heading="Add cases to review", caption=panel.name, button="Add cases"
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: HttpRequest, panel_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        meeting = get_object_or_404(
            PanelMeeting.objects.filter(
                panel__in=selectors.panel_list(viewer=current_viewer(request))
            ),
            pk=pk,
        )
        panel = meeting.panel
    else:
        panel = _panel_for(request, panel_pk or 0)
        meeting = PanelMeeting(panel=panel, theme=panel.theme)
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    return form_page(
        request,
        form,
        heading="Meeting and minutes" if meeting.pk else "Add a meeting",
        caption=panel.name,
        button="Save meeting",
        act=lambda _: services.meeting_save(meeting=form.save(commit=False), actor=request.user),
        then=lambda saved: redirect("scrutiny:meeting_detail", pk=saved.pk),
    )


def _meeting_for(request: HttpRequest, pk: int) -> PanelMeeting:
    return get_object_or_404(
        PanelMeeting.objects.filter(
            panel__in=selectors.panel_list(viewer=current_viewer(request))
        ).select_related("panel"),
        pk=pk,
    )


@role_required(*PANEL_MEMBER_ROLES)
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    return render(
        request,
        "scrutiny/meeting_detail.html",
        {
            "meeting": meeting,
            "cases": meeting.cases.prefetch_related("right_findings"),
            "actions": meeting.actions.all(),
            "manager": selectors.manages_panels(current_viewer(request)),
        },
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def sample_draw(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = forms.SampleForm(request.POST or None, initial={"case_type": ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sample_draw(
                meeting=meeting,
                size=data["size"],
                seed=data["seed"] if data["seed"] is not None else new_seed(),
                case_type=data["case_type"],
                actor=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("scrutiny:meeting_detail", pk=meeting.pk)
    eligible = meeting.panel.cases.filter(meeting__isnull=True).count()
    return form_page(
        request,
        form,
        heading="Draw the cases to review",
        caption=str(meeting),
        button="Draw cases",
        intro=f"{eligible} cases have not yet been reviewed. The draw is random but "
        "reproducible: the seed and the rule are recorded on the meeting.",
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def case_findings(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        PanelCase.objects.filter(
            panel__in=selectors.panel_list(viewer=current_viewer(request)), meeting__isnull=False
        ).select_related("panel", "meeting"),
        pk=pk,
    )
    initial: dict[str, Any] = {"observations": case.observations, "outcome": case.outcome}
    initial |= {f"right_{f.right}": f.compliance for f in case.right_findings.all()}
    form = forms.FindingsForm(request.POST or None, kind=case.panel.kind, initial=initial)
    return form_page(
        request,
        form,
        heading=f"Findings on case {case.reference}",
        caption=str(case.meeting),
        button="Save findings",
        intro=f"{case.agency or 'Agency not recorded'}; {case.case_type or 'type not recorded'}.",
        act=lambda data: services.case_findings_record(
            case=case,
            outcome=data.get("outcome", ""),
            observations=data["observations"],
            rights=form.rights(),
            actor=request.user,
        ),
        then=lambda _: redirect("scrutiny:meeting_detail", pk=case.meeting_id),
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel_for(request, pk)
    form = forms.ActionForm(request.POST or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        services.action_add(panel=panel, actor=request.user, **form.cleaned_data)
        return redirect("scrutiny:panel_detail", pk=panel.pk)
    return form_page(request, form, heading="Add an action", caption=panel.name, button="Save")


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        PanelAction.objects.filter(
            panel__in=selectors.panel_list(viewer=current_viewer(request)), status="open"
        ),
        pk=pk,
    )
    form = forms.ActionCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_close(action=action, actor=request.user, **form.cleaned_data)
        return redirect("scrutiny:panel_detail", pk=action.panel_id)
    return form_page(
        request,
        form,
        heading="Close an action",
        caption=action.owner,
        button="Close action",
        intro=action.description,
    )
