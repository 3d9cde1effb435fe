import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crimeplan.accounts import services
from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Membership, User
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def test_organisation_change_records_before_and_after(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    services.organisation_update(
        actor=admin, organisation=world.csp_other, email="stroud@example.org", phone="01453 000000"
    )
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(world.csp_other.pk))
    assert event.actor == admin
    assert event.before["email"] == "" and event.after["email"] == "stroud@example.org"
    assert ("phone", "", "01453 000000") in event.changed_fields()
    # django-simple-history keeps the model's own history too.
    assert world.csp_other.history.count() == 2


def test_unchanged_save_writes_no_event(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    services.organisation_update(actor=admin, organisation=world.csp_other, email="")
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_partner_editor_cannot_rename(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=world.people[Role.PARTNER_EDITOR], organisation=world.csp_own, name="Renamed"
        )


def test_membership_add_creates_account_and_audits_role(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    membership = services.membership_add(
        actor=admin,
        organisation=world.csp_other,
        email="New@Example.org",
        full_name="New Person",
        role=Role.PARTNER_VIEWER,
    )
    user = User.objects.get(email="new@example.org")
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGE, object_id=str(membership.pk))
    assert event.before is None
    # The account by its id: its e-mail and name are personal and never enter the trail.
    assert {k: event.after[k] for k in ("user", "organisation", "role")} == {
        "user": user.pk,
        "organisation": world.csp_other.pk,
        "role": Role.PARTNER_VIEWER,
    }
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.User")
    assert {"email", "full_name"} <= set(created.changed)
    for kept in AuditEvent.objects.values_list(
        "object_label", "summary", "before", "after", "path"
    ):
        assert "new@example.org" not in str(kept) and "New Person" not in str(kept)


def test_opcc_roles_only_in_the_opcc(world: World) -> None:
    with pytest.raises(ValidationError, match="role in the OPCC only"):
        services.membership_add(
            actor=world.people[Role.OPCC_ADMIN],
            organisation=world.csp_own,
            email="a@example.org",
            full_name="A",
            role=Role.OPCC_ANALYST,
        )


def test_role_change_is_audited_with_before_and_after(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    services.membership_change_role(
        actor=admin, membership=world.other_membership, role=Role.PARTNER_VIEWER
    )
    event = AuditEvent.objects.get(
        action=AuditAction.ROLE_CHANGE, object_id=str(world.other_membership.pk)
    )
    assert (event.before["role"], event.after["role"]) == (Role.PARTNER_EDITOR, Role.PARTNER_VIEWER)


def test_only_admins_change_roles(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_change_role(
            actor=world.people[Role.OPCC_ANALYST],
            membership=world.other_membership,
            role=Role.PARTNER_VIEWER,
        )
    world.other_membership.refresh_from_db()
    assert world.other_membership.role == Role.PARTNER_EDITOR


def test_admin_cannot_remove_own_admin_role(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    with pytest.raises(ValidationError):
        services.membership_end(actor=admin, membership=admin.memberships.get())


def test_duplicate_active_role_refused(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    with pytest.raises(ValidationError, match="already has this role"):
        services.membership_add(
            actor=admin,
            organisation=world.csp_other,
            email=world.other_membership.user.email,
            full_name="x",
            role=Role.PARTNER_EDITOR,
        )
    assert Membership.objects.filter(user=world.other_membership.user).count() == 1


def test_organisation_create_and_archive(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    organisation = services.organisation_create(
        actor=admin, name="Neighbourhood Watch", kind=OrganisationKind.VOLUNTARY
    )
    services.organisation_archive(actor=admin, organisation=organisation)
    actions = list(
        AuditEvent.objects.filter(object_id=str(organisation.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == [AuditAction.ARCHIVE, AuditAction.CREATE]


def test_admin_pages_round_trip(client, world: World) -> None:
    """An administrator adds a member and changes the role through the pages."""
    client.force_login(world.people[Role.OPCC_ADMIN])
    response = client.post(
        f"/organisations/{world.csp_own.pk}/members/add/",
        {"email": "", "full_name": "", "role": "nonsense"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and 'href="#id_email"' in body and 'href="#id_role"' in body
    response = client.post(
        f"/organisations/{world.csp_own.pk}/members/add/",
        {"email": "kim@example.org", "full_name": "Kim", "role": Role.PARTNER_EDITOR},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="kim@example.org")
    client.post(
        f"/organisations/memberships/{membership.pk}/change/", {"role": Role.PARTNER_VIEWER}
    )
    membership.refresh_from_db()
    assert membership.role == Role.PARTNER_VIEWER
    client.post(f"/organisations/memberships/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_the_roles_the_service_knows() -> None:
    assert [role.label for role in Role] == [
        "OPCC administrator",
        "OPCC analyst",
        "OPCC policy officer",
        "OPCC commissioning officer",
        "ASB Case Review co-ordinator",
        "Volunteer co-ordinator",
        "Partner editor",
        "Partner viewer",
        "Panel member (read-only)",
        "Independent volunteer (custody or animal welfare visitor)",
        "Grant assessment panel member",
    ]


def test_archived_organisation_gives_its_members_no_access(client, world: World) -> None:
    services.organisation_archive(actor=world.people[Role.OPCC_ADMIN], organisation=world.csp_own)
    client.force_login(world.people[Role.PARTNER_EDITOR])
    assert client.get("/organisations/").status_code == 403


@pytest.mark.parametrize("role", [Role.ASB_COORDINATOR, Role.VOLUNTEER_COORDINATOR])
def test_roles_that_see_everything_are_given_only_in_the_opcc(world: World, role: str) -> None:
    with pytest.raises(ValidationError, match="role in the OPCC only"):
        services.membership_add(
            actor=world.people[Role.OPCC_ADMIN],
            organisation=world.csp_own,
            email="x@example.org",
            full_name="X",
            role=role,
        )


def test_admin_cannot_demote_themselves(world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    with pytest.raises(ValidationError, match="your own administrator role"):
        services.membership_change_role(
            actor=admin, membership=admin.memberships.get(), role=Role.OPCC_ANALYST
        )
