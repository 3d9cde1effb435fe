"""Scrutiny pages: volunteers, the rota, visit reports and issues, panels, figures and the
annual reports. Each view checks the role, then fetches through a selector (404 for a record
the viewer may not see), then calls one service."""

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.accounts.permissions import Viewer, role_required, viewer_for
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.decorators import sensitive_page
from crimeplan.audit.services import audit_record
from crimeplan.core.forms import add_validation_errors
from crimeplan.crime_data.exports import FORMATS, table_bytes

from . import figures, forms, reports, selectors, services
from .constants import (
    COORDINATORS,
    DETAINEE_CHECKLIST,
    PANEL_MANAGERS,
    WELFARE_CHECKLIST,
    CaseOutcome,
    DeclineReason,
    PanelKind,
    ReportKind,
    SiteKind,
    VisitStatus,
)
from .figures import ICV_COLUMNS
from .models import Panel, PanelAction, PanelCase, PanelMeeting, PublishedReport, Volunteer

PAGE_SIZE = 25
VISIT_ROLES = selectors.VISITS_NAV_ROLES
ISSUE_ROLES = frozenset({*OPCC_STAFF_ROLES, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})
OPCC = tuple(OPCC_STAFF_ROLES)


def _viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    caption: str,
    button: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "scrutiny/form.html",
        {"form": form, "heading": heading, "caption": caption, "button": button, "intro": intro},
    )


def _new_seed() -> int:
    return secrets.randbelow(1_000_000)


# Volunteers -------------------------------------------------------------------------------


