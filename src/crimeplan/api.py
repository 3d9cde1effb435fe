"""The JSON API (django-ninja), with its OpenAPI schema at /api/v1/openapi.json: reference data
and the organisation directory here, and each module's router as its AppConfig declares."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Schema
from ninja.security import django_auth

from crimeplan.accounts import selectors as account_selectors
from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.bounds import LONGEST_SLUG, SLUG_PATTERN
from crimeplan.core.plugins import api_routers
from crimeplan.geography import selectors as geography_selectors
from crimeplan.geography.models import Force

api = NinjaAPI(
    title="crimeplan API",
    version="1",
    description="Reference data (public) and organisation directory (signed-in members).",
    urls_namespace="api",
)


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    """django-ninja's answer to a parameter out of its bounds."""

    detail: list[dict[str, Any]]


class PopulationOut(Schema):
    year: int
    population: int
    source: str


class ForceOut(Schema):
    police_uk_id: str
    name: str
    short_name: str
    ons_code: str
    country: str
    populations: list[PopulationOut]
    comparison_group: list[str]
    comparison_group_source: str | None
    comparison_group_illustrative: bool | None


def _force_out(force: Force) -> ForceOut:
    group = getattr(force, "comparison_group", None)
    return ForceOut(
        police_uk_id=force.police_uk_id,
        name=force.name,
        short_name=force.short_name,
        ons_code=force.ons_code,
        country=force.country,
        populations=[
            PopulationOut(year=p.year, population=p.population, source=p.source)
            for p in sorted(force.populations.all(), key=lambda p: p.year)
        ],
        comparison_group=sorted(m.police_uk_id for m in group.members.all()) if group else [],
        comparison_group_source=group.source if group else None,
        comparison_group_illustrative=group.illustrative if group else None,
    )


@api.get("/forces", response=list[ForceOut], tags=["reference"])
def list_forces(request: HttpRequest) -> list[ForceOut]:
    """The 43 territorial police forces with their populations and comparison groups."""
    return [_force_out(force) for force in geography_selectors.force_list()]


@api.get(
    "/forces/{police_uk_id}",
    response={200: ForceOut, 404: Message, 422: InvalidRequest},
    tags=["reference"],
)
def get_force(
    request: HttpRequest,
    police_uk_id: str = Path(..., max_length=LONGEST_SLUG, pattern=SLUG_PATTERN),
) -> ForceOut:
    return _force_out(
        get_object_or_404(geography_selectors.force_list(), police_uk_id=police_uk_id)
    )


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    district: str | None
    email: str
    website: str


@api.get(
    "/organisations",
    response={200: list[OrganisationOut], 401: Message},
    auth=django_auth,
    tags=["organisations"],
)
def list_organisations(request: HttpRequest) -> list[OrganisationOut]:
    """Organisations the signed-in member may see (OPCC staff: all; partners: their own)."""
    viewer = viewer_for(request.user)
    return [
        OrganisationOut(
            id=o.pk,
            name=o.name,
            kind=o.kind,
            district=o.district.code if o.district else None,
            email=o.email,
            website=o.website,
        )
        for o in account_selectors.organisation_list(viewer=viewer)
    ]


# Each module's router, where its AppConfig says (crimeplan.core.plugins).
for prefix, router in api_routers():
    api.add_router(prefix, router)
