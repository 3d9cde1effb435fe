"""Marks a page as sensitive: every successful view of it is written to the audit trail."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from .constants import AuditAction
from .services import audit_record


def sensitive_page(
    description: str, *, object_type: str = "page"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """`object_type` names the kind of record whose `pk` the URL carries, if it carries one."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                audit_record(
                    actor=request.user,
                    action=AuditAction.VIEW,
                    object_type=object_type,
                    object_id=str(kwargs.get("pk", "")),
                    object_label=description,
                    summary=f"Viewed {description}",
                    path=request.get_full_path(),
                )
            return response

        wrapped.sensitive = True  # type: ignore[attr-defined]
        return wrapped

    return decorator
