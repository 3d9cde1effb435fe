"""Reference-data pages: forces with populations and comparison groups; districts."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.core.forms import add_validation_errors
from crimeplan.core.viewers import role_required, viewer_for

from . import selectors, services
from .forms import ComparisonGroupForm, PopulationForm
from .models import ComparisonGroup, Force
from .permissions import ANALYSTS


@require_safe
def force_list(request: HttpRequest) -> HttpResponse:
    forces = selectors.force_list()
    years = sorted({p.year for f in forces for p in f.populations.all()})
    return render(request, "geography/force_list.html", {"forces": forces, "years": years})


@require_safe
def force_detail(request: HttpRequest, police_uk_id: str) -> HttpResponse:
    force = get_object_or_404(selectors.force_list(), police_uk_id=police_uk_id)
    group = ComparisonGroup.objects.filter(force=force).prefetch_related("members").first()
    viewer = viewer_for(request.user)
    return render(
        request,
        "geography/force_detail.html",
        {
            "force": force,
            "group": group,
            "districts": selectors.district_summaries(force=force),
            "is_home_force": force.police_uk_id == settings.CRIMEPLAN_FORCE,
            "can_edit": viewer.has_any(ANALYSTS),
        },
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def population_add(request: HttpRequest, police_uk_id: str) -> HttpResponse:
    force = get_object_or_404(Force, police_uk_id=police_uk_id)
    form = PopulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.force_population_set(force=force, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Population for {form.cleaned_data['year']} saved.")
            return redirect("geography:force_detail", police_uk_id=force.police_uk_id)
    return render(request, "geography/population_form.html", {"form": form, "force": force})


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def comparison_group_edit(request: HttpRequest, police_uk_id: str) -> HttpResponse:
    force = get_object_or_404(Force, police_uk_id=police_uk_id)
    group = ComparisonGroup.objects.filter(force=force).first()
    initial = (
        {
            "members": group.members.all(),
            "source": group.source,
            "as_of": group.as_of,
            "illustrative": group.illustrative,
        }
        if group
        else {"illustrative": True}
    )
    form = ComparisonGroupForm(request.POST or None, initial=initial, force=force)
    if request.method == "POST" and form.is_valid():
        try:
            services.comparison_group_update(
                force=force,
                actor=request.user,
                members=list(form.cleaned_data["members"]),
                source=form.cleaned_data["source"],
                as_of=form.cleaned_data["as_of"],
                illustrative=form.cleaned_data["illustrative"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Comparison group saved.")
            return redirect("geography:force_detail", police_uk_id=force.police_uk_id)
    return render(request, "geography/comparison_group_form.html", {"form": form, "force": force})
