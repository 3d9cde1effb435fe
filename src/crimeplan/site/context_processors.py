"""Template context every page needs: the OPCC's name and what the viewer may navigate to."""

from django.conf import settings
from django.http import HttpRequest

from crimeplan.accounts.permissions import viewer_for
from crimeplan.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, object]:
    viewer = viewer_for(request.user)
    return {
        "opcc_name": settings.CRIMEPLAN_OPCC_NAME,
        "contact_email": settings.CRIMEPLAN_CONTACT_EMAIL,
        "viewer": viewer,
        "service_navigation": navigation_for(viewer, request.path),
    }
