"""Volunteers, their training, and the sites they visit (co-ordinators only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.permissions import role_required
from crimeplan.audit.decorators import sensitive_page
from crimeplan.core.forms import add_validation_errors

from .. import forms, selectors, services
from ..models import Site, Volunteer
from ..permissions import COORDINATORS
from .common import (
    PAGE_SIZE,
    current_viewer,
    form_page,
)


@role_required(*COORDINATORS)
@require_safe
def volunteer_list(request: HttpRequest) -> HttpResponse:
    volunteers = selectors.volunteer_list(viewer=current_viewer(request))
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
        get_object_or_404(selectors.volunteer_list(viewer=current_viewer(request)), pk=pk)
        if pk
        else Volunteer()
    )
    form = forms.VolunteerForm(request.POST or None, instance=volunteer)
    return form_page(
        request,
        form,
        heading=f"Change {volunteer.reference}" if volunteer.pk else "Add a volunteer",
        caption="Volunteers",
        button="Save volunteer",
        act=lambda _: services.volunteer_save(
            volunteer=form.save(commit=False), actor=request.user
        ),
        done=lambda saved: f"Saved {saved.reference}.",
        then=lambda saved: redirect("scrutiny:volunteer_detail", pk=saved.pk),
    )


@role_required(*COORDINATORS)
@sensitive_page("a volunteer's personal details", object_type="scrutiny.Volunteer")
@require_safe
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_object_or_404(selectors.volunteer_list(viewer=current_viewer(request)), pk=pk)
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
    volunteer = get_object_or_404(selectors.volunteer_list(viewer=current_viewer(request)), pk=pk)
    form = forms.TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.training_record_add(volunteer=volunteer, actor=request.user, **form.cleaned_data)
        messages.success(request, "Training recorded.")
        return redirect("scrutiny:volunteer_detail", pk=volunteer.pk)
    return form_page(
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
        request, "scrutiny/site_list.html", {"form": form, "sites": selectors.sites_managed()}
    )


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.filter(archived_at__isnull=True), pk=pk)
    name = site.name
    form = forms.SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.site_save(site=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("scrutiny:site_list")
    return form_page(
        request, form, heading=f"Change {name}", caption="Sites visited", button="Save site"
    )


@role_required(*COORDINATORS)
@require_POST
def site_archive(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk)
    try:
        services.site_archive(site=site, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Archived {site.name}. Its past visits keep it.")
    return redirect("scrutiny:site_list")
