"""The visit report end to end in headless Chromium on a phone-sized screen: a volunteer
signs in, writes the report (first with a mistake), records a detainee by custody number and
an issue, files it; axe finds no WCAG 2.2 AA violation on any step. Then the published
report's public page passes axe too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world
from crimeplan.scrutiny.constants import DETAINEE_CHECKLIST, VisitStatus
from crimeplan.scrutiny.models import Visit

from .factories import PublishedReportFactory, SiteFactory, VisitFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_visit_report_on_a_phone(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    user = world.people[Role.VOLUNTEER]
    me = VolunteerFactory(user=user)
    visit = VisitFactory(
        first_visitor=me,
        site=SiteFactory(organisation=world.csp_own, name="Test custody suite"),
        scheduled_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, user.email, user.totp_secret)
    page.goto(f"{live_server.url}/scrutiny/visits/")
    no_violations(page)
    page.get_by_role("link", name=visit.scheduled_on.strftime("%a %-d %b %Y")).click()
    page.wait_for_url(f"**/scrutiny/visits/{visit.pk}/")
    no_violations(page)
    page.get_by_role("link", name="Start the report").click()
    page.wait_for_url(f"**/scrutiny/visits/{visit.pk}/report/")
    no_violations(page)
    # The page fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Time you arrived").fill("23:10")
    page.get_by_label("Time you left").fill("00:25")
    page.get_by_label("Detainees in custody").fill("4")
    page.get_by_label("Detainees offered a visit").fill("6")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    no_violations(page)
    page.get_by_label("Detainees offered a visit").fill("3")
    page.get_by_label("Detainees seen and spoken to").fill("2")
    page.get_by_label("Detainees who declined").fill("1")
    page.get_by_label("Declined: Asleep").fill("1")
    page.get_by_label("Custody records reviewed").fill("1")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_text("Report saved")).to_be_visible()
    page.get_by_role("link", name="Add a detainee you saw").click()
    # axe runs once the page has loaded: before, the menu is not yet folded away on a phone
    page.wait_for_url(f"**/scrutiny/visits/{visit.pk}/detainees/add/")
    no_violations(page)
    page.get_by_role("button", name="Save detainee").click()
    expect(page.get_by_text("Enter the custody number").first).to_be_visible()
    no_violations(page)
    page.get_by_label("Custody number").fill("GL/0042/25")
    page.get_by_label("A child or vulnerable adult").check()
    for _, label in DETAINEE_CHECKLIST:
        page.get_by_role("group", name=label).get_by_label("Yes").check()
    page.get_by_role("button", name="Save detainee").click()
    expect(page.get_by_text("Custody number GL/0042/25")).to_be_visible()
    page.get_by_role("link", name="Raise an issue").click()
    page.wait_for_url(f"**/scrutiny/visits/{visit.pk}/issues/add/")
    no_violations(page)
    page.get_by_label("Conditions and facilities").check()
    page.get_by_label("What is the issue").fill("The exercise yard was locked all evening.")
    page.get_by_label("Raised with the custody officer during the visit").check()
    page.get_by_role("button", name="Save issue").click()
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_text("Report filed. The custody inspector")).to_be_visible()
    no_violations(page)
    filed = Visit.objects.get(pk=visit.pk)
    assert filed.status == VisitStatus.FILED
    assert (filed.detainees_in_custody, filed.offered, filed.spoken_to) == (4, 3, 2)
    assert filed.detainee_checks.get().child_or_vulnerable
    assert filed.issues.get().raised_with_custody_officer
    context.close()


def test_public_report_pages_pass_axe(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report = PublishedReportFactory(
        figures={
            "icv": [
                {
                    "site": "All suites",
                    "quarter": "all",
                    "visits": 3,
                    "detainees_in_custody": 9,
                    "offered": 5,
                    "spoken_to": 4,
                    "observed": 1,
                    "declined": 1,
                    "issues_raised": 1,
                    "issues_resolved": 1,
                    "night_visits": 1,
                    "weekend_visits": 1,
                    "night_share_percent": 33.3,
                    "weekend_share_percent": 33.3,
                }
            ]
        }
    )
    page = chromium.new_page(viewport=PHONE)
    for path in ("/scrutiny/published/", f"/scrutiny/published/{report.pk}/"):
        page.goto(f"{live_server.url}{path}")
        no_violations(page)
    expect(page.get_by_role("cell", name="33.3").first).to_be_visible()
