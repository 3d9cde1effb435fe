"""Who may open each page of the recommendations tracker (gathered by core's permission
matrix), the query parameters its pages read (for the query crawl) and how to plant a
spreadsheet formula in its downloads (for the downloads test).

Every OPCC role and a partner's people may open the tracker; a partner sees only the
recommendations its organisation owns (the world's own CSP's, not the other CSP's), and its
editors add evidence to them; only OPCC policy officers and administrators record, change,
close and publish. The public page, its download and the API's published list are open.
"""

from collections.abc import Callable

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.core.tests.matrix import PUBLIC, Row
from crimeplan.core.tests.spreadsheets import FORMULAS, HYPERLINK, Download
from crimeplan.core.tests.world import World

from .factories import InspectionFactory, RecommendationFactory

READERS = frozenset(OPCC_STAFF_ROLES) | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
OPCC = frozenset(OPCC_STAFF_ROLES)
MANAGERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})
UPDATERS = MANAGERS | {Role.PARTNER_EDITOR}


def _item(world: World, *, own: bool = True) -> int:
    return RecommendationFactory(owner=world.csp_own if own else world.csp_other).pk


def _inspection(world: World) -> int:
    return InspectionFactory().pk


ROWS: list[Row] = [
    Row("recommendations:list", READERS),
    Row("recommendations:export", READERS, lambda w: {"file_format": "csv"}),
    Row("recommendations:create", MANAGERS),
    Row("recommendations:detail", READERS, lambda w: {"pk": _item(w)}, label="own"),
    Row("recommendations:detail", OPCC, lambda w: {"pk": _item(w, own=False)}, label="other"),
    Row("recommendations:edit", MANAGERS, lambda w: {"pk": _item(w)}),
    Row("recommendations:update_add", UPDATERS, lambda w: {"pk": _item(w)}, label="own"),
    Row(
        "recommendations:update_add",
        MANAGERS,
        lambda w: {"pk": _item(w, own=False)},
        label="other",
    ),
    Row("recommendations:close", MANAGERS, lambda w: {"pk": _item(w)}),
    Row("recommendations:inspection_list", READERS),
    Row("recommendations:inspection_create", MANAGERS),
    Row("recommendations:inspection_detail", READERS, lambda w: {"pk": _inspection(w)}),
    Row("recommendations:inspection_edit", MANAGERS, lambda w: {"pk": _inspection(w)}),
    Row("recommendations:grade_add", MANAGERS, lambda w: {"pk": _inspection(w)}),
    Row(
        "recommendations:inspection_recommendation_create",
        MANAGERS,
        lambda w: {"inspection_pk": _inspection(w)},
    ),
    Row("recommendations:public", PUBLIC),
    Row("recommendations:public_export", PUBLIC, lambda w: {"file_format": "csv"}),
    Row("api:recommendations_published", PUBLIC),
]

QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "recommendations:list": ("source", "owner", "priority", "status", "page"),
    "recommendations:export": ("source", "owner", "priority", "status"),
    "recommendations:inspection_list": ("page",),
}


def _tracked(world: World) -> Download:
    # Titles and organisations' names are typed by people; a partner sees its own items.
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    for formula in FORMULAS:
        RecommendationFactory(title=formula, owner=world.csp_own)
    return Download(Role.PARTNER_VIEWER)


def _published(world: World) -> Download:
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    inspection = InspectionFactory(title=FORMULAS[0])
    for formula in FORMULAS:
        RecommendationFactory(
            title=formula,
            owner=world.csp_own,
            is_public=True,
            public_summary=formula,
            source="hmicfrs_cause_of_concern",
            inspection=inspection,
        )
    return Download("anonymous")


DOWNLOAD_PLANTS: dict[str, Callable[[World], Download]] = {
    "recommendations:export": _tracked,
    "recommendations:public_export": _published,
}
