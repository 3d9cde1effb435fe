"""The whole JSON API answers as its OpenAPI schema says, with every schemathesis check, for
generated requests (valid and invalid: year 0, huge ids, NUL bytes, long strings) from the
anonymous public, a signed-in partner and a signed-in OPCC administrator: never a server error,
never an undocumented status or body.

Hypothesis is derandomised and each operation's examples are capped, so CI sees the same
requests every run and the three tests take well under a minute together.
"""

from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# The session key of the member each test signs in. Fixed, because schemathesis builds some
# of its cases (the coverage phase's) when it collects the tests, before any fixture runs.
SESSIONS = {"partner": "p6-api-schema-partner-session", "opcc": "p6-api-schema-opcc-session"}
# Requests sent and server errors seen, by viewer (printed with `pytest -s`).
TALLY: Counter[str] = Counter()

HYPOTHESIS = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _MemberSession:
    """Signs each generated request in as the test's member (Django's session cookie), so
    that schemathesis knows the credentials are real: its auth checks then expect them to
    work, and expect the same request without them to be refused."""

    viewer = ""

    def get(self, case: Any, ctx: Any) -> str:
        return SESSIONS[self.viewer]

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.cookies = {**(case.cookies or {}), "sessionid": data}


class PartnerSession(_MemberSession):
    viewer = "partner"


class OpccSession(_MemberSession):
    viewer = "opcc"


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


def _signed_in(viewer: str, role: Role, kind: OrganisationKind) -> None:
    """A session, under the viewer's fixed key, holding what signing in would."""
    client = Client()
    client.force_login(member(role, OrganisationFactory(kind=kind)))
    Session.objects.create(
        session_key=SESSIONS[viewer],
        session_data=SessionStore().encode(dict(client.session.items())),
        expire_date=client.session.get_expiry_date(),
    )


@pytest.fixture
def partner_session(reference: None, keep_connection: None) -> None:
    _signed_in("partner", Role.PARTNER_VIEWER, OrganisationKind.CSP)


@pytest.fixture
def opcc_session(reference: None, keep_connection: None) -> None:
    _signed_in("opcc", Role.OPCC_ADMIN, OrganisationKind.OPCC)


def _call_and_validate(case: Any, viewer: str) -> None:
    """Every check schemathesis has (its default set is all of them), and a count."""
    TALLY[f"{viewer} requests"] += 1
    try:
        response = case.call_and_validate()
    except Exception:
        TALLY[f"{viewer} failures"] += 1
        raise
    TALLY[f"{viewer} {response.status_code // 100}xx"] += 1
    # The member's session really is sent: the directory answers a valid request with
    # their organisations, and the public with 401.
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if case.path.endswith("/organisations") and positive:
        assert response.status_code == (401 if viewer == "anonymous" else 200)


@pytest.fixture(scope="module", autouse=True)
def _report_tally():  # type: ignore[no-untyped-def]
    yield
    print(f"\nschemathesis: {dict(sorted(TALLY.items()))}")


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_api_conforms_for_the_public(case, reference: None, keep_connection: None) -> None:  # type: ignore[no-untyped-def]
    _call_and_validate(case, "anonymous")


@pytest.mark.django_db
@schema.auth.apply(PartnerSession, refresh_interval=None)
@schema.parametrize()
@HYPOTHESIS
def test_api_conforms_for_a_partner(case, partner_session: None) -> None:  # type: ignore[no-untyped-def]
    _call_and_validate(case, "partner")


@pytest.mark.django_db
@schema.auth.apply(OpccSession, refresh_interval=None)
@schema.parametrize()
@HYPOTHESIS
def test_api_conforms_for_the_opcc(case, opcc_session: None) -> None:  # type: ignore[no-untyped-def]
    _call_and_validate(case, "opcc")


def test_the_schema_bounds_every_path_parameter() -> None:
    """A path parameter without bounds is what let year 0 reach the ICV figures' date
    arithmetic: every integer has a minimum and a maximum, every string a length and pattern."""
    unbounded = []
    for path, item in schema.raw_schema["paths"].items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                spec = parameter.get("schema", {})
                if spec.get("type") == "integer":
                    bounded = "minimum" in spec and "maximum" in spec
                else:
                    bounded = "maxLength" in spec and "pattern" in spec
                if not bounded:
                    unbounded.append(f"{path} {parameter['name']}")
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/scrutiny/icv-figures/0", "greater than or equal to 2000"),
        ("/api/v1/scrutiny/icv-figures/10000", "less than or equal to 2100"),
        ("/api/v1/scrutiny/reports/99999999999999999999", "less than or equal to"),
        ("/api/v1/voice/surveys/%C2%B2%C2%B3%C2%B9%C2%B9/estimates", "valid integer"),
        ("/api/v1/performance/snapshots/plan/0", "greater than or equal to 1"),
        ("/api/v1/performance/snapshots/%00/1", "match pattern"),
        ("/api/v1/forces/" + "a" * 101, "at most 100 characters"),
        ("/api/v1/delivery/plans/a%00b/actions", "match pattern"),
    ],
)
def test_out_of_range_parameters_are_refused_with_a_clear_message(
    client, reference: None, url: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(Role.OPCC_ADMIN, OrganisationFactory(kind=OrganisationKind.OPCC)))
    response = client.get(url)
    assert response.status_code == 422, (url, response.status_code)
    assert message in response.json()["detail"][0]["msg"]
