"""The project's URLs: each module's pages, mounted where its AppConfig says
(crimeplan.core.plugins), then allauth, the API and Django's admin."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from crimeplan.api import api
from crimeplan.core.plugins import url_mounts

# Django admin signs in through allauth, so the MFA step applies there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "crimeplan administration"

urlpatterns = [
    *(path(prefix, include(urls)) for _label, prefix, urls in url_mounts()),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
