"""Actions: the list and timeline of a plan's actions (with their downloads), an action,
adding and changing one, its progress updates and milestones, and its evidence files."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.pages import one_form_page

from .. import evidence as evidence_files
from .. import selectors, services
from ..forms import (
    ActionForm,
    MilestoneForm,
    ProgressUpdateForm,
    PublicUpdateForm,
)
from ..measures import measure_verdicts
from ..models import Action, Evidence, Milestone, PublicUpdate
from ..permissions import PLAN_EDITOR_ROLES, READ_ROLES
from .common import (
    PAGE_SIZE,
    TABLE_FORMATS,
    action_filters,
    editable_action,
    plan_by_slug,
    table_download,
    visible_action,
)


@role_required(*READ_ROLES)
@require_safe
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_by_slug(slug)
    form, filters = action_filters(request, plan)
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
    plan = plan_by_slug(slug)
    _, filters = action_filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    return table_download(
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
    plan = plan_by_slug(slug)
    form, filters = action_filters(request, plan)
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
    plan = plan_by_slug(slug)
    _, filters = action_filters(request, plan)
    actions = selectors.filter_actions(
        selectors.action_list(viewer=viewer_for(request.user), plan=plan), filters
    )
    return table_download(
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
    action = visible_action(request, pk)
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "delivery/action_detail.html",
        {
            "action": action,
            "plan": action.commitment.priority.plan,
            "updates": selectors.update_list(action=action),
            "public_updates": action.public_updates.select_related("created_by"),
            "can_publish": viewer.has_any(PLAN_EDITOR_ROLES),
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
    plan = plan_by_slug(slug)
    form = ActionForm(request.POST or None, plan=plan)

    def create(_data: dict[str, Any]) -> Action:
        changes = _action_changes(form)
        return services.action_create(
            commitment=changes.pop("commitment"), actor=request.user, **changes
        )

    return one_form_page(
        request,
        form,
        act=create,
        done=lambda action: f"Action {action.title!r} added.",
        then=lambda action: redirect("delivery:action_detail", pk=action.pk),
        template="delivery/action_form.html",
        context={"plan": plan, "title": "Add an action"},
    )


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = editable_action(request, pk)
    plan = action.commitment.priority.plan
    partner = not viewer_for(request.user).has_any(PLAN_EDITOR_ROLES)
    form = ActionForm(
        request.POST or None, instance=Action.objects.get(pk=pk), plan=plan, partner=partner
    )
    return one_form_page(
        request,
        form,
        act=lambda _: services.action_update(
            action=action, actor=request.user, **_action_changes(form)
        ),
        done="Changes saved.",
        then=lambda _: redirect("delivery:action_detail", pk=action.pk),
        template="delivery/action_form.html",
        context={"plan": plan, "action": action, "title": f"Change {action.title}"},
    )


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = editable_action(request, pk)
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


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def public_update_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The OPCC publishes what the public is told about an action."""
    action = visible_action(request, pk)
    form = PublicUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_update_add(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Update published for the public.")
            return redirect("delivery:action_detail", pk=action.pk)
    return render(request, "delivery/public_update_form.html", {"form": form, "action": action})


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["POST"])
def public_update_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(PublicUpdate, pk=pk)
    action = visible_action(request, update.action_id)
    services.public_update_withdraw(update=update, actor=request.user)
    messages.success(request, "Update taken off the public pages.")
    return redirect("delivery:action_detail", pk=action.pk)


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _milestone_form(request, editable_action(request, pk), None)


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    return _milestone_form(request, editable_action(request, milestone.action_id), milestone)


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
    visible_action(request, item.update.action_id)
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
