"""What every delivery page shares: the plan by its slug, the action the viewer may see or
change, the action filters, the table download and the plan's text made safe to print."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core import exports

from .. import planfile, selectors
from ..forms import (
    ActionFilterForm,
)
from ..models import Action, Plan
from ..richtext import clean_html

PAGE_SIZE = 50
TABLE_FORMATS = ("csv", "xlsx")


def plan_by_slug(slug: str) -> Plan:
    return get_object_or_404(selectors.plan_list(), slug=slug)


def visible_action(request: HttpRequest, pk: int) -> Action:
    """404, not 403, for an action the viewer may not see: guessing a URL reveals nothing."""
    return get_object_or_404(selectors.action_list(viewer=viewer_for(request.user)), pk=pk)


def editable_action(request: HttpRequest, pk: int) -> Action:
    action = visible_action(request, pk)
    if not selectors.can_edit_action(viewer_for(request.user), action):
        raise PermissionDenied
    return action


def action_filters(
    request: HttpRequest, plan: Plan
) -> tuple[ActionFilterForm, selectors.ActionFilters]:
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


def table_download(
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


def readable_spec(spec: planfile.PlanSpec) -> planfile.PlanSpec:
    """The spec with its rich text cleaned again where it is printed as HTML, so a page
    never trusts what was stored."""
    spec.foreword, spec.introduction = clean_html(spec.foreword), clean_html(spec.introduction)
    spec.actions = []
    return spec
