"""The main path in headless Chromium: the public applies (first too late, then with the
reason), a review officer finds it valid, declares no conflict, decides it, and reads the
decision letter and the figures; axe finds no WCAG 2.2 AA violation on any page."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, fill_date, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world

from ..models import ComplaintReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_apply_late_then_review_and_decide(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    late_letter = timezone.localdate() - datetime.timedelta(days=40)
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/complaint-reviews/apply/")
    expect(
        page.get_by_role("heading", name="Ask for a review of your police complaint")
    ).to_be_visible()
    no_violations(page)
    page.get_by_label("Full name").fill("Robin Example")
    page.get_by_label("E-mail address").fill("robin@example.org")
    page.get_by_label("The force's complaint reference").fill("CO/77")
    fill_date(page, "Date of the outcome letter", late_letter)
    page.get_by_label("The outcome you want reviewed").fill("No further action.")
    page.get_by_label("Why you think the outcome").fill("Nobody spoke to my witness.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("within 28 days of the outcome letter").first).to_be_visible()
    no_violations(page)
    page.get_by_label("If your application is more than 28 days").fill("I was in hospital.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    no_violations(page)
    review = ComplaintReview.objects.get()
    context.close()

    user = world.people[Role.OPCC_POLICY]
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, user.email, user.totp_secret)
    page.goto(f"{live_server.url}/complaint-reviews/")
    no_violations(page)
    page.get_by_role("link", name=review.reference).click()
    expect(page.get_by_role("heading", name=review.reference)).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="Decide whether the application is valid").click()
    no_violations(page)
    page.locator("input[name=reviewable][value=yes]").check()
    page.locator("input[name=already_reviewed][value=no]").check()
    page.locator("input[name=late_accepted][value=yes]").check()
    page.get_by_label("Late applications only: the reason").fill("Hospital stay explains it.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Validity recorded.")).to_be_visible()

    page.get_by_role("link", name="Declare any conflict of interest").click()
    page.locator("input[name=has_conflict][value=no]").check()
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_text("Declaration recorded.")).to_be_visible()

    page.get_by_role("link", name="Record the decision").click()
    no_violations(page)
    page.get_by_label("The outcome was not reasonable and proportionate").check()
    page.get_by_label("Reasons for the decision").fill("The witness was never contacted.")
    page.get_by_label("Recommendations to the force").fill("Contact the witness.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Contact the witness.")).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="Decision", exact=True).click()
    expect(page.get_by_text("Your review is upheld", exact=False)).to_be_visible()
    no_violations(page)

    page.goto(f"{live_server.url}/complaint-reviews/figures/")
    expect(page.get_by_role("heading", name="Police complaint review figures")).to_be_visible()
    no_violations(page)
    context.close()


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_apply_in_welsh_and_be_written_to_in_welsh(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A visitor chooses Cymraeg and applies, late at first; the messages are Welsh, axe finds
    nothing, and the application keeps Welsh as the language to write in: the receipt e-mail
    is Welsh."""
    mail.outbox.clear()
    late_letter = timezone.localdate() - datetime.timedelta(days=40)
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/language/cy/?next=/complaint-reviews/apply/")
    expect(
        page.get_by_role("heading", name="Gofyn am adolygiad o'ch cwyn am yr heddlu")
    ).to_be_visible()
    assert page.get_by_label("Cymraeg").is_checked()
    no_violations(page)
    page.get_by_label("Enw llawn").fill("Rhian Enghraifft")
    page.get_by_label("Cyfeiriad e-bost").fill("rhian@example.org")
    page.get_by_label("Cyfeirnod cwyn yr heddlu").fill("CO/78")
    fill_date(page, "Dyddiad y llythyr canlyniad", late_letter)
    page.get_by_label("Y canlyniad rydych am iddo gael ei adolygu").fill("Dim camau pellach.")
    page.get_by_label("Pam rydych yn meddwl").fill("Ni siaradodd neb â'm tyst.")
    page.get_by_role("button", name="Anfon fy nghais").click()
    expect(page.get_by_text("Mae problem wedi codi")).to_be_visible()
    expect(page.get_by_text("o fewn 28 diwrnod i'r llythyr canlyniad").first).to_be_visible()
    assert page.title().startswith("Gwall:")
    no_violations(page)
    page.get_by_label("Os yw eich cais fwy na 28 diwrnod").fill("Roeddwn yn yr ysbyty.")
    page.get_by_role("button", name="Anfon fy nghais").click()
    expect(page.get_by_role("heading", name="Cais wedi'i anfon")).to_be_visible()
    no_violations(page)
    review = ComplaintReview.objects.get()
    assert review.correspondence_language == "cy"
    [sent] = mail.outbox
    assert sent.to == ["rhian@example.org"] and sent.subject.startswith("Eich cais am adolygiad")
    context.close()
