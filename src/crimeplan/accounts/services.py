"""Changes to organisations and memberships. Each validates, saves and audits."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import archive_audited, audit_change, audited_change
from crimeplan.core.personal import personal_fields

from .constants import OPCC_ONLY_ROLES, OrganisationKind, Role
from .models import Membership, Organisation, User
from .permissions import Viewer, viewer_for

# What a partner editor may change about their own organisation.
CONTACT_FIELDS = ("email", "phone", "website", "address")
ADMIN_FIELDS = ("name", "kind", "district", *CONTACT_FIELDS)


def _require_admin(actor: Any) -> Viewer:
    viewer = viewer_for(actor)
    if not viewer.is_opcc_admin:
        raise PermissionDenied("Only an OPCC administrator can do this.")
    return viewer


def organisation_create(*, actor: Any, name: str, kind: str, **fields: Any) -> Organisation:
    _require_admin(actor)
    organisation = Organisation(
        name=name.strip(), kind=kind, slug=slugify(name)[:100], created_by=actor, **fields
    )
    return _save_new(organisation, actor=actor, summary_end="created")


def _save_new(organisation: Organisation, *, actor: Any, summary_end: str) -> Organisation:
    """Validates and saves a new organisation, and audits it ("Organisation X <summary_end>")."""
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit_change(
            actor=actor,
            instance=organisation,
            organisation_id=organisation.pk,
            summary=f"Organisation {organisation} {summary_end}",
        )
    return organisation


def grantee_create(*, actor: Any, name: str, district: Any = None, why: str) -> Organisation:
    """An organisation made by commissioning staff (not an administrator) for a grant to an
    applicant the Office has not worked with: named as the application names it, a voluntary
    sector provider, with no contact details (the application's contact is a person's, and
    stays on the application). The caller checks the actor may award; `why` says where it came
    from, for the audit trail."""
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"recipient": f"An organisation named {name} exists already: select it as the provider"}
        )
    base = slugify(name)[:90] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organisation = Organisation(
        name=name,
        kind=OrganisationKind.VOLUNTARY,
        slug=slug,
        district=district,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return _save_new(organisation, actor=actor, summary_end=f"created {why}")


def organisation_update(*, actor: Any, organisation: Organisation, **changes: Any) -> Organisation:
    """OPCC administrators change any field; a partner editor only their own contact details."""
    viewer = viewer_for(actor)
    allowed: tuple[str, ...]
    if viewer.is_opcc_admin:
        allowed = ADMIN_FIELDS
    elif viewer.has_role_in(organisation.pk, [Role.PARTNER_EDITOR]):
        allowed = CONTACT_FIELDS
    else:
        raise PermissionDenied("You cannot change this organisation.")
    refused = sorted(set(changes) - set(allowed))
    if refused:
        raise PermissionDenied(f"You cannot change: {', '.join(refused)}")
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        with audited_change(
            organisation,
            actor=actor,
            organisation_id=organisation.pk,
            only_if_changed=True,
        ) as change:
            for name, value in changes.items():
                setattr(organisation, name, value)
            organisation.full_clean()
            organisation.save()
            change.summary = f"Organisation {organisation} changed"
    return organisation


def organisation_archive(*, actor: Any, organisation: Organisation) -> Organisation:
    _require_admin(actor)
    with transaction.atomic():
        archive_audited(
            organisation,
            actor=actor,
            organisation_id=organisation.pk,
            summary=f"Organisation {organisation} archived",
        )
    return organisation


def _refuse_own_admin_removal(viewer: Viewer, membership: Membership) -> None:
    if membership.user_id == viewer.user_id and membership.role == Role.OPCC_ADMIN:
        raise ValidationError({"role": "You cannot remove your own administrator role."})


def _check_role_fits(organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role."})
    if role in OPCC_ONLY_ROLES and organisation.kind != OrganisationKind.OPCC:
        raise ValidationError({"role": f"{Role(role).label} is a role in the OPCC only."})


def membership_add(
    *, actor: Any, organisation: Organisation, email: str, full_name: str, role: str
) -> Membership:
    """Gives a person (made here if new, with no password until they reset it) a role."""
    _require_admin(actor)
    _check_role_fits(organisation, role)
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name.strip())
            # The trail names the account by its id: its e-mail and name are erased with it.
            audit_change(actor=actor, instance=user, summary=f"Account {user.pk} created")
        if Membership.objects.filter(
            user=user, organisation=organisation, role=role, ended_at__isnull=True
        ).exists():
            raise ValidationError({"role": f"{user} already has this role in {organisation}."})
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, created_by=actor
        )
        audit_change(
            actor=actor,
            action=AuditAction.ROLE_CHANGE,
            instance=membership,
            organisation_id=organisation.pk,
            summary=f"Account {user.pk} given the role {Role(role).label} in {organisation}",
        )
    return membership


def membership_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    viewer = _require_admin(actor)
    if role != Role.OPCC_ADMIN:
        _refuse_own_admin_removal(viewer, membership)
    _check_role_fits(membership.organisation, role)
    if membership.ended_at is not None:
        raise ValidationError({"role": "This membership has ended."})
    if membership.role == role:
        return membership
    with (
        transaction.atomic(),
        audited_change(
            membership,
            actor=actor,
            action=AuditAction.ROLE_CHANGE,
            organisation_id=membership.organisation_id,
            summary=f"Account {membership.user_id}'s role changed from "
            f"{Role(membership.role).label} to {Role(role).label}",
        ),
    ):
        membership.role = role
        membership.full_clean()
        membership.save()
    return membership


def membership_end(*, actor: Any, membership: Membership) -> Membership:
    _refuse_own_admin_removal(_require_admin(actor), membership)
    with (
        transaction.atomic(),
        audited_change(
            membership,
            actor=actor,
            action=AuditAction.ROLE_CHANGE,
            organisation_id=membership.organisation_id,
            summary=f"Account {membership.user_id}'s role {membership.get_role_display()} "
            f"in {membership.organisation} ended",
        ),
    ):
        membership.ended_at = timezone.now()
        membership.save()
    return membership


# Retention and erasure ---------------------------------------------------------------------

ERASED = "[erased]"


def erased_email(user: User) -> str:
    """What an erased account's e-mail becomes: unique, and deliverable to no one."""
    return f"erased-{user.pk}@erased.invalid"


@transaction.atomic
def account_erase(*, user: User, actor: Any, reason: str) -> list[str]:
    """Erases an account whose memberships have all ended: its name and e-mail (and the
    addresses and authenticators sign-in kept), so it can never sign in again. The records it
    made keep pointing at it by id; the audit trail keeps who did what. Refused while the
    account still holds a role."""
    if user.memberships.filter(ended_at__isnull=True).exists():
        raise ValidationError("This account still holds a role: end its memberships first.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email == erased_email(user):
        return []
    erased = [name for name in sorted(personal_fields(User)) if getattr(user, name)]
    with audited_change(
        user, actor=actor, summary=f"Account {user.pk}: personal details erased ({reason})"
    ):
        user.email = erased_email(user)
        user.full_name = ERASED
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.save()
        # What allauth keeps of the person: their addresses and their authenticator secrets.
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
    return [*erased, "password"]
