"""The OPCC's staff list (names and e-mail addresses) is for those who manage its people:
volunteers and grant assessors belong to the OPCC organisation, yet see none of it."""

import csv
import io

import pytest
from django.urls import reverse

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db

APPOINTEES = [Role.VOLUNTEER, Role.GRANT_ASSESSOR]


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def _staff_emails(world: World) -> list[str]:
    return [world.people[role].email for role in OPCC_STAFF_ROLES]


@pytest.mark.parametrize("role", APPOINTEES)
def test_an_appointee_cannot_download_the_opcc_staff_list(client, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[role])
    url = reverse("accounts:organisation_members_export", kwargs={"pk": world.opcc.pk})
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", APPOINTEES)
def test_an_appointee_sees_the_opcc_page_without_its_staff(client, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[role])
    response = client.get(reverse("accounts:organisation_detail", kwargs={"pk": world.opcc.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert not [email for email in _staff_emails(world) if email in page]
    assert world.people[role].email in page  # their own membership, still
    assert "Download members" not in page


def test_an_appointees_home_page_still_names_their_role(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.VOLUNTEER])
    response = client.get(reverse("site:staff_home"))
    assert response.status_code == 200
    assert [m.role for m in response.context["memberships"]] == [Role.VOLUNTEER]


def test_the_administrator_downloads_the_opcc_staff_list(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_ADMIN])
    url = reverse("accounts:organisation_members_export", kwargs={"pk": world.opcc.pk})
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["email"] for r in rows) == sorted(
        [*_staff_emails(world), *(world.people[r].email for r in APPOINTEES)]
    )


def test_a_partner_viewer_sees_but_cannot_download_their_own_members(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_VIEWER])
    page = client.get(reverse("accounts:organisation_detail", kwargs={"pk": world.csp_own.pk}))
    assert world.own_membership.user.email in page.content.decode()
    url = reverse("accounts:organisation_members_export", kwargs={"pk": world.csp_own.pk})
    assert client.get(url).status_code == 403
