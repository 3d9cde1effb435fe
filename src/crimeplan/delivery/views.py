"""Delivery pages: the plan by priority, actions and their updates, the timeline, exports,
plan files, and the plan update report with its published versions."""

import dataclasses
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.constants import OPCC_STAFF_ROLES
from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors

from . import evidence as evidence_files
from . import planfile, planpage, report, revisions, selectors, services
from .constants import PLAN_EDITOR_ROLES, READ_ROLES, ItemKind
from .forms import (
    ActionFilterForm,
    ActionForm,
    BaseItemFormSet,
    ItemFormSet,
    MilestoneForm,
    PlanContentForm,
    PlanImportForm,
    PriorityForm,
    ProgressUpdateForm,
)
from .measures import measure_verdicts
from .models import Action, Evidence, Milestone, Plan, PlanRevision, Priority, PublishedReport
from .references import framework_measures, references_for_page
from .richtext import clean_html

PAGE_SIZE = 50
TABLE_FORMATS = ("csv", "xlsx")


def _plan(slug: str) -> Plan:
    return get_object_or_404(selectors.plan_list(), slug=slug)


def _visible_action(request: HttpRequest, pk: int) -> Action:
    """404, not 403, for an action the viewer may not see: guessing a URL reveals nothing."""
    return get_object_or_404(selectors.action_list(viewer=viewer_for(request.user)), pk=pk)


def _editable_action(request: HttpRequest, pk: int) -> Action:
    action = _visible_action(request, pk)
    if not selectors.can_edit_action(viewer_for(request.user), action):
        raise PermissionDenied
    return action


def _filters(request: HttpRequest, plan: Plan) -> tuple[ActionFilterForm, selectors.ActionFilters]:
    form = ActionFilterForm(request.GET or None, plan=plan)
    if not form.is_valid():
        return form, selectors.ActionFilters()
    data = form.cleaned_data
    return form, selectors.ActionFilters(
        owner=data["owner"].pk if data.get("owner") else None,
        district=data["district"].pk if data.get("district") else None,
        golden_thread=data["golden_thread"].pk if data.get("golden_thread") else None,
        status=data.get("status") or "",
        priority=data.get("priority") or "",
    )


def _table_download(
    request: HttpRequest,
    *,
    rows: list[dict[str, object]],
    columns: list[str],
    file_format: str,
    name: str,
    what: str,
    filters: selectors.ActionFilters,
) -> HttpResponseBase:
    return exports.table_response(
        request=request,
        rows=rows,
        columns=columns,
        file_format=file_format,
        filename=name,
        subject=what,
        title=name,
        filters=dataclasses.asdict(filters),
        object_type="delivery.Action",
    )


# The plan ---------------------------------------------------------------------------------


