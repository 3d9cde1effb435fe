"""The open-data feed: one JSON document that validates against its published schema, holds
every module's published figures (and nothing that names a person), and says its licence."""

import copy
import datetime
import json

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation
from crimeplan.accounts.tests.factories import member
from crimeplan.asb_reviews.figures import ALL_DISTRICTS, WHOLE_YEAR
from crimeplan.asb_reviews.tests.factories import submit_case
from crimeplan.complaint_reviews import selectors as complaint_selectors
from crimeplan.complaint_reviews.tests.factories import ComplaintReviewFactory
from crimeplan.core import exports, opendata
from crimeplan.performance import services as performance_services
from crimeplan.performance.tests.factories import saved_framework
from crimeplan.scrutiny.tests.factories import ICV_ROW, PublishedReportFactory
from crimeplan.victims_code.tests.factories import ReturningAgencyFactory, return_with_lines

pytestmark = pytest.mark.django_db

EXPECTED = {
    "asb_reviews.by_month",
    "complaint_reviews.by_quarter",
    "performance.measures",
    "scrutiny.custody_visits",
    "victims_code.compliance",
}


@pytest.fixture
def published(reference: None) -> dict:
    """A little of everything the feed carries, with personal details that must stay out."""
    today = timezone.localdate()
    submit_case(
        received_on=today - datetime.timedelta(days=20),
        applicant_name="Morgan Feedtest",
        applicant_email="morgan.feedtest@example.org",
    )
    ComplaintReviewFactory(
        received_on=today - datetime.timedelta(days=40), complainant_name="Robin Feedtest"
    )
    PublishedReportFactory(figures={"icv": [ICV_ROW]})
    # A published performance report, and a Victims' Code return of two quarters.
    record, _ = saved_framework("feed-test")
    performance_services.publish(actor=None, record=record, title="Report for the feed")
    agency = ReturningAgencyFactory(organisation__name="Crown Prosecution Service").organisation
    return_with_lines(agency, year=2025, quarter=2, lines=(("r01", 90, 70),))
    return_with_lines(agency, year=2025, quarter=3, lines=(("r01", 100, 80),))
    return {"names": ["Morgan Feedtest", "morgan.feedtest", "Robin Feedtest"]}


