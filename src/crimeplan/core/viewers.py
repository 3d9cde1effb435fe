"""Who the viewer is, in the terms every visibility rule uses, and the view guards.

In the kernel so that every app, the lowest (audit, geography) included, guards its pages the
same way; `crimeplan.accounts.permissions` re-exports all of it.

Every list, detail, export and API endpoint decides what a viewer sees through a selector
that calls `restrict_to_viewer`, so the rule lives in one place: OPCC staff see every
organisation's records; anyone else sees their own organisations' records and those
shared with them, never another partner's.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .roles import OPCC_STAFF_ROLES, Role


@dataclass(frozen=True)
class Viewer:
    """The signed-in person (or the anonymous public) as the rules see them."""

    user_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    # (organisation id, role) pairs, for rules such as "partner editor of this organisation".
    role_pairs: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    is_superuser: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_member(self) -> bool:
        return bool(self.roles) or self.is_superuser

    @property
    def is_opcc_staff(self) -> bool:
        return self.is_superuser or bool(self.roles & OPCC_STAFF_ROLES)

    @property
    def is_opcc_admin(self) -> bool:
        return self.is_superuser or Role.OPCC_ADMIN in self.roles

    def has_any(self, roles: Iterable[str]) -> bool:
        return self.is_superuser or bool(self.roles & frozenset(roles))

    def organisations_where(self, role: str) -> list[int]:
        """The organisations in which the viewer holds `role`."""
        return sorted(org for org, held in self.role_pairs if held == role)

    def has_role_in(self, organisation_id: int, roles: Iterable[str]) -> bool:
        wanted = frozenset(roles)
        return any(org == organisation_id and role in wanted for org, role in self.role_pairs)


ANONYMOUS = Viewer(user_id=None)


def viewer_for(user: Any) -> Viewer:
    """Builds the viewer once per user object (cached on it for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_crimeplan_viewer", None)
    if cached is not None:
        return cached
    pairs = frozenset(
        (org_id, role)
        for org_id, role in user.memberships.filter(
            ended_at__isnull=True, organisation__archived_at__isnull=True
        ).values_list("organisation_id", "role")
    )
    viewer = Viewer(
        user_id=user.pk,
        roles=frozenset(role for _, role in pairs),
        organisation_ids=frozenset(org for org, _ in pairs),
        role_pairs=pairs,
        is_superuser=user.is_superuser,
    )
    user._crimeplan_viewer = viewer
    return viewer


def restrict_to_viewer[M: Model](
    queryset: QuerySet[M],
    viewer: Viewer,
    *,
    owner_field: str,
    shared_field: str | None = None,
) -> QuerySet[M]:
    """The one visibility rule: OPCC staff see all; others their organisations' and shared."""
    if viewer.is_opcc_staff:
        return queryset
    if not viewer.is_member:
        return queryset.none()
    condition = Q(**{f"{owner_field}__in": viewer.organisation_ids})
    if shared_field:
        condition |= Q(**{f"{shared_field}__in": viewer.organisation_ids})
    return queryset.filter(condition).distinct()


def role_required(
    *roles: str, members: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Guards a view: anonymous viewers are sent to sign in, others without a role get 403.

    `members=True` admits anyone with an active membership (their selectors then decide
    what they see); otherwise one of `roles` is needed.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            viewer = viewer_for(request.user)
            if not viewer.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = viewer.is_member if members else viewer.has_any(roles)
            if not allowed:
                raise PermissionDenied
            request.viewer = viewer  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def member_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    return role_required(members=True)(view)