@role_required(*READ_ROLES)
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "delivery/plan_list.html",
        {
            "plans": selectors.plan_list(),
            "can_import": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


@role_required(*READ_ROLES)
@require_safe
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    viewer = viewer_for(request.user)
    views = selectors.priority_views(plan=plan, viewer=viewer, today=timezone.localdate())
    spec = _readable(services.plan_spec(plan=plan))
    return render(
        request,
        "delivery/plan_detail.html",
        {
            "plan": plan,
            "priorities": views,
            "spec": spec,
            "plan_page_svg": planpage.plan_page_svg(spec),
            "can_edit_plan": viewer.has_any(PLAN_EDITOR_ROLES),
            "is_opcc": viewer.is_opcc_staff,
        },
    )


@role_required(*READ_ROLES)
@require_safe
def priority_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = _plan(slug)
    views = selectors.priority_views(
        plan=plan, viewer=viewer_for(request.user), today=timezone.localdate(), code=code
    )
    if not views:
        raise Http404
    items = views[0].priority.items.all()
    # Links to staff pages (a case, an award's file) only for the OPCC's own staff.
    public = not viewer_for(request.user).is_opcc_staff
    frameworks = framework_measures(plan)
    listed = {
        kind: [
            {
                "item": i,
                "references": references_for_page(
                    i.references, plan=plan, public=public, frameworks=frameworks
                ),
            }
            for i in items
            if i.kind == kind
        ]
        for kind in ItemKind.values
    }
    return render(
        request,
        "delivery/priority_detail.html",
        {
            "plan": plan,
            "view": views[0],
            "today": timezone.localdate(),
            "delivered": listed[ItemKind.DELIVERED],
            "next_items": listed[ItemKind.NEXT],
            "can_edit_plan": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


# Editing the plan's content ---------------------------------------------------------------


def _readable(spec: planfile.PlanSpec) -> planfile.PlanSpec:
    """The spec with its rich text cleaned again where it is printed as HTML, so a page
    never trusts what was stored."""
    spec.foreword, spec.introduction = clean_html(spec.foreword), clean_html(spec.introduction)
    spec.actions = []
    return spec


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def plan_content_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    form = PlanContentForm(request.POST or None, initial=PlanContentForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_content_update(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Plan content saved.")
            return redirect("delivery:plan_detail", slug=plan.slug)
    return render(request, "delivery/plan_content_form.html", {"form": form, "plan": plan})


def _item_edits(formset: Any) -> list[services.ItemEdit]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if not data or data.get("DELETE") or not (data.get("text") or "").strip():
            continue
        rows.append(
            services.ItemEdit(
                text=data["text"],
                evidence=data.get("evidence", ""),
                references=data.get("references", []),
                when=data.get("when", ""),
                item_id=data.get("item_id"),
            )
        )
    return rows


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = _plan(slug)
    priority = get_object_or_404(Priority, plan=plan, code=code)
    items = list(priority.items.all())
    form = PriorityForm(
        request.POST or None,
        initial={
            "title": priority.title,
            "aim": priority.aim,
            "commitments": "\n".join(c.text for c in priority.commitments.all()),
        },
    )
    formsets = {
        kind: ItemFormSet(  # type: ignore[call-arg]
            request.POST or None,
            prefix=kind,
            plan=plan,
            heading=ItemKind(kind).label,
            initial=BaseItemFormSet.initial_for([i for i in items if i.kind == kind]),
        )
        for kind in ItemKind.values
    }
    valid = form.is_valid() & all([f.is_valid() for f in formsets.values()])
    if request.method == "POST" and valid:
        try:
            services.priority_update(
                priority=priority,
                actor=request.user,
                title=form.cleaned_data["title"],
                aim=form.cleaned_data["aim"],
                commitments=form.cleaned_data["commitments"],
                delivered=_item_edits(formsets[ItemKind.DELIVERED]),
                next_items=_item_edits(formsets[ItemKind.NEXT]),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Priority {priority.code} saved.")
            return redirect("delivery:priority_detail", slug=plan.slug, code=priority.code)
    has_errors = request.method == "POST" and (
        bool(form.errors) or any(f.total_error_count() for f in formsets.values())
    )
    return render(
        request,
        "delivery/priority_form.html",
        {
            "form": form,
            "plan": plan,
            "priority": priority,
            "formsets": [(ItemKind(kind).label, formsets[kind]) for kind in ItemKind.values],
            "has_errors": has_errors,
        },
    )


# Revisions of the plan --------------------------------------------------------------------


@role_required(*READ_ROLES)
@require_safe
def revision_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    return render(
        request,
        "delivery/revision_list.html",
        {
            "plan": plan,
            "revisions": plan.revisions.select_related("created_by").defer("content"),
            "is_opcc": viewer_for(request.user).is_opcc_staff,
        },
    )


@role_required(*READ_ROLES)
@require_safe
def revision_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = _plan(slug)
    revision = get_object_or_404(PlanRevision, plan=plan, number=number)
    spec = _readable(revisions.content_spec(revision.content, number=revision.number))
    return render(
        request,
        "delivery/revision_detail.html",
        {
            "plan": plan,
            "revision": revision,
            "spec": spec,
            "is_opcc": viewer_for(request.user).is_opcc_staff,
        },
    )


@role_required(*READ_ROLES)
@require_safe
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    form, filters = _filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    rows = selectors.action_rows(actions, today=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "delivery/action_list.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "count": len(rows),
            "query": query.urlencode(),
            "can_edit_plan": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


@role_required(*READ_ROLES)
@require_safe
@exports.download_view(*TABLE_FORMATS, kwarg="file_format")
def action_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponseBase:
    plan = _plan(slug)
    _, filters = _filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    return _table_download(
        request,
        rows=selectors.action_rows(actions, today=timezone.localdate()),
        columns=selectors.ACTION_COLUMNS,
        file_format=file_format,
        name=f"{plan.slug}-actions",
        what=f"{plan.slug} actions",
        filters=filters,
    )


@role_required(*READ_ROLES)
@require_safe
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    form, filters = _filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    rows = selectors.milestone_rows(actions, today=timezone.localdate())
    months: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        months.setdefault(str(row["_month"]), []).append(row)
    return render(
        request,
        "delivery/timeline.html",
        {"plan": plan, "form": form, "months": months, "query": request.GET.urlencode()},
    )


@role_required(*READ_ROLES)
@require_safe
@exports.download_view(*TABLE_FORMATS, kwarg="file_format")
def timeline_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponseBase:
    plan = _plan(slug)
    _, filters = _filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    return _table_download(
        request,
        rows=selectors.milestone_rows(actions, today=timezone.localdate()),
        columns=selectors.MILESTONE_COLUMNS,
        file_format=file_format,
        name=f"{plan.slug}-milestones",
        what=f"{plan.slug} milestones",
        filters=filters,
    )


# Actions ----------------------------------------------------------------------------------


@role_required(*READ_ROLES)
@require_safe
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible_action(request, pk)
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "delivery/action_detail.html",
        {
            "action": action,
            "plan": action.commitment.priority.plan,
            "updates": selectors.update_list(action=action),
            "milestones": action.milestones.all(),
            "can_edit": selectors.can_edit_action(viewer, action),
            "overdue": selectors.overdue(action, today=today),
            "today": today,
            "measures": list(measure_verdicts(list(action.measure_ids)).values()),
        },
    )


def _action_changes(form: ActionForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.fields}


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        changes = _action_changes(form)
        try:
            action = services.action_create(
                commitment=changes.pop("commitment"), actor=request.user, **changes
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Action {action.title!r} added.")
            return redirect("delivery:action_detail", pk=action.pk)
    return render(
        request, "delivery/action_form.html", {"form": form, "plan": plan, "title": "Add an action"}
    )


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _editable_action(request, pk)
    plan = action.commitment.priority.plan
    partner = not viewer_for(request.user).has_any(PLAN_EDITOR_ROLES)
    form = ActionForm(
        request.POST or None, instance=Action.objects.get(pk=pk), plan=plan, partner=partner
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, actor=request.user, **_action_changes(form))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect("delivery:action_detail", pk=action.pk)
    return render(
        request,
        "delivery/action_form.html",
        {"form": form, "plan": plan, "action": action, "title": f"Change {action.title}"},
    )


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _editable_action(request, pk)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        form.initial["status"] = action.status
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_add(
                action=action,
                actor=request.user,
                reported_on=form.cleaned_data["reported_on"],
                status=form.cleaned_data["status"],
                summary=form.cleaned_data["summary"],
                links=form.cleaned_data["links"],
                files=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Progress update added.")
            return redirect("delivery:action_detail", pk=action.pk)
    return render(request, "delivery/update_form.html", {"form": form, "action": action})


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _milestone_form(request, _editable_action(request, pk), None)


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    return _milestone_form(request, _editable_action(request, milestone.action_id), milestone)


def _milestone_form(
    request: HttpRequest, action: Action, milestone: Milestone | None
) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                action=action,
                actor=request.user,
                milestone=milestone,
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Milestone saved.")
            return redirect("delivery:action_detail", pk=action.pk)
    return render(
        request,
        "delivery/milestone_form.html",
        {"form": form, "action": action, "milestone": milestone},
    )


@role_required(*READ_ROLES)
@require_safe
@exports.download_view(exports.UPLOADED_FILE)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file as the partner uploaded it (its kind checked by content on upload), always
    as an attachment, never shown inline."""
    item = get_object_or_404(Evidence.objects.select_related("update"), pk=pk)
    _visible_action(request, item.update.action_id)
    path = evidence_files.evidence_path(item.stored_name)
    if not path.is_file():
        raise Http404
    return exports.download_response(
        request=request,
        content=path.open("rb"),
        file_format=path.suffix.lstrip(".") or "bin",
        filename=Path(item.original_name).stem,
        subject=f"evidence file {item.pk} of action {item.update.action_id}",
        instance=item,
        content_type=item.content_type,
    )


# Plan files -------------------------------------------------------------------------------


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        content = upload.read()
        try:
            spec = _spec_from_upload(name, content)
            plan = services.plan_import(spec=spec, actor=request.user, file=name)
        except planfile.PlanFileError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"Plan {plan.slug} imported.")
            return redirect("delivery:plan_detail", slug=plan.slug)
    return render(request, "delivery/plan_import.html", {"form": form})


def _spec_from_upload(name: str, content: bytes) -> planfile.PlanSpec:
    import tomllib

    stem = Path(name).stem.lower()
    if name.lower().endswith(".xlsx"):
        return planfile.spec_from_document(
            planfile.read_workbook(content, file=name), file=name, slug=stem
        )
    if name.lower().endswith(".toml"):
        try:
            document = tomllib.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise planfile.PlanFileError(
                file=name, where="file", field="", message=f"is not a TOML file ({error})"
            ) from error
        except RecursionError:
            raise planfile.PlanFileError(
                file=name, where="file", field="", message="is nested too deeply to read"
            ) from None
        return planfile.spec_from_document(document, file=name, slug=stem)
    raise planfile.PlanFileError(
        file=name, where="file", field="", message="must be a .toml or .xlsx plan file"
    )


@role_required(*OPCC_STAFF_ROLES)
@require_safe
@exports.download_view("toml", "xlsx", kwarg="file_format")
def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponseBase:
    plan = _plan(slug)
    spec = services.plan_spec(plan=plan)
    content = planfile.toml_bytes(spec) if file_format == "toml" else planfile.xlsx_bytes(spec)
    return exports.download_response(
        request=request,
        content=content,
        file_format=file_format,
        filename=plan.slug,
        subject=f"plan {plan.slug}",
        instance=plan,
    )


# The plan update report -------------------------------------------------------------------


@role_required(*OPCC_STAFF_ROLES)
@require_safe
def report_preview(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(slug)
    built, body = report.draft(plan)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": plan,
            "title": built.title,
            "body": body,
            "draft": True,
            "can_publish": viewer_for(request.user).has_any(PLAN_EDITOR_ROLES),
        },
    )


@role_required(*OPCC_STAFF_ROLES)
@require_safe
@exports.download_view("pdf")
def report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    plan = _plan(slug)
    built, body = report.draft(plan)
    return exports.download_response(
        request=request,
        content=report.render_pdf(title=built.title, body=body),
        file_format="pdf",
        filename=f"{plan.slug}-update-draft",
        subject=f"the draft plan update of {plan.slug}",
        instance=plan,
        inline=True,
    )


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Checks the draft (references, figures, acronyms, links) and, on POST, publishes it;
    whatever blocks publication is listed and nothing is published."""
    plan = _plan(slug)
    problems: list[str] = []
    if request.method == "POST":
        try:
            published = report.report_publish(plan=plan, actor=request.user)
        except report.PublicationBlocked as blocked:
            problems = blocked.problems
        else:
            messages.success(request, f"Version {published.version} published.")
            return redirect("delivery:published_detail", slug=plan.slug, version=published.version)
    else:
        built, body = report.draft(plan)
        problems = report.publication_problems(built, body)
    return render(
        request,
        "delivery/report_publish.html",
        {
            "plan": plan,
            "published": plan.published_reports.defer("html", "pdf"),
            "problems": problems,
            "checked_external": settings.CRIMEPLAN_CHECK_EXTERNAL_LINKS,
            "tried": request.method == "POST",
        },
        status=422 if problems and request.method == "POST" else 200,
    )


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    reports = PublishedReport.objects.select_related("plan").defer("html", "pdf")
    return render(request, "delivery/published_list.html", {"reports": reports})


def _published(slug: str, version: int) -> PublishedReport:
    return get_object_or_404(PublishedReport, plan__slug=slug, version=version)


@require_safe
def published_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    published = _published(slug, version)
    return render(
        request,
        "delivery/report_page.html",
        {
            "plan": published.plan,
            "title": published.title,
            "body": published.html,
            "published": published,
        },
    )


@require_safe
@exports.download_view("pdf")
def published_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponseBase:
    published = _published(slug, version)
    return exports.download_response(
        request=request,
        content=bytes(published.pdf),
        file_format="pdf",
        filename=f"{slug}-update-v{version}",
        subject=f"published plan update {slug} version {version}",
        instance=published,
        inline=True,
    )
