"""The plan's pages: the plan by priority, editing its content and priorities, its revisions,
and plan files (import and export)."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.pages import one_form_page

from .. import planfile, planpage, revisions, selectors, services
from ..constants import ItemKind
from ..forms import (
    BaseItemFormSet,
    ItemFormSet,
    PlanContentForm,
    PlanImportForm,
    PriorityForm,
)
from ..models import PlanRevision, Priority
from ..permissions import PLAN_EDITOR_ROLES, PLAN_EXPORT_ROLES, READ_ROLES
from ..references import framework_measures, references_for_page
from .common import (
    plan_by_slug,
    readable_spec,
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
    plan = plan_by_slug(slug)
    viewer = viewer_for(request.user)
    views = selectors.priority_views(plan=plan, viewer=viewer, today=timezone.localdate())
    spec = readable_spec(services.plan_spec(plan=plan))
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
    plan = plan_by_slug(slug)
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


@role_required(*PLAN_EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def plan_content_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_by_slug(slug)
    form = PlanContentForm(request.POST or None, initial=PlanContentForm.initial_for(plan))
    return one_form_page(
        request,
        form,
        act=lambda data: services.plan_content_update(plan=plan, actor=request.user, **data),
        done="Plan content saved.",
        then=lambda _: redirect("delivery:plan_detail", slug=plan.slug),
        template="delivery/plan_content_form.html",
        context={"plan": plan},
    )


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
    plan = plan_by_slug(slug)
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
    plan = plan_by_slug(slug)
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
    plan = plan_by_slug(slug)
    revision = get_object_or_404(PlanRevision, plan=plan, number=number)
    spec = readable_spec(revisions.content_spec(revision.content, number=revision.number))
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


@role_required(*PLAN_EXPORT_ROLES)
@require_safe
@exports.download_view("toml", "xlsx", kwarg="file_format")
def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponseBase:
    plan = plan_by_slug(slug)
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
