"""The JSON API answers as its OpenAPI schema says, for generated requests (schemathesis),
both for the anonymous public and for a signed-in partner."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():  # type: ignore[no-untyped-def]
    """schemathesis calls the WSGI application directly, and the end of each request would
    close the database connection the test's transaction lives on (as Django's own test
    client prevents); keep it open for the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def partner_session(reference: None, keep_connection: None) -> str:
    client = Client()
    client.force_login(member(Role.PARTNER_VIEWER, OrganisationFactory(kind=OrganisationKind.CSP)))
    return client.cookies["sessionid"].value


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_api_conforms_to_its_schema(case, partner_session: str) -> None:  # type: ignore[no-untyped-def]
    anonymous = case.call_and_validate()
    # Signed in, the same request must still answer as documented; the checks about
    # rejecting generated credentials do not apply to a real session.
    signed_in = case.call(cookies={"sessionid": partner_session})
    case.validate_response(
        signed_in,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
    if case.method == "GET" and case.path.endswith("/organisations"):
        assert (anonymous.status_code, signed_in.status_code) == (401, 200)
