"""Demonstration organisations and one person per role, for `crimeplan load-demo`.

Passwords and authenticator secrets are random, made once per installation and kept in
var/demo-credentials.json (never in the repository), so the demo has no default secret.
"""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from crimeplan.geography.models import District

from .constants import OrganisationKind, Role
from .models import Membership, Organisation, User


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    organisation: str
    role: Role


def _district_organisations() -> list[tuple[str, str, str | None]]:
    rows: list[tuple[str, str, str | None]] = []
    for district in District.objects.filter(force__police_uk_id=settings.CRIMEPLAN_FORCE):
        rows.append(
            (
                f"{district.name} Borough Council"
                if district.name in {"Cheltenham", "Gloucester", "Tewkesbury"}
                else f"{district.name} District Council",
                OrganisationKind.DISTRICT_COUNCIL,
                district.code,
            )
        )
        rows.append(
            (f"{district.name} Community Safety Partnership", OrganisationKind.CSP, district.code)
        )
    return rows


def demo_organisations() -> list[tuple[str, str, str | None]]:
    area = settings.CRIMEPLAN_FORCE.replace("-", " ").title()
    return [
        (settings.CRIMEPLAN_OPCC_NAME, OrganisationKind.OPCC, None),
        (f"{area} Constabulary", OrganisationKind.CONSTABULARY, None),
        (f"{area} County Council", OrganisationKind.COUNTY_COUNCIL, None),
        *_district_organisations(),
        (f"{area} Fire and Rescue Service", OrganisationKind.FIRE_RESCUE, None),
        (f"{area} Integrated Care Board", OrganisationKind.ICB, None),
        (f"Probation Service ({area})", OrganisationKind.PROBATION, None),
        (f"{area} Youth Support Service", OrganisationKind.YOUTH_SUPPORT, None),
        ("Victim Support (demonstration provider)", OrganisationKind.VOLUNTARY, None),
        ("Safe Streets Trust (fictional provider)", OrganisationKind.VOLUNTARY, None),
        (f"{area} Police and Crime Panel", OrganisationKind.PANEL, None),
    ]


def demo_people() -> list[DemoPerson]:
    opcc = settings.CRIMEPLAN_OPCC_NAME
    area = settings.CRIMEPLAN_FORCE.replace("-", " ").title()
    csps = [name for name, kind, _ in _district_organisations() if kind == OrganisationKind.CSP]
    first_csp = csps[0] if csps else opcc
    second_csp = csps[-1] if csps else opcc
    return [
        DemoPerson("admin@opcc.example", "Alex Admin", opcc, Role.OPCC_ADMIN),
        DemoPerson("analyst@opcc.example", "Ana Lyst", opcc, Role.OPCC_ANALYST),
        DemoPerson("policy@opcc.example", "Pat Policy", opcc, Role.OPCC_POLICY),
        DemoPerson(
            "commissioning@opcc.example", "Chris Commissioner", opcc, Role.OPCC_COMMISSIONING
        ),
        DemoPerson("asb@opcc.example", "Ash Review", opcc, Role.ASB_COORDINATOR),
        DemoPerson("volunteers@opcc.example", "Vic Volunteer", opcc, Role.VOLUNTEER_COORDINATOR),
        DemoPerson("assessor@opcc.example", "Gus Assessor", opcc, Role.GRANT_ASSESSOR),
        DemoPerson("icv@opcc.example", "Ivy Visitor (fictional)", opcc, Role.VOLUNTEER),
        DemoPerson("editor@csp.example", "Eddie Editor", first_csp, Role.PARTNER_EDITOR),
        DemoPerson("viewer@csp.example", "Val Viewer", second_csp, Role.PARTNER_VIEWER),
        DemoPerson(
            "panel@panel.example",
            "Penny Panel",
            f"{area} Police and Crime Panel",
            Role.PANEL_MEMBER,
        ),
    ]


def _credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


def demo_credentials() -> dict[str, dict[str, str]]:
    path = _credentials_file()
    if path.exists():
        return json.loads(path.read_text())
    return {}


def _save_credentials(credentials: dict[str, dict[str, str]]) -> None:
    path = _credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credentials, indent=2))
    path.chmod(0o600)


@transaction.atomic
def load() -> list[str]:
    """`crimeplan load-demo`'s first step (crimeplan.core.plugins): the demonstration
    organisations and people, and lines telling how to sign in as each."""
    lines = [
        f"Sign in at {settings.CRIMEPLAN_BASE_URL}/accounts/login/ as one of "
        "(e-mail, password, role):"
    ]
    for person, creds in load_people():
        lines.append(f"  {person.email:<28} {creds['password']:<18} {person.role.label}")
    return [
        *lines,
        "",
        "Staff sign in with an authenticator code too. Either add the account's secret (in",
        "var/demo-credentials.json) to an authenticator app, or print the current code with:",
        "  .venv/bin/crimeplan demo-totp admin@opcc.example",
    ]


def load_people() -> list[tuple[DemoPerson, dict[str, str]]]:
    districts = {d.code: d for d in District.objects.all()}
    for name, kind, district_code in demo_organisations():
        Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "slug": slugify(name)[:100],
                "is_demo": True,
                "district": districts.get(district_code) if district_code else None,
            },
        )
    credentials = demo_credentials()
    loaded = []
    for person in demo_people():
        creds = credentials.get(person.email) or {
            "password": secrets.token_urlsafe(12),
            "totp_secret": generate_totp_secret(),
        }
        credentials[person.email] = creds
        user, created = User.objects.get_or_create(
            email=person.email, defaults={"full_name": person.full_name}
        )
        if created or not user.check_password(creds["password"]):
            user.set_password(creds["password"])
            user.save()
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, creds["totp_secret"])
        organisation = Organisation.objects.get(name=person.organisation)
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=person.role, ended_at__isnull=True
        )
        loaded.append((person, creds))
    _save_credentials(credentials)
    return loaded
