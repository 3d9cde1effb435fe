"""The Victims' Code returns in headless Chromium, the main path: an OPCC policy officer expects
returns from a partner; the partner's editor uploads a return with a mistake, reads the problem
naming the file, line and field (nothing saved), corrects it and uploads again; the policy
officer records the joint review with an action; the public page shows the figure. axe finds
no WCAG 2.2 AA violation on any page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, fill_date, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world

from ..models import ComplianceReturn, ReturningAgency, ReviewAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = "agency,year,quarter,right,eligible,complied,note\n"


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_upload_correct_review_publish(chromium, live_server, world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    partner = world.csp_own
    officer = world.people[Role.OPCC_POLICY]
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(live_server.url + reverse("victims_code:agency_list"))
    no_violations(page)
    page.get_by_role("link", name="Expect returns from an agency").click()
    page.get_by_label("Organisation").select_option(label=partner.name)
    page.get_by_label("Returns expected from the financial year").fill("2025")
    page.get_by_label("Q1 (April to June)").check()
    no_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Returns are now expected from {partner.name}")).to_be_visible()
    assert ReturningAgency.objects.filter(organisation=partner).exists()
    officer_page = page

    context = chromium.new_context()
    page = context.new_page()
    editor = world.people[Role.PARTNER_EDITOR]
    sign_in(page, live_server.url, editor.email, editor.totp_secret)
    page.goto(live_server.url + reverse("victims_code:return_list"))
    no_violations(page)
    page.get_by_role("link", name="Upload a return").click()
    no_violations(page)
    bad = tmp_path / "our-return.csv"
    bad.write_text(HEADER + f"{partner.name},2025,3,r01,120,96,\n{partner.name},2025,3,r01,-4,2,\n")
    page.get_by_label("Return (.csv or .xlsx, from the template)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    expect(page.locator("#problems")).to_contain_text("our-return.csv, line 3")
    assert not ComplianceReturn.objects.exists()
    no_violations(page)

    good = tmp_path / "our-return.csv"
    good.write_text(
        HEADER + f"{partner.name},2025,3,r01,120,96,\n{partner.name},2025,3,r08,40,30,\n"
    )
    page.get_by_label("Return (.csv or .xlsx, from the template)").set_input_files(str(good))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Saved the return for 2025/26 Q3")).to_be_visible()
    no_violations(page)
    record = ComplianceReturn.objects.get()
    assert sorted(record.lines.values_list("right", "eligible", "complied")) == [
        ("r01", 120, 96),
        ("r08", 40, 30),
    ]
    context.close()

    # Back to the officer, still signed in (allauth refuses a code used once already).
    page = officer_page
    page.goto(live_server.url + reverse("victims_code:meeting_list"))
    page.get_by_role("link", name="Record a joint review meeting").click()
    page.get_by_label("Financial year it starts in").fill("2025")
    page.get_by_label("Q3 (October to December)").check()
    fill_date(page, "Date held", "2026-02-12")
    no_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Joint review of 2025/26 Q3")).to_be_visible()
    expect(page.get_by_role("cell", name="80.0").first).to_be_visible()
    no_violations(page)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action agreed").fill("Explain the right to make a statement (test)")
    page.get_by_label("Organisation that owns it").select_option(label=partner.name)
    fill_date(page, "Date due", "2026-04-30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Explain the right to make a statement (test)")).to_be_visible()
    no_violations(page)
    assert ReviewAction.objects.get().owner == partner
    page.context.close()

    context = chromium.new_context()
    page = context.new_page()
    page.goto(live_server.url + reverse("victims_code:figures"))
    expect(page.get_by_text("Compliance by right and agency, 2025/26 Q3")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=partner.name).first).to_contain_text("80.0")
    no_violations(page)
    context.close()
