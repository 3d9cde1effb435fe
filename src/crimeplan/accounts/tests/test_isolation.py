"""A partner of one district cannot read, list, export or change another district's records."""

import pytest
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def editor_client(client, world: World):  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_EDITOR])
    return client


def test_list_shows_only_own_organisation(editor_client, world: World) -> None:
    response = editor_client.get(reverse("accounts:organisation_list"))
    names = [o.name for o in response.context["page"]]
    assert names == [world.csp_own.name]
    assert world.csp_other.name not in response.content.decode()


def test_other_organisation_detail_is_not_found(editor_client, world: World) -> None:
    response = editor_client.get(
        reverse("accounts:organisation_detail", kwargs={"pk": world.csp_other.pk})
    )
    assert response.status_code == 404
    assert world.other_membership.user.email not in response.content.decode()


def test_guessing_ids_reveals_nothing(editor_client, world: World) -> None:
    """Every id other than the editor's own organisation answers 404 alike, existing or not."""
    own = world.csp_own.pk
    highest = Organisation.objects.order_by("-pk").first().pk  # type: ignore[union-attr]
    for pk in range(1, highest + 5):
        status = editor_client.get(
            reverse("accounts:organisation_detail", kwargs={"pk": pk})
        ).status_code
        assert status == (200 if pk == own else 404), pk


def test_export_of_other_organisation_is_refused(editor_client, world: World) -> None:
    response = editor_client.get(
        reverse("accounts:organisation_members_export", kwargs={"pk": world.csp_other.pk})
    )
    assert response.status_code == 404


def test_own_export_holds_only_own_members(editor_client, world: World) -> None:
    response = editor_client.get(
        reverse("accounts:organisation_members_export", kwargs={"pk": world.csp_own.pk})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert world.own_membership.user.email in body
    assert world.other_membership.user.email not in body
    assert world.people[Role.OPCC_ADMIN].email not in body


def test_change_of_other_organisation_is_refused_and_nothing_changes(
    editor_client, world: World
) -> None:
    url = reverse("accounts:organisation_edit", kwargs={"pk": world.csp_other.pk})
    response = editor_client.post(
        url, {"email": "hijack@example.org", "phone": "", "website": "", "address": ""}
    )
    assert response.status_code == 404
    world.csp_other.refresh_from_db()
    assert world.csp_other.email == ""


def test_editor_changes_own_contact_details_but_not_name(editor_client, world: World) -> None:
    url = reverse("accounts:organisation_edit", kwargs={"pk": world.csp_own.pk})
    response = editor_client.post(
        url,
        {
            "name": "Renamed",
            "email": "csp@example.org",
            "phone": "01452 000000",
            "website": "",
            "address": "1 High Street",
        },
    )
    assert response.status_code == 302
    world.csp_own.refresh_from_db()
    assert world.csp_own.email == "csp@example.org"
    assert world.csp_own.name == "Cheltenham CSP (test)"


def test_viewer_cannot_change_own_organisation(client, world: World) -> None:
    client.force_login(world.people[Role.PARTNER_VIEWER])
    url = reverse("accounts:organisation_edit", kwargs={"pk": world.csp_own.pk})
    assert client.post(url, {"email": "x@example.org"}).status_code == 403


def test_api_lists_only_own_organisation(editor_client, world: World) -> None:
    response = editor_client.get("/api/v1/organisations")
    assert [o["name"] for o in response.json()] == [world.csp_own.name]


def test_ended_membership_sees_nothing(client, world: World) -> None:
    from crimeplan.accounts.services import membership_end

    editor = world.people[Role.PARTNER_EDITOR]
    membership = editor.memberships.get()
    membership_end(actor=world.people[Role.OPCC_ADMIN], membership=membership)
    client.force_login(editor)
    assert client.get(reverse("accounts:organisation_list")).status_code == 403
