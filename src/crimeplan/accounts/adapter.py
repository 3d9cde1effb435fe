"""allauth adapter: accounts are made by an OPCC administrator, never by self-registration;
sign-in limits count the client behind the trusted proxy, as the public forms' limits do."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from crimeplan.core.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """One rule for every limit (core.ratelimit.client_address), where allauth's own
        would answer a request with fewer X-Forwarded-For entries than proxies with an error."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
