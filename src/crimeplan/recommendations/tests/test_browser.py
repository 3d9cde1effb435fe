"""The tracker in headless Chromium: an OPCC policy officer records a cause of concern from an
inspection (first with a mistake), links it to a delivery action and publishes it; an editor
of the owner organisation adds evidence and marks it done; the public page shows it. axe finds
no WCAG 2.2 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery.tests.factories import ActionFactory

from ..constants import Status
from ..models import Recommendation
from .factories import InspectionFactory, InspectionGradeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_record_link_publish_and_see_it(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    inspection = InspectionFactory(title="PEEL 2026 (test)")
    InspectionGradeFactory(inspection=inspection, area="Investigating crime", grade="inadequate")
    action = ActionFactory(title="Call handling recovery plan (test)")

    context = chromium.new_context()
    page = context.new_page()
    officer = world.people[Role.OPCC_POLICY]
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/recommendations/")
    expect(page.get_by_role("heading", name="Recommendations", exact=True)).to_be_visible()
    no_violations(page)
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("link", name="PEEL 2026 (test)").click()
    expect(page.get_by_role("cell", name="Inadequate")).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="Record a recommendation from this inspection").click()
    no_violations(page)
    page.get_by_label("HMICFRS cause of concern").check()
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    no_violations(page)
    page.get_by_label("Title").fill("Answer calls within the standard (test)")
    page.get_by_label("Owner organisation").select_option(label=world.csp_own.name)
    page.get_by_label("High").check()
    page.get_by_label("Delivery action that answers it").select_option(label=action.title)
    page.get_by_label("Publish it on the public page").check()
    page.get_by_label("Public summary").fill("Extra call handlers are being trained.")
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_text("Recommendation saved.")).to_be_visible()
    expect(page.get_by_role("link", name=action.title)).to_be_visible()
    no_violations(page)
    item = Recommendation.objects.get(title="Answer calls within the standard (test)")
    assert (item.inspection, item.action, item.is_public) == (inspection, action, True)
    context.close()

    context = chromium.new_context()
    page = context.new_page()
    editor = world.people[Role.PARTNER_EDITOR]
    sign_in(page, live_server.url, editor.email, editor.totp_secret)
    page.goto(f"{live_server.url}/recommendations/?status=open")
    no_violations(page)
    page.get_by_role("link", name="Answer calls within the standard (test)").click()
    expect(page.get_by_role("link", name="Close it")).to_have_count(0)
    page.get_by_role("link", name="Add evidence or a new status").click()
    no_violations(page)
    page.get_by_label("Evidence").fill("Twelve call handlers trained in October.")
    page.get_by_label("Done, awaiting closure").check()
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("Update added.")).to_be_visible()
    expect(page.get_by_text("Twelve call handlers trained in October.")).to_be_visible()
    no_violations(page)
    item.refresh_from_db()
    assert item.status == Status.DONE
    context.close()

    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/recommendations/published/")
    expect(
        page.get_by_role("heading", name="Answer calls within the standard (test)")
    ).to_be_visible()
    expect(page.get_by_text("Extra call handlers are being trained.")).to_be_visible()
    expect(page.get_by_text("Done, awaiting closure").first).to_be_visible()
    no_violations(page)
    context.close()
