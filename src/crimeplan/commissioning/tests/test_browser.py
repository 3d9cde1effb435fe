"""The public application form in headless Chromium: each question page, with and without
errors, passes axe (WCAG 2.2 AA) with zero violations; the journey works without JavaScript."""

import os

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

from crimeplan.commissioning import services
from crimeplan.commissioning.constants import Decision
from crimeplan.commissioning.models import Application, EligibilityQuestion
from crimeplan.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, axe_violations

from .factories import RoundFactory

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


def _no_violations(page, where: str, javascript: bool = True) -> None:  # type: ignore[no-untyped-def]
    # axe is injected as a script, so it runs only where the page allows JavaScript; the
    # journey without JavaScript checks that every step works without it.
    if not javascript:
        return
    assert axe_violations(page) == [], where


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_public_application_journey_passes_axe(chromium, live_server, live_db, javascript) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory(max_amount_pence=5_000_00, match_funding_percent=10)
    round_.fund.name = "Community Fund (test)"
    round_.fund.save()
    EligibilityQuestion.objects.create(
        round=round_,
        text="Will the project run in the county?",
        eligible_answer=True,
        reason_if_ineligible="The fund pays only for work in the county.",
    )
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/grants/apply/")
    _no_violations(page, "start", javascript)
    page.get_by_role("button", name="Start now").click()
    continue_ = page.get_by_role("button", name="Save and continue")

    # Eligibility: no answer, then an error summary linking to the question.
    continue_.click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    _no_violations(page, "eligibility with errors", javascript)
    page.get_by_label("Yes").check()
    continue_.click()

    # Organisation: a bad e-mail address; what was typed stays.
    page.get_by_label("Name of your organisation or group").fill("Fictional Youth Club")
    page.get_by_label("Registered charity").check()
    page.get_by_label("Name of the person we should contact").fill("Sam Example")
    page.get_by_label("Their e-mail address").fill("not-an-address")
    _no_violations(page, "organisation", javascript)
    continue_.click()
    expect(
        page.get_by_role("link", name="Enter an e-mail address in the correct format")
    ).to_be_visible()
    assert (
        page.get_by_label("Name of your organisation or group").input_value()
        == "Fictional Youth Club"
    )
    _no_violations(page, "organisation with errors", javascript)
    page.get_by_label("Their e-mail address").fill("sam@example.org")
    continue_.click()

    # Project, then funding over the round's limit.
    expect(page.get_by_label("Project title")).to_be_visible()
    _no_violations(page, "project", javascript)
    page.get_by_label("Project title").fill("Evening boxing")
    page.get_by_label("What will the project do, and for whom?").fill("Sessions for teenagers.")
    continue_.click()
    expect(page.get_by_label("Amount you are asking for")).to_be_visible()
    _no_violations(page, "funding", javascript)
    page.get_by_label("Amount you are asking for").fill("6000")
    page.get_by_label("Match funding").fill("600")
    continue_.click()
    expect(page.get_by_role("link", name="The amount must be £5,000 or less")).to_be_visible()
    _no_violations(page, "funding with errors", javascript)
    page.get_by_label("Amount you are asking for").fill("4000")
    continue_.click()

    # Attachments (none), check your answers, confirmation.
    expect(page.get_by_role("button", name="Upload file or continue")).to_be_visible()
    _no_violations(page, "attachments", javascript)
    page.get_by_role("button", name="Upload file or continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    _no_violations(page, "check your answers", javascript)
    page.get_by_role("button", name="Accept and send").click()
    expect(page.get_by_text("Application sent")).to_be_visible()
    _no_violations(page, "confirmation", javascript)
    application = Application.objects.get()
    assert application.reference in page.content()
    assert application.amount_requested_pence == 4_000_00
    page.goto(f"{live_server.url}/grants/")
    _no_violations(page, "public grants", javascript)
    context.close()


def test_save_and_return_page_passes_axe(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    draft = Application.objects.create(round=round_, contact_email="sam@example.org")
    page = chromium.new_page()
    page.goto(f"{live_server.url}/grants/apply/{draft.resume_token}/save/")
    _no_violations(page, "save")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_text("We have sent you a link")).to_be_visible()
    _no_violations(page, "saved")


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_apply_in_welsh_and_be_written_to_in_welsh(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]
    """A visitor who chose Cymraeg applies for a grant: every question page, its messages and
    check your answers are Welsh (axe on each), the return link is e-mailed in Welsh, the
    application keeps Welsh, and the panel's decision (made on an English staff page) reaches
    the applicant in Welsh."""
    mail.outbox.clear()
    round_ = RoundFactory(max_amount_pence=5_000_00, match_funding_percent=10)
    EligibilityQuestion.objects.create(
        round=round_,
        text="Will the project run in the county?",
        eligible_answer=True,
        reason_if_ineligible="The fund pays only for work in the county.",
    )
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/language/cy/?next=/grants/apply/")
    expect(page.get_by_role("heading", name="Gwneud cais am grant", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    _no_violations(page, "start")
    page.get_by_role("button", name="Dechrau nawr").click()
    continue_ = page.get_by_role("button", name="Cadw a pharhau")

    continue_.click()
    expect(page.get_by_text("Mae problem wedi codi")).to_be_visible()
    expect(
        page.get_by_role("link", name="Dewiswch ie neu na: Will the project run in the county?")
    ).to_be_visible()
    assert page.title().startswith("Gwall:")
    _no_violations(page, "eligibility with errors")
    page.get_by_label("Ie").check()
    continue_.click()

    expect(page.get_by_role("heading", name="Am eich sefydliad")).to_be_visible()
    assert page.get_by_label("Cymraeg").is_checked()
    page.get_by_label("Enw eich sefydliad neu'ch grŵp").fill("Clwb Ieuenctid Dychmygol")
    page.get_by_label("Elusen gofrestredig").check()
    page.get_by_label("Enw'r person cyswllt").fill("Rhian Enghraifft")
    page.get_by_label("Cyfeiriad e-bost y person hwnnw").fill("dim-cyfeiriad")
    continue_.click()
    expect(
        page.get_by_role("link", name="Rhowch gyfeiriad e-bost yn y fformat cywir")
    ).to_be_visible()
    _no_violations(page, "organisation with errors")
    page.get_by_label("Cyfeiriad e-bost y person hwnnw").fill("rhian@example.org")
    continue_.click()

    page.get_by_label("Teitl y prosiect").fill("Bocsio gyda'r nos")
    page.get_by_label("Beth fydd y prosiect yn ei wneud, ac i bwy?").fill("Sesiynau i bobl ifanc.")
    _no_violations(page, "project")
    continue_.click()
    page.get_by_label("Y swm rydych yn gofyn amdano").fill("6000")
    page.get_by_label("Arian cyfatebol").fill("600")
    continue_.click()
    expect(page.get_by_role("link", name="Rhaid i'r swm fod yn £5,000 neu lai")).to_be_visible()
    _no_violations(page, "funding with errors")
    page.get_by_label("Y swm rydych yn gofyn amdano").fill("4000")
    continue_.click()

    expect(page.get_by_role("button", name="Lanlwytho ffeil neu barhau")).to_be_visible()
    _no_violations(page, "attachments")
    page.get_by_role("link", name="Cadw a dod yn ôl nes ymlaen").click()
    page.get_by_role("button", name="Anfonwch y ddolen ataf").click()
    expect(page.get_by_role("heading", name="Rydym wedi anfon dolen atoch")).to_be_visible()
    _no_violations(page, "link sent")
    [link] = mail.outbox
    assert link.subject == "Eich cais am grant: y ddolen i ddychwelyd ato"
    resume = next(line for line in link.body.splitlines() if line.startswith("http"))

    page.goto(resume)
    expect(
        page.get_by_role("heading", name="Gwiriwch eich atebion cyn anfon eich cais")
    ).to_be_visible()
    expect(page.get_by_text("Elusen gofrestredig")).to_be_visible()
    # The language is named in itself, and marked so; the round's own question is English.
    expect(page.locator('dd span[lang="cy"]', has_text="Cymraeg")).to_be_visible()
    expect(page.locator('dt[lang="en-GB"]', has_text="Will the project run")).to_be_visible()
    _no_violations(page, "check your answers")
    page.get_by_role("button", name="Derbyn ac anfon").click()
    expect(page.get_by_role("heading", name="Cais wedi'i anfon")).to_be_visible()
    _no_violations(page, "confirmation")
    context.close()

    application = Application.objects.get()
    assert application.correspondence_language == "cy"
    mail.outbox.clear()
    services.application_moderate(
        actor=None, application=application, decision=Decision.DECLINE,
        reasons="Weaker evidence of need than others.",
    )  # fmt: skip
    [decision] = mail.outbox
    assert decision.subject == f"Eich cais am grant {application.reference}: heb ei ariannu"
    assert "Penderfynodd y panel beidio â'i ariannu." in decision.body
    assert "Weaker evidence of need than others." in decision.body
