"""The audit log for OPCC administrators: browse, filter, export as CSV."""

import csv
import json
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import role_required, viewer_for

from .constants import AuditAction
from .decorators import sensitive_page
from .forms import AuditFilterForm
from .selectors import AuditFilter, audit_event_list, audit_object_types
from .services import audit_record

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


class _Echo:
    def write(self, value: str) -> str:
        return value


@role_required(Role.OPCC_ADMIN)
@require_safe
def event_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _, filters = _filters(request)
    events = audit_event_list(viewer=viewer_for(request.user), filters=filters)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="audit.AuditEvent",
        object_label="audit log",
        path=request.get_full_path(),
        summary=f"Exported {events.count()} audit events as CSV",
    )
    writer = csv.writer(_Echo())
    header = [
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
    ]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_label,
                    e.summary,
                    e.path,
                    json.dumps(e.before, sort_keys=True) if e.before is not None else "",
                    json.dumps(e.after, sort_keys=True) if e.after is not None else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
