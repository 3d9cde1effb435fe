"""What each viewer may see of organisations and memberships."""

from django.db.models import Q, QuerySet

from .models import Membership, Organisation
from .permissions import Viewer, organisations_whose_people_are_seen, restrict_to_viewer


def organisation_list(*, viewer: Viewer, include_archived: bool = False) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("district")
    if not include_archived:
        organisations = organisations.filter(archived_at__isnull=True)
    return restrict_to_viewer(organisations, viewer, owner_field="pk")


def membership_list(
    *, viewer: Viewer, organisation: Organisation | None = None
) -> QuerySet[Membership]:
    memberships = Membership.objects.select_related("user", "organisation").filter(
        ended_at__isnull=True
    )
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    visible = restrict_to_viewer(memberships, viewer, owner_field="organisation")
    if viewer.is_opcc_staff:
        return visible
    # A volunteer or grant assessor belongs to the OPCC but sees only their own membership of
    # it, never its staff list.
    return visible.filter(
        Q(organisation_id__in=organisations_whose_people_are_seen(viewer))
        | Q(user_id=viewer.user_id)
    )


def shows_organisations(viewer: Viewer) -> bool:
    """The "Organisations" menu entry: every member."""
    return viewer.is_member
