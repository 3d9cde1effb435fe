"""The pages: the public form (errors keep what was typed, honeypot, rate limit, the
acknowledgement), who sees which case, the audit of every view, figures and letters."""

import csv
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews import services
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview
from crimeplan.audit.models import AuditEvent
from crimeplan.geography.models import District

from .factories import RECEIVED, case_at, submit_case

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture(autouse=True)
def _clear_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def application_post(**changes: str) -> dict[str, str]:
    data = {
        "applicant_relationship": "victim",
        "victim_kind": "person",
        "applicant_name": "Sam Example",
        "contact_preference": "email",
        "applicant_email": "sam@example.org",
        "district": str(District.objects.get(name="Gloucester").pk),
        "location": "Bus station",
        "description": "Shouting and threats every night.",
        "hate_motivated": "no",
        "ongoing": "yes",
        "impact": "Frightened.",
        "outcome_sought": "Patrols.",
        "consent_to_share": "on",
        "incident-TOTAL_FORMS": "4",
        "incident-INITIAL_FORMS": "0",
        "incident-MIN_NUM_FORMS": "0",
        "incident-MAX_NUM_FORMS": "20",
        "incident-0-occurred_on": "01/03/2024",
        "incident-0-reported_on": "02/03/2024",
        "incident-0-reported_to": "police",
        "incident-1-occurred_on": "10/03/2024",
        "incident-1-reported_on": "10/03/2024",
        "incident-1-reported_to": "council",
        "incident-1-agency_reference": "GC-123",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_public_application_end_to_end(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("asb_reviews:apply"), application_post())
    assert response.status_code == 302
    case = CaseReview.objects.get()
    assert (case.channel, case.district.name, case.incidents.count()) == ("web", "Gloucester", 2)
    assert case.created_by is None
    done = client.get(response["Location"])
    assert case.reference in done.content.decode()
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert case.reference in mail.outbox[0].subject


def test_errors_keep_what_was_typed_and_store_nothing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("asb_reviews:apply"),
        application_post(consent_to_share="", **{"incident-1-reported_on": "01/03/2024"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Agree that we may share" in page
    assert "Report 2: The date you reported it must be on or after it happened" in page
    assert 'value="Sam Example"' in page and "Shouting and threats every night." in page
    assert not CaseReview.objects.exists()
    assert mail.outbox == []


def test_honeypot_keeps_nothing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("asb_reviews:apply"), application_post(website="http://spam"))
    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    assert not CaseReview.objects.exists()


def test_rate_limit(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_ASB_APPLICATIONS_PER_HOUR = 2
    url = reverse("asb_reviews:apply")
    statuses = [client.post(url, application_post()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert CaseReview.objects.count() == 2


def test_staff_record_a_phone_application(client) -> None:  # type: ignore[no-untyped-def]
    coordinator = member(Role.ASB_COORDINATOR, OrganisationFactory(kind=OrganisationKind.OPCC))
    client.force_login(coordinator)
    response = client.post(
        reverse("asb_reviews:case_create"),
        application_post(channel="phone", received_on="02/04/2024", applicant_email=""),
    )
    assert response.status_code == 200  # e-mail preferred but none given
    assert "Enter an e-mail address, as that is how" in response.content.decode()
    response = client.post(
        reverse("asb_reviews:case_create"),
        application_post(
            channel="phone",
            received_on="02/04/2024",
            contact_preference="phone",
            applicant_email="",
            applicant_phone="01234 567890",
        ),
    )
    case = CaseReview.objects.get()
    assert response["Location"] == reverse("asb_reviews:case_detail", kwargs={"pk": case.pk})
    assert (case.channel, case.created_by, str(case.received_on)) == (
        "phone",
        coordinator,
        "2024-04-02",
    )


def test_a_body_invited_to_one_case_cannot_see_another(client) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    housing = OrganisationFactory(kind=OrganisationKind.VOLUNTARY, name="Homes Trust")
    invited = submit_case(district_name="Stroud")
    other = submit_case(district_name="Stroud")
    services.body_invite(actor=coordinator, case=invited, organisation=housing, on=RECEIVED)
    client.force_login(member(Role.PARTNER_VIEWER, housing))
    assert (
        client.get(reverse("asb_reviews:case_detail", kwargs={"pk": invited.pk})).status_code == 200
    )
    assert (
        client.get(reverse("asb_reviews:case_detail", kwargs={"pk": other.pk})).status_code == 404
    )
    listing = client.get(reverse("asb_reviews:case_list")).content.decode()
    assert invited.reference in listing and other.reference not in listing


def test_a_csp_sees_only_its_district(client) -> None:  # type: ignore[no-untyped-def]
    csp = OrganisationFactory(
        kind=OrganisationKind.CSP, district=District.objects.get(name="Stroud")
    )
    stroud = submit_case(district_name="Stroud")
    cheltenham = submit_case(district_name="Cheltenham")
    client.force_login(member(Role.PARTNER_EDITOR, csp))
    listing = client.get(reverse("asb_reviews:case_list")).content.decode()
    assert stroud.reference in listing and cheltenham.reference not in listing


def test_every_view_of_a_case_is_audited(client) -> None:  # type: ignore[no-untyped-def]
    coordinator = member(Role.ASB_COORDINATOR, OrganisationFactory(kind=OrganisationKind.OPCC))
    case = submit_case()
    client.force_login(coordinator)
    client.get(reverse("asb_reviews:case_detail", kwargs={"pk": case.pk}))
    client.get(reverse("asb_reviews:case_detail", kwargs={"pk": case.pk}))
    views = AuditEvent.objects.filter(action="view", object_id=str(case.pk), actor=coordinator)
    assert views.count() == 2


def test_threshold_page_explains_and_records_an_override(client) -> None:  # type: ignore[no-untyped-def]
    coordinator = member(Role.ASB_COORDINATOR, OrganisationFactory(kind=OrganisationKind.OPCC))
    case = case_at(Status.THRESHOLD_CHECK, coordinator=coordinator)
    client.force_login(coordinator)
    url = reverse("asb_reviews:case_threshold", kwargs={"pk": case.pk})
    page = client.get(url).content.decode()
    assert "The area&#x27;s rule says the threshold is met" in page
    response = client.post(url, {"met": "no", "on": "20/04/2024"})
    assert "Give the reason for deciding differently" in response.content.decode()
    response = client.post(url, {"met": "no", "on": "20/04/2024", "override_reason": "Duplicates."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.threshold_override_reason) == (
        Status.THRESHOLD_NOT_MET,
        "Duplicates.",
    )


def test_letters_as_html_and_pdf(client) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    case = case_at(Status.RECOMMENDATIONS_ISSUED, coordinator=coordinator, owner=opcc)
    client.force_login(coordinator)
    page = client.get(reverse("asb_reviews:letter", kwargs={"pk": case.pk, "kind": "outcome"}))
    text = page.content.decode()
    # The name is made up by Faker, and may have an apostrophe, which the page escapes.
    assert "Share reports weekly." in text and escape(case.applicant_name) in text
    pdf = client.get(
        reverse("asb_reviews:letter_export", kwargs={"pk": case.pk, "kind": "threshold"})
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="{case.reference}-threshold.pdf"'
    reader = PdfReader(io.BytesIO(pdf.content))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Reference: {case.reference}" in words
    assert "Your ASB Case Review: threshold decision" in words
    assert f"Dear {case.applicant_name}," in words
    assert "the threshold for an ASB Case Review is met" in words
    assert "Yours sincerely," in words
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True  # tagged, so accessible
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Your ASB Case Review: threshold decision"
    assert AuditEvent.objects.filter(action="export", object_id=str(case.pk)).count() == 1
    fresh = submit_case()
    missing = client.get(reverse("asb_reviews:letter", kwargs={"pk": fresh.pk, "kind": "outcome"}))
    assert missing.status_code == 404


def test_public_figures_and_csv(client) -> None:  # type: ignore[no-untyped-def]
    coordinator = member(Role.ASB_COORDINATOR, OrganisationFactory(kind=OrganisationKind.OPCC))
    case_at(Status.RECOMMENDATIONS_ISSUED, coordinator=coordinator, owner=OrganisationFactory())
    submit_case(district_name="Stroud")
    page = client.get(reverse("asb_reviews:figures") + "?year=2024").content.decode()
    assert "ASB Case Review figures, 2024" in page
    response = client.get(reverse("asb_reviews:figures_export") + "?year=2024")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = rows[-1]
    assert (total["district"], total["applications_received"], total["reviews_carried_out"]) == (
        "All districts",
        "2",
        "1",
    )
    assert total["reviews_with_recommendations"] == "1"
    assert client.get(reverse("asb_reviews:figures") + "?year=1900").status_code == 404


def test_figures_api(client) -> None:  # type: ignore[no-untyped-def]
    submit_case(district_name="Stroud")
    rows = client.get("/api/v1/asb-reviews/figures/2024").json()
    assert rows[-1]["district"] == "All districts"
    assert rows[-1]["applications_received"] == 1
    assert rows[-1]["median_working_days_to_review"] is None
    assert client.get("/api/v1/asb-reviews/figures/1999").status_code == 422


def test_the_menu_offers_cases_to_those_who_may_see_one(client) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    housing = OrganisationFactory(kind=OrganisationKind.VOLUNTARY)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    partner = member(Role.PARTNER_EDITOR, housing)
    menu_link = 'href="/asb-reviews/cases/"'
    client.force_login(member(Role.OPCC_ANALYST, opcc))
    assert menu_link not in client.get(reverse("site:staff_home")).content.decode()
    client.force_login(partner)
    assert menu_link not in client.get(reverse("site:staff_home")).content.decode()
    case = submit_case()
    services.body_invite(actor=coordinator, case=case, organisation=housing, on=RECEIVED)
    assert menu_link in client.get(reverse("site:staff_home")).content.decode()
    client.force_login(coordinator)
    assert menu_link in client.get(reverse("site:staff_home")).content.decode()


def test_a_refused_acknowledgement_is_no_server_error_and_the_case_is_kept_once(
    client, settings, caplog
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.core.tests.refusing_mail import REFUSING

    settings.MAILERS = REFUSING
    response = client.post(reverse("asb_reviews:apply"), application_post())
    assert response.status_code == 302
    case = CaseReview.objects.get()
    assert case.reference in client.get(response["Location"]).content.decode()
    assert f"Acknowledgement of ASB Case Review {case.reference} not sent" in caplog.text
    assert "sam@example.org" not in caplog.text