def _feed(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(reverse("site:open_data_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_feed_validates_against_its_schema(client, published: dict) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(client)
    validator = jsonschema.Draft202012Validator(opendata.schema())
    assert [e.message for e in validator.iter_errors(feed)] == []
    assert datetime.datetime.fromisoformat(feed["generated_at"]).tzinfo is not None
    assert feed["schema"].endswith(reverse("site:open_data_schema"))
    assert {d["id"] for d in feed["datasets"]} == EXPECTED


def test_the_schema_refuses_what_breaks_it(client, published: dict) -> None:  # type: ignore[no-untyped-def]
    """The validation above is not vacuous: the schema catches each kind of mistake."""
    feed = _feed(client)
    validator = jsonschema.Draft202012Validator(opendata.schema())
    jsonschema.Draft202012Validator.check_schema(opendata.schema())
    breakages = {
        "no source": lambda f: f["datasets"][0].pop("source"),
        "a date that is not one": lambda f: f["datasets"][0].update(as_at="31/03/2026"),
        "another licence": lambda f: f["about"].update(licence="All rights reserved"),
        "a value that is a list": lambda f: f["datasets"][0]["rows"].append({"a": [1]}),
        "an unknown field": lambda f: f.update(extra=1),
        "a column name with a space": lambda f: f["datasets"][0]["columns"].append("a b"),
    }
    for name, breaking in breakages.items():
        broken = copy.deepcopy(feed)
        breaking(broken)
        assert not validator.is_valid(broken), name


def test_the_feed_holds_the_published_figures_and_no_name(client, published: dict) -> None:  # type: ignore[no-untyped-def]
    feed = _feed(client)
    datasets = {d["id"]: d for d in feed["datasets"]}
    complaints = datasets["complaint_reviews.by_quarter"]
    # Figure by figure, the same as the page and the download show.
    assert complaints["rows"] == [
        {c: (None if row[c] == "" else row[c]) for c in complaints["columns"]}
        for row in complaint_selectors.quarterly_figures()
    ]
    asb = datasets["asb_reviews.by_month"]
    # Its description says how many years it covers, in words (a whole sentence to translate).
    years = {row["year"] for row in asb["rows"]}
    assert len(years) == 5 and "for the last five calendar years" in asb["description"]
    # One application, counted once among the months' rows of its district.
    assert (
        sum(
            r["applications_received"]
            for r in asb["rows"]
            if r["month"] != WHOLE_YEAR and r["district"] != ALL_DISTRICTS
        )
        == 1
    )
    visits = datasets["scrutiny.custody_visits"]["rows"]
    assert [(v["site"], v["visits"], v["weekend_share_percent"]) for v in visits] == [
        ("Compass House", 12, None)
    ]
    # Every dataset has rows here, so the schema test above read each kind of row.
    assert all(d["rows"] for d in feed["datasets"])
    measures = datasets["performance.measures"]
    assert {r["framework"] for r in measures["rows"]} == {"feed-test"}
    assert set(exports_columns := measures["columns"]) >= {"measure", "verdict", "target"}
    assert all(set(r) == set(exports_columns) for r in measures["rows"])
    compliance = datasets["victims_code.compliance"]["rows"]
    assert [
        (r["quarter"], r["eligible"], r["complied"])
        for r in compliance
        if r["agency"] == "Crown Prosecution Service"
    ] == [
        ("2025/26 Q3", 100, 80),
        ("2025/26 Q2", 90, 70),
    ]
    text = json.dumps(feed)
    assert not [name for name in published["names"] if name in text]
    # Figures worked out when asked for stand at today; published reports at their date.
    live = EXPECTED - {"performance.measures", "scrutiny.custody_visits"}
    assert {d["id"]: d["as_at"] for d in feed["datasets"] if d["id"] in live} == dict.fromkeys(
        live, timezone.localdate().isoformat()
    )


def test_the_feed_says_its_publisher_and_licence(client, published: dict, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_OPCC_NAME = "Office of the Police and Crime Commissioner for Gwent"
    settings.CRIMEPLAN_FORCE = "gwent"
    feed = _feed(client)
    assert feed["publisher"] == {"name": settings.CRIMEPLAN_OPCC_NAME, "force": "gwent"}
    assert feed["about"]["licence"] == exports.OGL
    assert feed["about"]["licence_url"] == exports.OGL_URL


def test_the_figures_are_worked_out_once_then_kept_a_while(  # type: ignore[no-untyped-def]
    client, published: dict, django_assert_max_num_queries
) -> None:
    _feed(client)
    with django_assert_max_num_queries(3):  # the session and the page; no dataset's tables
        client.get(reverse("site:open_data"))


def test_a_module_adds_its_datasets_by_declaring_them() -> None:
    declared = {f.__module__ for f in opendata.declared()}
    assert declared == {f"crimeplan.{d.split('.')[0]}.opendata" for d in EXPECTED}


def test_the_open_data_page_lists_each_dataset(client, published: dict) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("site:open_data"))
    assert response.status_code == 200
    page = response.content.decode()
    for dataset in opendata.datasets():
        assert dataset.title in page.replace("&#x27;", "'")
    assert reverse("site:open_data_feed") in page
    assert exports.OGL_URL in page


def test_signed_in_fetches_of_the_feed_are_audited_and_not_cached(client, published: dict) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.audit.constants import AuditAction
    from crimeplan.audit.models import AuditEvent

    opcc = Organisation.objects.create(name="The Office", slug="the-office", kind="opcc")
    client.force_login(member(Role.OPCC_ANALYST, opcc))
    response = client.get(reverse("site:open_data_feed"))
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert event.summary.startswith("Downloaded the open-data feed as JSON")
