"""The grants the OPCC publishes, in the 360Giving Data Standard (version 1.4): a JSON grant
package and the standard's one-table CSV, so that grant-data tools (GrantNav, 360Insights)
can read them beside every other UK funder's.

What is published is what the public list of grants shows: the award's title, amount, dates,
recipient organisation, fund and round, and area. Nothing an applicant typed beyond the
project's title goes out; the description is written from those facts.

Identifiers: a grant is `<prefix>-<award id>`, where the prefix is the Office's 360Giving
prefix (`CRIMEPLAN_360G_PREFIX`); a recipient organisation with no registered number is
`<prefix>-org-<its slug>`, as the standard's identifier guidance allows for organisations
known only to the funder; the Office is `CRIMEPLAN_FUNDER_ORG_ID`.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from crimeplan.core import exports

from .models import Award

STANDARD_VERSION = "1.4"
# The standard's one-table CSV template: its column titles, in its order, for what we fill.
CSV_COLUMNS = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Web Address",
    "Beneficiary Location:Name",
    "Beneficiary Location:Country Code",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "From an open call?",
    "Last modified",
    "Data Source",
)
# 360Giving's geoCodeType codelist: a local authority district.
LOCAL_AUTHORITY_DISTRICT = "LAD"


def grant_id(award: Award) -> str:
    return f"{settings.CRIMEPLAN_360G_PREFIX}-{award.pk}"


def _pounds(pence: int) -> float:
    return float(Decimal(pence) / 100)


# Said first of a demonstration award (`crimeplan load-demo`), as the page's "Fictional" tag.
FICTIONAL = "Fictional: demonstration data, not a real grant. "


def _description(award: Award) -> str:
    area = award.district.name if award.district else "the whole force area"
    amount = _pounds(award.amount_pence)
    return (
        f"{FICTIONAL if award.is_demo else ''}{award.title}: a grant of £{amount:,.2f} to "
        f"{award.recipient.name} from the {award.round.fund.name} fund ({award.round.name}) for "
        f"{area}, from {award.starts_on:%d %B %Y} to {award.ends_on:%d %B %Y}."
    )


def grant(award: Award, *, data_source: str = "") -> dict[str, Any]:
    """One award as a 360Giving grant."""
    recipient = award.recipient
    organisation: dict[str, Any] = {
        "id": f"{settings.CRIMEPLAN_360G_PREFIX}-org-{recipient.slug}",
        "name": recipient.name,
    }
    if recipient.website:
        organisation["url"] = recipient.website
    fund = award.round.fund
    record: dict[str, Any] = {
        "id": grant_id(award),
        "title": award.title,
        "description": _description(award),
        "currency": "GBP",
        "amountAwarded": _pounds(award.amount_pence),
        "awardDate": timezone.localdate(award.created_at).isoformat(),
        "plannedDates": [
            {"startDate": award.starts_on.isoformat(), "endDate": award.ends_on.isoformat()}
        ],
        "recipientOrganization": [organisation],
        "fundingOrganization": [
            {"id": settings.CRIMEPLAN_FUNDER_ORG_ID, "name": settings.CRIMEPLAN_OPCC_NAME}
        ],
        "grantProgramme": [
            {"code": f"{fund.slug}-{award.round.pk}", "title": f"{fund.name}: {award.round.name}"}
        ],
        "fromOpenCall": "Yes" if award.application_id else "No",
        "dateModified": award.updated_at.isoformat(timespec="seconds"),
    }
    if award.district:
        record["beneficiaryLocation"] = [
            {
                "name": award.district.name,
                "countryCode": "GB",
                "geoCode": award.district.code,
                "geoCodeType": LOCAL_AUTHORITY_DISTRICT,
            }
        ]
    if data_source:
        record["dataSource"] = data_source
    return record


def package(
    awards: Iterable[Award], *, as_at: datetime.date, access_url: str = "", download_url: str = ""
) -> dict[str, Any]:
    """A 360Giving grant package: the grants, with who published them, when and under what
    licence (the package's own fields carry the provenance every public download gives)."""
    grants = [grant(a, data_source=download_url) for a in awards]
    package_: dict[str, Any] = {
        "grants": grants,
        "version": STANDARD_VERSION,
        "title": f"Grants awarded by the {settings.CRIMEPLAN_OPCC_NAME}",
        "identifier": f"{settings.CRIMEPLAN_360G_PREFIX}-grants",
        "issued": as_at.isoformat(),
        "modified": as_at.isoformat(),
        "publisher": {
            "identifier": settings.CRIMEPLAN_FUNDER_ORG_ID,
            "name": settings.CRIMEPLAN_OPCC_NAME,
        },
        "license": exports.OGL_URL,
    }
    if access_url:
        package_["accessURL"] = access_url
    if download_url:
        package_["downloadURL"] = download_url
    return package_


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """A grant as a row of the standard's one-table CSV."""
    recipient = record["recipientOrganization"][0]
    funder = record["fundingOrganization"][0]
    programme = record["grantProgramme"][0]
    location = (record.get("beneficiaryLocation") or [{}])[0]
    return {
        "Identifier": record["id"],
        "Title": record["title"],
        "Description": record["description"],
        "Currency": record["currency"],
        "Amount Awarded": record["amountAwarded"],
        "Award Date": record["awardDate"],
        "Planned Dates:Start Date": record["plannedDates"][0]["startDate"],
        "Planned Dates:End Date": record["plannedDates"][0]["endDate"],
        "Recipient Org:Identifier": recipient["id"],
        "Recipient Org:Name": recipient["name"],
        "Recipient Org:Web Address": recipient.get("url", ""),
        "Beneficiary Location:Name": location.get("name", ""),
        "Beneficiary Location:Country Code": location.get("countryCode", ""),
        "Beneficiary Location:Geographic Code": location.get("geoCode", ""),
        "Beneficiary Location:Geographic Code Type": location.get("geoCodeType", ""),
        "Funding Org:Identifier": funder["id"],
        "Funding Org:Name": funder["name"],
        "Grant Programme:Code": programme["code"],
        "Grant Programme:Title": programme["title"],
        "From an open call?": record["fromOpenCall"],
        "Last modified": record["dateModified"],
        "Data Source": record.get("dataSource", ""),
    }
