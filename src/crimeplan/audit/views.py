"""The audit log for OPCC administrators: browse, filter, export as CSV."""

import dataclasses
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from crimeplan.core import exports
from crimeplan.core.roles import Role
from crimeplan.core.viewers import role_required, viewer_for

from .decorators import sensitive_page
from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import AuditFilter, audit_event_list, audit_object_types

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    if form.is_bound and form.is_valid():
        return form, AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    return form, AuditFilter()


@role_required(Role.OPCC_ADMIN)
@require_safe
@sensitive_page("the audit log")
def event_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    events = audit_event_list(viewer=viewer_for(request.user), filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


EXPORT_COLUMNS = [
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object",
    "summary",
    "path",
    "before",
    "after",
    "changed",
]


def _export_row(event: AuditEvent) -> list[str]:
    return [
        event.at.isoformat(),
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        event.object_label,
        event.summary,
        event.path,
        json.dumps(event.before, sort_keys=True) if event.before is not None else "",
        json.dumps(event.after, sort_keys=True) if event.after is not None else "",
        # The names of every field changed, personal ones too, whose values are never kept.
        ", ".join(event.changed or []),
    ]


@role_required(Role.OPCC_ADMIN)
@require_safe
@exports.download_view("csv")
def event_export(request: HttpRequest) -> HttpResponseBase:
    """Streamed: the trail may hold millions of events. Labels and summaries quote what people
    typed, so they go out through the CSV writer that neutralises formulas."""
    _, filters = _filters(request)
    events = audit_event_list(viewer=viewer_for(request.user), filters=filters)
    return exports.download_response(
        request=request,
        content=exports.csv_lines(
            EXPORT_COLUMNS, (_export_row(e) for e in events.iterator(chunk_size=2000))
        ),
        file_format="csv",
        filename="audit-log",
        subject="the audit log",
        rows=events.count(),
        # Who did it may be a person's name or address: the other filters only are kept.
        filters={k: v for k, v in dataclasses.asdict(filters).items() if k != "actor"},
        object_type="audit.AuditEvent",
    )
