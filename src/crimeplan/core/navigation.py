"""The service navigation: each module declares its entries (crimeplan.core.plugins) and each
entry says who may use it, so the menu shows only that."""

from django.urls import reverse

from crimeplan.core.plugins import navigation_entries
from crimeplan.core.viewers import Viewer


def navigation_for(viewer: Viewer, current_path: str) -> list[dict[str, object]]:
    items = []
    for entry in navigation_entries():
        if not entry.is_visible(viewer):
            continue
        href = reverse(entry.url_name)
        items.append(
            {
                "label": entry.label,
                "href": href,
                "current": current_path == href,
                "active": href != "/" and current_path.startswith(href) and current_path != href,
            }
        )
    return items
