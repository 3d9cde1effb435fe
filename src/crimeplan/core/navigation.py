"""The service navigation: each entry says who may use it, so the menu shows only that."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import Viewer
from crimeplan.asb_reviews import selectors as asb_selectors
from crimeplan.delivery.constants import READ_ROLES as DELIVERY_ROLES
from crimeplan.scrutiny import selectors as scrutiny_menu
from crimeplan.voice.selectors import SURVEY_READERS


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Viewer], bool]


def _anyone(viewer: Viewer) -> bool:
    return True


def _member(viewer: Viewer) -> bool:
    return viewer.is_member


def _analyst(viewer: Viewer) -> bool:
    return viewer.has_any([Role.OPCC_ADMIN, Role.OPCC_ANALYST])


def _performance_reader(viewer: Viewer) -> bool:
    from crimeplan.performance.permissions import DRAFT_READERS

    return viewer.has_any(DRAFT_READERS)


def _opcc_admin(viewer: Viewer) -> bool:
    return viewer.is_opcc_admin


NAVIGATION: list[NavItem] = [
    NavItem("Home", "core:staff_home", _member),
    NavItem("Performance", "performance:index", _performance_reader),
    NavItem("Delivery", "delivery:plan_list", lambda viewer: viewer.has_any(DELIVERY_ROLES)),
    NavItem("Commissioning", "commissioning:fund_list", lambda v: v.is_opcc_staff),
    NavItem("ASB Case Reviews", "asb_reviews:case_list", asb_selectors.may_see_cases),
    NavItem("Custody visits", "scrutiny:visit_list", scrutiny_menu.shows_visits),
    NavItem("Scrutiny panels", "scrutiny:panel_list", scrutiny_menu.shows_panels),
    NavItem("Survey", "voice:survey_list", lambda v: v.has_any(SURVEY_READERS)),
    NavItem("Unsafe-place reports", "voice:moderation_list", lambda v: v.is_opcc_staff),
    NavItem("Crime data", "crime_data:summary", _member),
    NavItem("Imports", "crime_data:import_list", _analyst),
    NavItem("Organisations", "accounts:organisation_list", _member),
    NavItem("Forces and areas", "geography:force_list", _anyone),
    NavItem("Audit log", "audit:event_list", _opcc_admin),
    NavItem("Scrutiny reports", "scrutiny:public_report_list", scrutiny_menu.shows_reports),
]


def navigation_for(viewer: Viewer, current_path: str) -> list[dict[str, object]]:
    items = []
    for item in NAVIGATION:
        if not item.visible(viewer):
            continue
        href = reverse(item.url_name)
        items.append(
            {
                "label": item.label,
                "href": href,
                "current": current_path == href,
                "active": href != "/" and current_path.startswith(href) and current_path != href,
            }
        )
    return items
