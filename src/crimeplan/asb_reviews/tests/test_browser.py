"""The public application end to end in headless Chromium, without JavaScript and with it:
errors shown and nothing typed lost, then submission and the reference; axe (which needs
JavaScript to run) on each step."""

import os

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

from crimeplan.asb_reviews.models import CaseReview
from crimeplan.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, fill_date

DATE_BOXES = ("day", "month", "year")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_apply_with_errors_then_successfully(chromium, live_server, live_db, javascript) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/asb-reviews/apply/")
    assert not javascript or axe_violations(page) == []

    # First attempt: no consent, and the second report dated before the incident.
    page.get_by_label("I am the victim").check()
    page.get_by_label("A community group").check()
    page.get_by_label("Your full name").fill("Robin Example")
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_label("E-mail address").fill("robin@example.org")
    page.get_by_label("Which council area is it happening in?").select_option(label="Tewkesbury")
    page.get_by_label("Where is it happening?").fill("Riverside play area")
    page.get_by_label("What has been happening?").fill("Fires lit under the slide at night.")
    page.locator("#id_hate_motivated_1").check()
    page.locator("#id_ongoing_0").check()
    page.get_by_label("How has it affected you or them?").fill("Children cannot use the park.")
    page.get_by_label("What would you like to happen?").fill("Patrols and a locked gate.")
    reports = [("01/03/2024", "01/03/2024", "police"), ("20/03/2024", "19/03/2024", "council")]
    for n, (occurred, reported, agency) in enumerate(reports):
        fill_date(page, f"#id_incident-{n}-occurred_on", occurred)
        fill_date(page, f"#id_incident-{n}-reported_on", reported)
        page.locator(f"#id_incident-{n}-reported_to").select_option(agency)
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_text("There is a problem")).to_be_visible()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Agree that we may share" in summary
    assert "Report 2: The date you reported it must be on or after it happened" in summary
    assert page.get_by_label("Your full name").input_value() == "Robin Example"
    assert page.get_by_label("What has been happening?").input_value() == (
        "Fires lit under the slide at night."
    )
    typed = [page.locator(f"#id_incident-0-occurred_on_{p}").input_value() for p in DATE_BOXES]
    assert typed == ["1", "3", "2024"]
    assert page.locator("#id_incident-1-reported_to").input_value() == "council"
    assert page.title().startswith("Error:")
    assert not javascript or axe_violations(page) == []
    assert not CaseReview.objects.exists()

    fill_date(page, "#id_incident-1-reported_on", "21/03/2024")
    page.locator("#id_consent_to_share").check()
    page.get_by_role("button", name="Send application").click()

    case = CaseReview.objects.get()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert case.reference in page.locator(".govuk-panel__body").inner_text()
    assert (case.district.name, case.victim_kind, case.incidents.count()) == (
        "Tewkesbury",
        "community_group",
        2,
    )
    assert not javascript or axe_violations(page) == []
    context.close()


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_apply_in_welsh_and_be_written_to_in_welsh(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]
    """A visitor chooses Cymraeg, applies (an error first, in Welsh), and the case records
    Welsh as the language to write in; the acknowledgement e-mail is Welsh."""
    cache.clear()
    mail.outbox.clear()
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    page.goto(f"{live_server.url}/asb-reviews/apply/")
    expect(
        page.get_by_role(
            "heading", name="Gwneud cais am Adolygiad Achos Ymddygiad Gwrthgymdeithasol"
        )
    ).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_label("Cymraeg").is_checked()
    assert axe_violations(page) == []

    page.get_by_label("Fi yw'r dioddefwr").check()
    page.get_by_label("Person", exact=True).check()
    page.get_by_label("Eich enw llawn").fill("Rhian Enghraifft")
    page.get_by_label("E-bost", exact=True).check()
    page.get_by_label("Cyfeiriad e-bost").fill("rhian@example.org")
    page.get_by_label("Ym mha ardal cyngor y mae'n digwydd?").select_option(label="Stroud")
    page.get_by_label("Ble mae'n digwydd?").fill("Parc y dref")
    page.get_by_label("Beth sydd wedi bod yn digwydd?").fill("Tân gwyllt bob nos.")
    page.locator("#id_hate_motivated_1").check()
    page.locator("#id_ongoing_0").check()
    page.get_by_label("Sut mae wedi effeithio arnoch chi neu arnyn nhw?").fill("Ofn.")
    page.get_by_label("Beth hoffech chi ei weld yn digwydd?").fill("Patrolau.")
    fill_date(page, "#id_incident-0-occurred_on", "01/03/2024")
    fill_date(page, "#id_incident-0-reported_on", "02/03/2024")
    page.locator("#id_incident-0-reported_to").select_option("police")
    page.get_by_role("button", name="Anfon y cais").click()

    expect(page.get_by_text("Mae problem wedi codi")).to_be_visible()
    assert "Cytunwch y cawn rannu'r cais" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Gwall:")
    assert axe_violations(page) == []

    page.locator("#id_consent_to_share").check()
    page.get_by_role("button", name="Anfon y cais").click()
    expect(page.get_by_role("heading", name="Cais wedi'i anfon")).to_be_visible()
    assert axe_violations(page) == []
    case = CaseReview.objects.get()
    assert case.correspondence_language == "cy"
    [sent] = mail.outbox
    assert sent.to == ["rhian@example.org"] and sent.subject.startswith("Eich cais am")
    assert sent.body.startswith("Diolch am wneud cais") and case.reference in sent.body
    context.close()
