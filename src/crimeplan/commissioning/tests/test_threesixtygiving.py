"""The published grants in the 360Giving Data Standard, JSON and CSV.

360Giving's own schema file is not on any package registry this project installs from, so the
test cannot load it; `STANDARD` below states the standard's rules for a grant package (version
1.4) as its documentation gives them: the required fields of a grant, their types and formats,
the "360G-" prefix of a grant identifier, at least one recipient and one funding organisation,
each with an identifier and a name. The JSON is validated against that, field by field.
"""

import csv
import datetime
import io
import json

import jsonschema
import pytest
from django.urls import reverse

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning import threesixtygiving
from crimeplan.commissioning.constants import FundKind
from crimeplan.commissioning.models import Award
from crimeplan.commissioning.tests.factories import ApplicationFactory, FundFactory, RoundFactory
from crimeplan.core import exports
from crimeplan.geography.models import District

pytestmark = pytest.mark.django_db

DATE = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"}
ORGANISATION = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string", "minLength": 1}, "name": {"type": "string"}},
}
STANDARD = {
    "type": "object",
    "required": ["grants"],
    "properties": {
        "grants": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "title",
                    "description",
                    "currency",
                    "amountAwarded",
                    "awardDate",
                    "recipientOrganization",
                    "fundingOrganization",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": "^360G-"},
                    "title": {"type": "string", "maxLength": 140},
                    "description": {"type": "string", "minLength": 1},
                    "currency": {"enum": ["GBP"]},
                    "amountAwarded": {"type": "number"},
                    "awardDate": DATE,
                    "plannedDates": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["startDate"],
                            "properties": {"startDate": DATE, "endDate": DATE},
                        },
                    },
                    "recipientOrganization": {
                        "type": "array",
                        "minItems": 1,
                        "items": ORGANISATION,
                    },
                    "fundingOrganization": {"type": "array", "minItems": 1, "items": ORGANISATION},
                    "beneficiaryLocation": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "countryCode": {"enum": ["GB"]},
                                "geoCodeType": {"enum": ["LAD"]},
                            },
                        },
                    },
                    "grantProgramme": {
                        "type": "array",
                        "items": {"type": "object", "required": ["code"]},
                    },
                    "fromOpenCall": {"enum": ["Yes", "No"]},
                    "dateModified": {"type": "string"},
                },
            },
        },
        "version": {"type": "string", "pattern": "^(\\d+\\.)(\\d+)$"},
        "publisher": {"type": "object", "required": ["name"]},
        "license": {"type": "string"},
    },
}


@pytest.fixture
def awards(reference: None) -> dict[str, Award]:
    recipient = OrganisationFactory(name="Cheltenham Youth Trust", website="https://cyt.example")
    application = ApplicationFactory(contact_name="Sam Secretperson")
    local = RoundFactory(fund=FundFactory(name="Community Safety Fund", kind=FundKind.LOCAL))
    national = RoundFactory(fund=FundFactory(name="Safer Streets", kind=FundKind.NATIONAL))
    common = {
        "recipient": recipient,
        "starts_on": datetime.date(2025, 4, 1),
        "ends_on": datetime.date(2026, 3, 31),
    }
    return {
        "district": Award.objects.create(
            round=local,
            application=application,
            title="Street outreach",
            amount_pence=1_234_567,
            district=District.objects.get(name="Cheltenham"),
            **common,
        ),
        "county": Award.objects.create(
            round=local, title="County helpline", amount_pence=500_000, **common
        ),
        "unpublished": Award.objects.create(
            round=local, title="Not yet announced", amount_pence=100, published=False, **common
        ),
        "national": Award.objects.create(
            round=national, title="Home Office bid", amount_pence=100, **common
        ),
    }


def _json(client) -> dict:  # type: ignore[no-untyped-def]
    url = reverse("commissioning:public_grants_360", kwargs={"file_format": "json"})
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_package_meets_the_standards_rules(client, awards: dict[str, Award]) -> None:  # type: ignore[no-untyped-def]
    package = _json(client)
    validator = jsonschema.Draft7Validator(STANDARD)
    assert [e.message for e in validator.iter_errors(package)] == []
    assert package["version"] == "1.4"
    assert package["license"] == exports.OGL_URL


