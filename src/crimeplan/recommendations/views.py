"""The tracker's pages: thin, each checks the viewer, calls a selector or a service, and
renders. What a viewer sees is decided in `selectors`; what a change does in `services`.
The public page and its downloads are in `public_views`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import saved_or_errors

from . import forms, selectors, services
from .constants import PAGE_SIZE
from .models import Inspection, InspectionGrade, Recommendation
from .permissions import MANAGERS, READERS, UPDATERS

DOWNLOAD_FORMATS = ("csv", "xlsx", "ods")


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    visible = selectors.visible_recommendations(viewer=viewer_for(request.user))
    return get_object_or_404(visible, pk=pk)


def _form_page(
    request: HttpRequest, form: Any, *, heading: str, caption: str, button: str, back: str
) -> HttpResponse:
    return render(
        request,
        "recommendations/form.html",
        {"form": form, "heading": heading, "caption": caption, "button": button, "back": back},
    )


def _filtered(request: HttpRequest) -> tuple[forms.FilterForm, Any]:
    viewer = viewer_for(request.user)
    form = forms.FilterForm(request.GET, owners=selectors.owner_choices(viewer=viewer))
    chosen = form.cleaned_data if form.is_valid() else {}
    return form, selectors.recommendation_list(viewer=viewer, filters=chosen)


@role_required(*READERS)
@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form, recommendations = _filtered(request)
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {name: request.GET[name] for name in selectors.FILTERS if request.GET.get(name)}
    )
    return render(
        request,
        "recommendations/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_manage": selectors.may_manage(viewer),
            "sees_all": viewer.is_opcc_staff,
            "formats": DOWNLOAD_FORMATS,
            "today": timezone.localdate(),
        },
    )


@role_required(*READERS)
@require_safe
@exports.download_view(*DOWNLOAD_FORMATS, kwarg="file_format")
def recommendation_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The list as filtered, every row, as a spreadsheet."""
    form, recommendations = _filtered(request)
    return exports.table_response(
        request=request,
        rows=selectors.export_rows(recommendations),
        columns=selectors.COLUMNS,
        file_format=file_format,
        filename="recommendations",
        subject="recommendations",
        title="Recommendations",
        filters=form.cleaned_data if form.is_valid() else {},
        object_type="recommendations.Recommendation",
    )


@role_required(*READERS)
@require_safe
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    recommendation = _recommendation(request, pk)
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "updates": selectors.updates(recommendation),
            "can_manage": selectors.may_manage(viewer),
            "can_update": selectors.may_update(viewer, recommendation),
            "overdue": recommendation.is_overdue(timezone.localdate()),
        },
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def recommendation_edit(
    request: HttpRequest, pk: int | None = None, inspection_pk: int | None = None
) -> HttpResponse:
    """Records an item directly (from an inspection, when `inspection_pk`), or changes an
    item: every field of one entered here, the tracker's own fields of a module's."""
    if pk:
        recommendation = _recommendation(request, pk)
    else:
        inspection = get_object_or_404(Inspection, pk=inspection_pk) if inspection_pk else None
        recommendation = Recommendation(inspection=inspection)
    form_class = forms.TrackingFields if recommendation.from_module else forms.RecommendationForm
    form = form_class(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.recommendation_save(
                recommendation=form.save(commit=False), actor=request.user
            ),
            "Recommendation saved.",
        )
        if saved:
            return redirect(saved)
    back = recommendation.inspection or recommendation
    return _form_page(
        request,
        form,
        heading="Change the recommendation" if recommendation.pk else "Record a recommendation",
        caption=str(recommendation.inspection or "Recommendations"),
        button="Save recommendation",
        back=back.get_absolute_url() if back.pk else "",
    )


@role_required(*UPDATERS)
@require_http_methods(["GET", "POST"])
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's editors (or the OPCC's managers) add evidence and move the item on."""
    recommendation = _recommendation(request, pk)
    if not selectors.may_update(viewer_for(request.user), recommendation):
        raise PermissionDenied
    form = forms.UpdateForm(request.POST or None, initial={"status": recommendation.status})
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.update_add(
                recommendation=recommendation,
                actor=request.user,
                evidence=form.cleaned_data["evidence"],
                status=form.cleaned_data["status"],
            ),
            "Update added.",
        )
        if saved:
            return redirect(recommendation)
    return _form_page(
        request,
        form,
        heading="Add evidence or a new status",
        caption=recommendation.title,
        button="Add update",
        back=recommendation.get_absolute_url(),
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def recommendation_close(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.recommendation_close(
                recommendation=recommendation,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
            "Recommendation closed.",
        )
        if saved:
            return redirect(recommendation)
    return _form_page(
        request,
        form,
        heading="Close the recommendation",
        caption=recommendation.title,
        button="Close recommendation",
        back=recommendation.get_absolute_url(),
    )


# Inspections ----------------------------------------------------------------------------


@role_required(*READERS)
@require_safe
def inspection_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.inspection_list(viewer=viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recommendations/inspection_list.html",
        {"page": page, "can_manage": selectors.may_manage(viewer)},
    )


@role_required(*READERS)
@require_safe
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    inspection = get_object_or_404(Inspection, pk=pk)
    return render(
        request,
        "recommendations/inspection_detail.html",
        {
            "inspection": inspection,
            "grades": inspection.grades.all(),
            "recommendations": selectors.inspection_recommendations(
                inspection=inspection, viewer=viewer
            ),
            "can_manage": selectors.may_manage(viewer),
            "today": timezone.localdate(),
        },
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    inspection = get_object_or_404(Inspection, pk=pk) if pk else Inspection()
    form = forms.InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.inspection_save(
                inspection=form.save(commit=False), actor=request.user
            ),
            "Inspection saved.",
        )
        if saved:
            return redirect(saved)
    return _form_page(
        request,
        form,
        heading="Change the inspection" if inspection.pk else "Add an inspection",
        caption="Inspections",
        button="Save inspection",
        back=inspection.get_absolute_url() if inspection.pk else "",
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def grade_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection, pk=pk)
    form = forms.GradeForm(request.POST or None, instance=InspectionGrade(inspection=inspection))
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.grade_save(grade=form.save(commit=False), actor=request.user),
            "Grade added.",
        )
        if saved:
            return redirect(inspection)
    return _form_page(
        request,
        form,
        heading="Add a grade",
        caption=inspection.title,
        button="Add grade",
        back=inspection.get_absolute_url(),
    )
