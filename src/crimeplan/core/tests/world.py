"""A small world of organisations and one person per role, for permission tests."""

from dataclasses import dataclass

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, OrganisationKind, Role
from crimeplan.accounts.models import Membership, Organisation, User
from crimeplan.accounts.tests.factories import MembershipFactory, OrganisationFactory, member
from crimeplan.geography.models import District


@dataclass
class World:
    opcc: Organisation
    csp_own: Organisation
    csp_other: Organisation
    panel: Organisation
    people: dict[str, User]
    own_membership: Membership
    other_membership: Membership


def build_world() -> World:
    districts = {d.name: d for d in District.objects.all()}
    opcc = OrganisationFactory(name="Test OPCC", slug="test-opcc", kind=OrganisationKind.OPCC)
    csp_own = OrganisationFactory(
        name="Cheltenham CSP (test)",
        slug="cheltenham-csp-test",
        kind=OrganisationKind.CSP,
        district=districts.get("Cheltenham"),
    )
    csp_other = OrganisationFactory(
        name="Stroud CSP (test)",
        slug="stroud-csp-test",
        kind=OrganisationKind.CSP,
        district=districts.get("Stroud"),
    )
    panel = OrganisationFactory(
        name="Police and Crime Panel (test)", slug="panel-test", kind=OrganisationKind.PANEL
    )
    people: dict[str, User] = {}
    for role in Role:
        # Volunteers and grant assessors are appointed by the OPCC, not employed by a partner.
        if role in OPCC_STAFF_ROLES or role in {Role.VOLUNTEER, Role.GRANT_ASSESSOR}:
            organisation = opcc
        elif role == Role.PANEL_MEMBER:
            organisation = panel
        else:
            organisation = csp_own
        people[role] = member(role, organisation, email=f"{role}@example.org")
    own_membership = MembershipFactory(organisation=csp_own, role=Role.PARTNER_VIEWER)
    other_membership = MembershipFactory(organisation=csp_other, role=Role.PARTNER_EDITOR)
    return World(opcc, csp_own, csp_other, panel, people, own_membership, other_membership)
