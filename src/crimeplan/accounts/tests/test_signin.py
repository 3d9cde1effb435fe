"""Signing in through allauth: password, then the authenticator code; throttling; expiry."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import PASSWORD, OrganisationFactory, has_totp, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def analyst():  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    return member(Role.OPCC_ANALYST, opcc, email="analyst@example.org")


def test_password_then_authenticator_code(client, analyst) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("account_login"), {"login": analyst.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not yet signed in: staff pages still send the person to sign in.
    assert client.get(reverse("site:staff_home")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(analyst.totp_secret)})
    assert response.status_code == 302
    assert client.get(reverse("site:staff_home")).status_code == 200


def test_staff_without_authenticator_must_set_one_up(client) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    user = member(Role.OPCC_POLICY, opcc, totp=False)
    assert not has_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("accounts:organisation_list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert has_totp(user)
    assert client.get(reverse("accounts:organisation_list")).status_code == 200


def test_repeated_failed_sign_ins_are_throttled(client, analyst) -> None:  # type: ignore[no-untyped-def]
    throttled = "Too many failed login attempts"
    pages = [
        client.post(
            reverse("account_login"), {"login": analyst.email, "password": "wrong password"}
        )
        for _ in range(6)
    ]
    assert [throttled in page.content.decode() for page in pages] == [False] * 5 + [True]
    # Even the right password is refused while the throttle lasts.
    response = client.post(reverse("account_login"), {"login": analyst.email, "password": PASSWORD})
    assert response.status_code == 200
    assert throttled in response.content.decode()
    assert client.get(reverse("site:staff_home")).status_code == 302


def test_sessions_expire(client, analyst) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("account_login"), {"login": analyst.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code(analyst.totp_secret)})
    assert client.session.get_expire_at_browser_close()
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_nobody_can_sign_up(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("account_signup"),
        {"email": "me@example.org", "password1": "x" * 20, "password2": "x" * 20},
    )
    from crimeplan.accounts.models import User

    assert not User.objects.filter(email="me@example.org").exists()
    assert response.status_code in {200, 403}
    assert "Sign Up Closed" in response.content.decode() or response.status_code == 403


def test_django_admin_sign_in_goes_through_allauth(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/django-admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