@role_required(*COORDINATORS)
@require_safe
def volunteer_list(request: HttpRequest) -> HttpResponse:
    volunteers = selectors.volunteer_list(viewer=_viewer(request))
    today = timezone.localdate()
    return render(
        request,
        "scrutiny/volunteer_list.html",
        {
            "page": Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page")),
            "today": today,
        },
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    volunteer = (
        get_object_or_404(selectors.volunteer_list(viewer=_viewer(request)), pk=pk)
        if pk
        else Volunteer()
    )
    form = forms.VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.volunteer_save(volunteer=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.reference}.")
            return redirect("scrutiny:volunteer_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading=f"Change {volunteer.reference}" if volunteer.pk else "Add a volunteer",
        caption="Volunteers",
        button="Save volunteer",
    )


@role_required(*COORDINATORS)
@sensitive_page("a volunteer's personal details", object_type="scrutiny.Volunteer")
@require_safe
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_object_or_404(selectors.volunteer_list(viewer=_viewer(request)), pk=pk)
    labels = dict(forms.AVAILABILITY_CHOICES)
    return render(
        request,
        "scrutiny/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "availability": [labels.get(k, k) for k in volunteer.availability],
            "training_form": forms.TrainingForm(),
            "today": timezone.localdate(),
        },
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_object_or_404(selectors.volunteer_list(viewer=_viewer(request)), pk=pk)
    form = forms.TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.training_record_add(volunteer=volunteer, actor=request.user, **form.cleaned_data)
        messages.success(request, "Training recorded.")
        return redirect("scrutiny:volunteer_detail", pk=volunteer.pk)
    return _form_page(
        request, form, heading="Record training", caption=volunteer.reference, button="Save"
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def site_list(request: HttpRequest) -> HttpResponse:
    """The sites visited, and a form to add one (a custody suite or the dog section)."""
    form = forms.SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_save(site=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Added {site.name}.")
            return redirect("scrutiny:site_list")
    return render(
        request, "scrutiny/site_list.html", {"form": form, "sites": selectors.site_list()}
    )


# The rota and visits ----------------------------------------------------------------------


@role_required(*VISIT_ROLES)
@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
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
        seed = data["seed"] if data["seed"] is not None else _new_seed()
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
    return get_object_or_404(selectors.visit_list(viewer=_viewer(request)), pk=pk)


def _is_visitor(viewer: Viewer, visit: Any) -> bool:
    return viewer.user_id is not None and viewer.user_id in {
        visit.first_visitor.user_id,
        visit.second_visitor.user_id,
    }


@role_required(*VISIT_ROLES)
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_adjust(visit=visit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Visit changed.")
            return redirect("scrutiny:visit_detail", pk=visit.pk)
    return _form_page(
        request,
        form,
        heading="Change a planned visit",
        caption=str(visit),
        button="Save changes",
        intro="The pair must both be available then, have no other visit that day, and not "
        "have visited together too often.",
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
    viewer = _viewer(request)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_report_save(visit=visit, report=form.report(visit), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Report saved. Add detainees and issues, then file it.")
            return redirect("scrutiny:visit_detail", pk=visit.pk)
    return _form_page(
        request,
        form,
        heading="Visit report" if custody else "Animal welfare visit report",
        caption=str(visit),
        button="Save report",
        intro="Count everyone in custody at the time of the visit. You can change these "
        "figures until you file the report.",
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
    return _form_page(
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
    return _form_page(
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
    issues = selectors.issue_list(viewer=_viewer(request))
    status = request.GET.get("status", "")
    if status:
        issues = issues.filter(status=status)
    return render(
        request,
        "scrutiny/issue_list.html",
        {"page": Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page")), "status": status},
    )


@role_required(*COORDINATORS, Role.PARTNER_EDITOR)
@require_http_methods(["GET", "POST"])
def issue_respond(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    issue = get_object_or_404(selectors.issue_list(viewer=viewer), pk=pk)
    if not selectors.responds_to_issues(viewer, issue.visit):
        raise PermissionDenied
    form = forms.IssueResponseForm(request.POST or None, initial={"response": issue.response})
    if request.method == "POST" and form.is_valid():
        services.issue_respond(issue=issue, actor=request.user, **form.cleaned_data)
        messages.success(request, "Response recorded.")
        return redirect("scrutiny:visit_detail", pk=issue.visit_id)
    return _form_page(
        request,
        form,
        heading="Record the constabulary's response",
        caption=str(issue),
        button="Save response",
        intro=issue.description,
    )


# Panels -----------------------------------------------------------------------------------


def _panel_for(request: HttpRequest, pk: int) -> Panel:
    return get_object_or_404(selectors.panel_list(viewer=_viewer(request)), pk=pk)


@role_required(*OPCC)
@require_safe
def panel_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scrutiny/panel_list.html",
        {
            "panels": selectors.panel_list(viewer=_viewer(request)),
            "manager": selectors.manages_panels(_viewer(request)),
        },
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def panel_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    panel = _panel_for(request, pk) if pk else Panel()
    form = forms.PanelForm(request.POST or None, instance=panel)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.panel_save(panel=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("scrutiny:panel_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading=f"Change {panel.name}" if panel.pk else "Set up a scrutiny panel",
        caption="Scrutiny panels",
        button="Save panel",
    )


@role_required(*OPCC)
@require_safe
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel_for(request, pk)
    return render(
        request,
        "scrutiny/panel_detail.html",
        {
            "panel": panel,
            "meetings": panel.meetings.annotate(case_count=Count("cases")),
            "unreviewed": panel.cases.filter(meeting__isnull=True).count(),
            "actions": panel.actions.select_related("meeting"),
            "manager": selectors.manages_panels(_viewer(request)),
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
    return _form_page(
        request, form, heading="Add cases to review", caption=panel.name, button="Add cases"
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: HttpRequest, panel_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        meeting = get_object_or_404(
            PanelMeeting.objects.filter(panel__in=selectors.panel_list(viewer=_viewer(request))),
            pk=pk,
        )
        panel = meeting.panel
    else:
        panel = _panel_for(request, panel_pk or 0)
        meeting = PanelMeeting(panel=panel, theme=panel.theme)
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(meeting=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("scrutiny:meeting_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading="Meeting and minutes" if meeting.pk else "Add a meeting",
        caption=panel.name,
        button="Save meeting",
    )


def _meeting_for(request: HttpRequest, pk: int) -> PanelMeeting:
    return get_object_or_404(
        PanelMeeting.objects.filter(
            panel__in=selectors.panel_list(viewer=_viewer(request))
        ).select_related("panel"),
        pk=pk,
    )


@role_required(*OPCC)
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
            "manager": selectors.manages_panels(_viewer(request)),
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
                seed=data["seed"] if data["seed"] is not None else _new_seed(),
                case_type=data["case_type"],
                actor=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("scrutiny:meeting_detail", pk=meeting.pk)
    eligible = meeting.panel.cases.filter(meeting__isnull=True).count()
    return _form_page(
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
            panel__in=selectors.panel_list(viewer=_viewer(request)), meeting__isnull=False
        ).select_related("panel", "meeting"),
        pk=pk,
    )
    initial: dict[str, Any] = {"observations": case.observations, "outcome": case.outcome}
    initial |= {f"right_{f.right}": f.compliance for f in case.right_findings.all()}
    form = forms.FindingsForm(request.POST or None, kind=case.panel.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_findings_record(
                case=case,
                outcome=form.cleaned_data.get("outcome", ""),
                observations=form.cleaned_data["observations"],
                rights=form.rights(),
                actor=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("scrutiny:meeting_detail", pk=case.meeting_id)
    return _form_page(
        request,
        form,
        heading=f"Findings on case {case.reference}",
        caption=str(case.meeting),
        button="Save findings",
        intro=f"{case.agency or 'Agency not recorded'}; {case.case_type or 'type not recorded'}.",
    )


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel_for(request, pk)
    form = forms.ActionForm(request.POST or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        services.action_add(panel=panel, actor=request.user, **form.cleaned_data)
        return redirect("scrutiny:panel_detail", pk=panel.pk)
    return _form_page(request, form, heading="Add an action", caption=panel.name, button="Save")


@role_required(*PANEL_MANAGERS)
@require_http_methods(["GET", "POST"])
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        PanelAction.objects.filter(
            panel__in=selectors.panel_list(viewer=_viewer(request)), status="open"
        ),
        pk=pk,
    )
    form = forms.ActionCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_close(action=action, actor=request.user, **form.cleaned_data)
        return redirect("scrutiny:panel_detail", pk=action.panel_id)
    return _form_page(
        request,
        form,
        heading="Close an action",
        caption=action.owner,
        button="Close action",
        intro=action.description,
    )


# Figures and reports ----------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    form = forms.YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return figures.financial_year(timezone.localdate())


@role_required(*selectors.FIGURE_ROLES)
@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    findings = selectors.right_findings(year=year)
    labels = [label for _, label in CaseOutcome.choices]
    return render(
        request,
        "scrutiny/figures.html",
        {
            "year": year,
            "icv": selectors.icv_figures(year=year),
            "by_right": figures.compliance_by(findings, by="right"),
            "by_agency": figures.compliance_by(findings, by="agency"),
            "outcome_labels": labels,
            "outcome_tables": [
                (
                    title,
                    [
                        (period, [cells.get(label, 0) for label in labels])
                        for period, cells in selectors.panel_outcomes(kind=kind)
                    ],
                )
                for kind, title in (
                    (PanelKind.OUT_OF_COURT, "Out-of-court disposal panel findings"),
                    (PanelKind.VETTING, "Vetting panel findings"),
                )
            ],
            "published": PublishedReport.objects.filter(year=year),
            "coordinator": _viewer(request).has_any(COORDINATORS),
            "report_kinds": ReportKind.choices,
        },
    )


@role_required(*selectors.FIGURE_ROLES)
@require_safe
def figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    rows = [row.as_dict() for row in selectors.icv_figures(year=year)]
    data = table_bytes(rows, ICV_COLUMNS, file_format, title=f"ICV {year}")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="scrutiny.IcvFigures",
        object_label=f"ICV figures {year}",
        summary=f"Exported the ICV figures for {year} as {file_format}",
        path=request.get_full_path(),
    )
    response = HttpResponse(data, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="icv-figures-{year}.{file_format}"'
    return response


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, kind: str, year: int) -> HttpResponse:
    if kind not in ReportKind.values:
        raise Http404
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_publish(
                kind=kind, year=year, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Published {report}.")
            return redirect("scrutiny:public_report", pk=report.pk)
    preview = PublishedReport(
        kind=kind, year=year, figures=services.report_figures(kind=kind, year=year)
    )
    return render(
        request,
        "scrutiny/report_publish.html",
        {"form": form, "report": preview, **reports.context(preview)},
    )


@require_safe
def public_report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "scrutiny/public_report_list.html", {"reports": selectors.published_reports()}
    )


@require_safe
def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    return render(
        request, "scrutiny/public_report.html", {"report": report, **reports.context(report)}
    )


@require_safe
def public_report_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    response = HttpResponse(reports.pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reports.file_stem(report)}.pdf"'
    return response
