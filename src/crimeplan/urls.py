from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from crimeplan.api import api

# Django admin signs in through allauth, so the MFA step applies there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "crimeplan administration"

urlpatterns = [
    path("", include("crimeplan.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("crimeplan.accounts.urls")),
    path("audit/", include("crimeplan.audit.urls")),
    path("forces/", include("crimeplan.geography.urls")),
    path("crime-data/", include("crimeplan.crime_data.urls")),
    path("performance/", include("crimeplan.performance.urls")),
    path("delivery/", include("crimeplan.delivery.urls")),
    path("asb-reviews/", include("crimeplan.asb_reviews.urls")),
    path("voice/", include("crimeplan.voice.urls")),
    path("", include("crimeplan.commissioning.urls")),
    path("scrutiny/", include("crimeplan.scrutiny.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