def test_the_rules_are_not_vacuous(client, awards: dict[str, Award]) -> None:  # type: ignore[no-untyped-def]
    package = _json(client)
    validator = jsonschema.Draft7Validator(STANDARD)
    for breaking in (
        lambda g: g.pop("description"),
        lambda g: g.update(id="GB-1"),
        lambda g: g.update(amountAwarded="£12,345.67"),
        lambda g: g.update(awardDate="1 April 2025"),
        lambda g: g.update(recipientOrganization=[]),
        lambda g: g["fundingOrganization"][0].pop("id"),
    ):
        broken = json.loads(json.dumps(package))
        breaking(broken["grants"][0])
        assert not validator.is_valid(broken)


def test_only_published_local_grants_go_out_with_their_facts(  # type: ignore[no-untyped-def]
    client, awards: dict[str, Award], settings
) -> None:
    settings.CRIMEPLAN_360G_PREFIX = "360G-opccglos"
    settings.CRIMEPLAN_FUNDER_ORG_ID = "GB-GOR-PC000001"
    grants = {g["title"]: g for g in _json(client)["grants"]}
    assert set(grants) == {"Street outreach", "County helpline"}
    street = grants["Street outreach"]
    assert street["id"] == f"360G-opccglos-{awards['district'].pk}"
    assert street["amountAwarded"] == 12345.67
    assert street["plannedDates"] == [{"startDate": "2025-04-01", "endDate": "2026-03-31"}]
    assert street["recipientOrganization"] == [
        {
            "id": f"360G-opccglos-org-{awards['district'].recipient.slug}",
            "name": "Cheltenham Youth Trust",
            "url": "https://cyt.example",
        }
    ]
    assert street["fundingOrganization"] == [
        {"id": "GB-GOR-PC000001", "name": settings.CRIMEPLAN_OPCC_NAME}
    ]
    cheltenham = District.objects.get(name="Cheltenham")
    assert street["beneficiaryLocation"] == [
        {
            "name": "Cheltenham",
            "countryCode": "GB",
            "geoCode": cheltenham.code,
            "geoCodeType": "LAD",
        }
    ]
    assert street["fromOpenCall"] == "Yes"
    assert "beneficiaryLocation" not in grants["County helpline"]
    assert grants["County helpline"]["fromOpenCall"] == "No"


def test_nothing_an_applicant_gave_about_a_person_goes_out(  # type: ignore[no-untyped-def]
    client, awards: dict[str, Award]
) -> None:
    text = json.dumps(_json(client))
    application = awards["district"].application
    assert application is not None
    assert application.contact_name not in text
    assert application.contact_email not in text
    assert application.project_summary not in text


def test_the_csv_is_the_standards_one_table_with_the_same_grants(  # type: ignore[no-untyped-def]
    client, awards: dict[str, Award]
) -> None:
    package = _json(client)
    url = reverse("commissioning:public_grants_360", kwargs={"file_format": "csv"})
    content = client.get(url).content.decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert tuple(header) == (*threesixtygiving.CSV_COLUMNS, *exports.ABOUT_COLUMNS)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == {g["id"] for g in package["grants"]}
    for grant in package["grants"]:
        row = by_id[grant["id"]]
        assert row["Title"] == grant["title"]
        assert float(row["Amount Awarded"]) == grant["amountAwarded"]
        assert row["Recipient Org:Identifier"] == grant["recipientOrganization"][0]["id"]
        assert row["Funding Org:Name"] == grant["fundingOrganization"][0]["name"]
        assert row["about_licence"].startswith(exports.OGL)


def test_the_public_grants_page_links_both_files(client, awards: dict[str, Award]) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("commissioning:public_grants")).content.decode()
    for file_format in ("json", "csv"):
        url = reverse("commissioning:public_grants_360", kwargs={"file_format": file_format})
        assert url in page


def test_with_no_grant_published_there_is_no_file_and_no_link(client, reference: None) -> None:  # type: ignore[no-untyped-def]
    """The standard has no empty package (a package holds at least one grant)."""
    url = reverse("commissioning:public_grants_360", kwargs={"file_format": "json"})
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("commissioning:public_grants")).content.decode()


def test_a_demonstration_grant_says_it_is_fictional(client, awards: dict[str, Award]) -> None:  # type: ignore[no-untyped-def]
    awards["county"].is_demo = True
    awards["county"].save()
    grants = {g["title"]: g for g in _json(client)["grants"]}
    assert grants["County helpline"]["description"].startswith(threesixtygiving.FICTIONAL)
    assert not grants["Street outreach"]["description"].startswith(threesixtygiving.FICTIONAL)
