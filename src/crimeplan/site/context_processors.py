"""Template context every page needs: the OPCC's name, what the viewer may navigate to, and
the languages the site offers (each in its own name, for the language switch)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.languages import html_lang, name_in
from crimeplan.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, object]:
    viewer = viewer_for(request.user)
    return {
        "opcc_name": name_in(
            get_language(), settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
        ),
        "contact_email": settings.CRIMEPLAN_CONTACT_EMAIL,
        "viewer": viewer,
        "service_navigation": navigation_for(viewer, request.path),
        "languages": [(code, name, html_lang(code)) for code, name in settings.LANGUAGES],
        "page_lang": html_lang(get_language() or settings.LANGUAGE_CODE),
    }
