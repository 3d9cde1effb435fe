"""The victims' feedback pages in headless Chromium: a policy officer reads the synthetic
quarters, imports one (first with a mistake) and publishes it; axe finds no WCAG 2.2 AA
violation on any page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world

from .. import feedback_demo
from ..feedback_demo import synthetic_files
from ..models import FeedbackSurvey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_read_import_and_publish_a_quarter(chromium, live_server, world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    feedback_demo.load()
    FeedbackSurvey.objects.filter(quarter=3).delete()
    user = world.people[Role.OPCC_POLICY]
    page = chromium.new_context().new_page()
    sign_in(page, live_server.url, user.email, user.totp_secret)
    page.goto(live_server.url + reverse("victims_code:return_list"))
    page.get_by_role("link", name="Victims' feedback survey").click()
    expect(page.get_by_role("heading", name="Victims' feedback survey")).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="2025/26 Q2").click()
    expect(page.get_by_text("Synthetic demonstration data")).to_be_visible()
    no_violations(page)

    page.goto(live_server.url + reverse("victims_code:feedback_import"))
    no_violations(page)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    no_violations(page)

    files = synthetic_files(quarter=3)
    (tmp_path / "codebook.json").write_bytes(files.codebook)
    (tmp_path / "answers.csv").write_bytes(files.responses)
    page.get_by_label("Financial year it starts in").fill("2025")
    page.get_by_label("Q3 (October to December)").check()
    page.get_by_label("Codebook (.json)").set_input_files(str(tmp_path / "codebook.json"))
    page.get_by_label("Responses (.csv or .xlsx)").set_input_files(str(tmp_path / "answers.csv"))
    page.get_by_label("Victims in the quarter by group", exact=False).fill(
        "\n".join(files.population)
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported 375 responses for 2025/26 Q3.")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Publish the estimates").click()
    expect(page.get_by_text("Published the estimates for 2025/26 Q3.")).to_be_visible()
    assert FeedbackSurvey.objects.get(year=2025, quarter=3).published
