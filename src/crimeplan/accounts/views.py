"""Organisation and membership pages. Visibility comes from selectors; changes from services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.audit.decorators import sensitive_page
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors

from . import selectors, services
from .constants import Role
from .forms import ContactDetailsForm, MembershipAddForm, OrganisationForm, RoleChangeForm
from .models import Membership, Organisation
from .permissions import manages_members, member_required, role_required, viewer_for

PAGE_SIZE = 25


def _visible_organisation(request: HttpRequest, pk: int) -> Organisation:
    """404, not 403, for organisations the viewer may not see: guessing a URL reveals nothing."""
    return get_object_or_404(selectors.organisation_list(viewer=viewer_for(request.user)), pk=pk)


@member_required
@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.organisation_list(viewer=viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/organisation_list.html", {"page": page})


@member_required
@require_safe
@sensitive_page("an organisation's members", object_type="accounts.Organisation")
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    organisation = _visible_organisation(request, pk)
    members = selectors.membership_list(viewer=viewer, organisation=organisation)
    can_edit = manages_members(viewer, organisation.pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "can_edit": can_edit},
    )


@role_required(Role.OPCC_ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{organisation} added.")
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "title": "Add an organisation"}
    )


@member_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    organisation = _visible_organisation(request, pk)
    if viewer.is_opcc_admin:
        form_class: type[OrganisationForm] | type[ContactDetailsForm] = OrganisationForm
    elif viewer.has_role_in(organisation.pk, [Role.PARTNER_EDITOR]):
        form_class = ContactDetailsForm
    else:
        raise PermissionDenied
    form = form_class(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.organisation_update(actor=request.user, organisation=organisation, **changes)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation, "title": f"Change {organisation}"},
    )


MEMBER_COLUMNS = ["organisation", "name", "email", "role", "since"]


@member_required
@require_safe
@exports.download_view("csv")
def organisation_members_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The organisation's members, for those who manage its people: OPCC administrators for
    every organisation, a partner editor for their own. Volunteers and grant assessors, who
    belong to the OPCC, never get its staff list."""
    viewer = viewer_for(request.user)
    organisation = _visible_organisation(request, pk)
    if not manages_members(viewer, organisation.pk):
        raise PermissionDenied
    rows = [
        [
            organisation.name,
            membership.user.full_name,
            membership.user.email,
            membership.get_role_display(),
            membership.created_at.date().isoformat(),
        ]
        for membership in selectors.membership_list(viewer=viewer, organisation=organisation)
    ]
    return exports.download_response(
        request=request,
        content=exports.csv_bytes(MEMBER_COLUMNS, rows),
        file_format="csv",
        filename=f"{organisation.slug}-members",
        subject=f"the members of {organisation}",
        rows=len(rows),
        instance=organisation,
        organisation_id=organisation.pk,
    )


@role_required(Role.OPCC_ADMIN)
@require_POST
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archived, not deleted: its records and history stay readable; its members lose access."""
    organisation = _visible_organisation(request, pk)
    services.organisation_archive(actor=request.user, organisation=organisation)
    messages.success(request, f"{organisation} archived. Its members can no longer sign in to it.")
    return redirect("accounts:organisation_list")


@role_required(Role.OPCC_ADMIN)
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _visible_organisation(request, pk)
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"{membership.user} added as {membership.get_role_display()}."
            )
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/membership_form.html",
        {"form": form, "organisation": organisation, "title": f"Add a member to {organisation}"},
    )


def _visible_membership(request: HttpRequest, pk: int) -> Membership:
    memberships = selectors.membership_list(viewer=viewer_for(request.user))
    try:
        return memberships.get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


@role_required(Role.OPCC_ADMIN)
@require_http_methods(["GET", "POST"])
def membership_change(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _visible_membership(request, pk)
    form = RoleChangeForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Role changed.")
            return redirect("accounts:organisation_detail", pk=membership.organisation_id)
    return render(
        request, "accounts/membership_change.html", {"form": form, "membership": membership}
    )


@role_required(Role.OPCC_ADMIN)
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _visible_membership(request, pk)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(
            request, f"{membership.user}'s role as {membership.get_role_display()} ended."
        )
    return redirect("accounts:organisation_detail", pk=membership.organisation_id)
