"""allauth adapter: accounts are made by an OPCC administrator, never by self-registration;
sign-in limits count the client's network behind the trusted proxy, as the public forms'
limits do."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from crimeplan.core.ratelimit import client_address, network_of


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The network (IPv4 /24, IPv6 /48) allauth's sign-in limits count, found by one rule
        for every limit (core.ratelimit.client_address), where allauth's own would answer a
        request with fewer X-Forwarded-For entries than proxies with an error. Never the
        address itself: allauth keys its counters on this, and without Redis they are rows of
        the database cache."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return network_of(address)
