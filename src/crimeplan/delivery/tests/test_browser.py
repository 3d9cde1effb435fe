"""In headless Chromium: the plan pages a partner uses, the update form with and without
errors, the plan update report (page and standalone HTML file), a policy officer's edit of a
priority (with and without errors), and the publication of the update (refused while an acronym
has no expansion, published once the glossary gives one) pass axe (WCAG 2.2 AA)."""

import datetime
import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, sign_in
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery import report, services
from crimeplan.delivery.constants import ActionStatus, ItemKind
from crimeplan.delivery.models import Plan, PublishedReport
from crimeplan.performance import contracts as snapshot
from crimeplan.performance import services as performance_services

from .factories import (
    SNAPSHOT_FIXTURE,
    ActionFactory,
    MilestoneFactory,
    framework_with_measures,
    plan_from_fixture,
)
from .test_report import GLOSSARY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    # As in core's browser tests: Playwright's loop runs in this thread; our calls are sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def report_plan(world: World) -> Plan:
    """The fixture plan with its glossary and the published crime measures: a report that
    passes every check before publication."""
    plan = plan_from_fixture()
    plan.glossary = GLOSSARY
    plan.save()
    performance_services.printed_table_load(
        rows=snapshot.read_printed_table_file(SNAPSHOT_FIXTURE),
        title="Crime measures",
        source="Published plan update",
        baseline_label="2019",
        current_label="12 months to September 2023",
        actor=None,
    )
    return plan


def test_partner_pages_and_update_form_pass_axe(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    plan = plan_from_fixture()
    commitment = plan.priorities.get(code="CSC").commitments.first()
    action = ActionFactory(
        commitment=commitment,
        owner_organisation=world.csp_own,
        title="Street lighting audit",
        start_date=datetime.date(2024, 1, 1),
        measure_ids=["all-crime"],
    )
    MilestoneFactory(action=action, due_date=datetime.date(2024, 3, 1))
    services.progress_update_add(
        action=action,
        actor=None,
        reported_on=datetime.date(2024, 2, 1),
        status=ActionStatus.AT_RISK,
        summary="Contractor delayed.",
        links=["https://example.org/minutes"],
    )
    editor = world.people[Role.PARTNER_EDITOR]
    page = chromium.new_page()
    sign_in(page, live_server.url, editor.email, editor.totp_secret)
    for path in (
        "/delivery/",
        f"/delivery/plans/{plan.slug}/",
        f"/delivery/plans/{plan.slug}/priorities/CSC/",
        f"/delivery/plans/{plan.slug}/actions/?status=at_risk",
        f"/delivery/plans/{plan.slug}/timeline/",
        f"/delivery/actions/{action.pk}/",
        f"/delivery/actions/{action.pk}/edit/",
        f"/delivery/actions/{action.pk}/updates/add/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert axe_violations(page) == [], path
    # Without a summary: the error summary and inline error, which pass axe too.
    page.get_by_label("What has happened since the last update").fill("")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("What has happened since the last update").fill("Contractor back on site.")
    page.get_by_label("Status now").select_option(ActionStatus.ON_TRACK)
    page.get_by_role("button", name="Add update").click()
    page.wait_for_url(lambda url: url.endswith(f"/delivery/actions/{action.pk}/"))
    expect(page.get_by_text("Progress update added.")).to_be_visible()
    assert axe_violations(page) == []
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK


def test_the_report_passes_axe_as_a_page_and_as_a_file(
    chromium, live_server, report_plan: Plan
) -> None:  # type: ignore[no-untyped-def]
    plan = report_plan
    published = report.report_publish(plan=plan, actor=None)
    page = chromium.new_page()
    response = page.goto(f"{live_server.url}/delivery/published/{plan.slug}/{published.version}/")
    assert response.status == 200
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/delivery/published/")
    assert axe_violations(page) == []
    built = report.build_report(plan=plan, snapshot=report.latest_snapshot())
    # The file, opened on its own: a page still showing the site would keep the site's
    # Content-Security-Policy, which refuses the document's own <style>.
    page = chromium.new_page()
    page.set_content(report.render_document(title=built.title, body=report.render_body(built)))
    assert axe_violations(page) == []


def test_a_policy_officer_edits_a_priority(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    framework_with_measures(slug="gloucestershire-2021-25", measures={"burglary": "Burglary"})
    plan = plan_from_fixture()
    priority = plan.priorities.get(code="CSC")
    new_row = priority.items.filter(kind=ItemKind.DELIVERED).count()
    officer = world.people[Role.OPCC_POLICY]
    page = chromium.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/delivery/plans/{plan.slug}/priorities/CSC/")
    page.get_by_role("link", name="Edit priority").click()
    page.wait_for_url(lambda url: url.endswith("/priorities/CSC/edit/"))
    assert axe_violations(page) == []
    page.locator("#id_aim").fill("Fewer people harmed by burglary in every district")
    page.locator(f"#id_delivered-{new_row}-text").fill("Home security checks for 400 households")
    page.locator(f"#id_delivered-{new_row}-references").fill("measure:wrong-measure")
    page.get_by_role("button", name="Save priority").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.locator(f"#id_delivered-{new_row}-references").fill("measure:burglary")
    page.get_by_role("button", name="Save priority").click()
    page.wait_for_url(lambda url: url.endswith("/priorities/CSC/"))
    expect(page.get_by_text("Priority CSC saved.")).to_be_visible()
    expect(page.get_by_text("Fewer people harmed by burglary in every district")).to_be_visible()
    expect(page.get_by_text("Home security checks for 400 households")).to_be_visible()
    expect(page.get_by_role("link", name="Burglary")).to_be_visible()
    assert axe_violations(page) == []
    # The plan page with its drawing, and the revision list, pass too.
    for path in (f"/delivery/plans/{plan.slug}/", f"/delivery/plans/{plan.slug}/revisions/"):
        assert page.goto(f"{live_server.url}{path}").status == 200
        assert axe_violations(page) == [], path
    expect(page.get_by_text("Priority CSC: aim changed")).to_be_visible()


def test_a_policy_officer_previews_and_publishes_the_update(
    chromium, live_server, world: World, report_plan: Plan
) -> None:  # type: ignore[no-untyped-def]
    # A done item names a scheme by an acronym the plan's glossary does not expand.
    plan = report_plan
    item = plan.priorities.get(code="CSC").items.filter(kind=ItemKind.DELIVERED).first()
    assert item is not None
    item.text = "Crime prevention advice through the XYZQ scheme"
    item.save()
    officer = world.people[Role.OPCC_POLICY]
    page = chromium.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    plan_page = f"{live_server.url}{reverse('delivery:plan_detail', args=[plan.slug])}"
    publish_path = reverse("delivery:report_publish", args=[plan.slug])

    def open_the_publish_page() -> None:
        page.goto(plan_page)
        page.get_by_role("navigation", name="Plan pages").get_by_role(
            "link", name="Plan update report"
        ).click()
        page.wait_for_url(
            lambda url: url.endswith(reverse("delivery:report_preview", args=[plan.slug]))
        )
        expect(page.get_by_role("region", name="Draft")).to_be_visible()
        page.get_by_role("link", name="Publish a version").click()
        page.wait_for_url(lambda url: url.endswith(publish_path))
        expect(page.get_by_role("heading", name="Publish the plan update", level=1)).to_be_visible()

    # The draft, then its checks: the unknown acronym is named, in the summary and the list.
    open_the_publish_page()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The update cannot be published yet")
    expect(summary.get_by_role("link", name="XYZQ")).to_be_visible()
    expect(page.locator("ol").get_by_role("listitem")).to_have_text(
        ["Acronyms the text uses with no expansion in the plan's glossary: XYZQ"]
    )
    assert axe_violations(page) == []
    # Publishing anyway is refused: the page comes back (422) with the list, nothing published.
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Check again and publish").click()
    assert navigation.value.status == 422
    assert page.url.endswith(publish_path)
    expect(page).to_have_title(re.compile(r"^Error: Publish the plan update"))
    expect(summary).to_contain_text("The update was not published")
    expect(summary.get_by_role("link", name="XYZQ")).to_be_visible()
    assert axe_violations(page) == []
    assert not PublishedReport.objects.filter(plan=plan).exists()

    # The expansion, added to the plan's glossary through its content form.
    page.goto(plan_page)
    page.get_by_role("link", name="Edit plan content").click()
    page.wait_for_url(
        lambda url: url.endswith(reverse("delivery:plan_content_edit", args=[plan.slug]))
    )
    glossary_field = page.get_by_role("textbox", name=re.compile(r"^Glossary"))
    expect(glossary_field).to_have_value(re.compile(r"^CSP = Community Safety Partnership$", re.M))
    glossary_field.fill(f"{glossary_field.input_value()}\nXYZQ = Extra Yard Zone Quest")
    page.get_by_label("What you changed and why").fill("XYZQ added to the glossary")
    page.get_by_role("button", name="Save plan content").click()
    page.wait_for_url(lambda url: url == plan_page)
    expect(page.get_by_text("Plan content saved.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.glossary == GLOSSARY | {"XYZQ": "Extra Yard Zone Quest"}

    # Now every check passes, and publishing lands on version 1 with XYZQ in its glossary.
    open_the_publish_page()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_text("The draft passed every check.")).to_be_visible()
    # A priority no measure of the tables serves is named, and publishing asks to confirm it
    # (issue 22, item 1): pressed without confirming, nothing is published.
    expect(
        page.get_by_role("heading", name="Priorities without performance figures")
    ).to_be_visible()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Publish", exact=True).click()
    assert navigation.value.status == 422
    expect(page.get_by_role("alert")).to_contain_text(
        "Confirm that the update should be published without these priorities' figures"
    )
    assert axe_violations(page) == []
    assert not PublishedReport.objects.filter(plan=plan).exists()
    page.get_by_label("Publish without figures for these priorities").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(
        lambda url: url.endswith(reverse("delivery:published_detail", args=[plan.slug, 1]))
    )
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=f"{plan.name}: update")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Version 1, published"))).to_be_visible()
    expect(page.get_by_text("Crime prevention advice through the XYZQ scheme")).to_be_visible()
    glossary_section = page.get_by_role("region", name="Glossary")
    expect(
        glossary_section.get_by_role("term").filter(has_text=re.compile(r"^XYZQ$"))
    ).to_be_visible()
    expect(
        glossary_section.get_by_role("definition").filter(has_text="Extra Yard Zone Quest")
    ).to_be_visible()
    assert axe_violations(page) == []
    published = PublishedReport.objects.get(plan=plan)
    assert (published.version, published.published_by) == (1, officer)


def test_a_welsh_force_translates_its_update_and_a_reader_gets_it_in_welsh(
    chromium, live_server, world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: a policy officer gives the plan's text its Welsh, a page at a time, and
    publishes; a reader who chooses Cymraeg gets the Welsh copy, axe clean at each step."""
    settings.LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
    plan = plan_from_fixture()
    plan.glossary = GLOSSARY
    plan.save()
    officer = world.people[Role.OPCC_POLICY]
    page = chromium.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}{reverse('delivery:report_preview', args=[plan.slug])}")
    page.get_by_role("link", name="Translate it into Welsh").click()
    expect(page.get_by_role("heading", name="The plan update in Welsh", level=1)).to_be_visible()
    built, _body = report.draft(plan, welsh=True)
    total = len(built.translator.pieces)
    expect(page.get_by_text(f"{total} of the {total} pieces have no Welsh yet")).to_be_visible()
    assert axe_violations(page) == []
    # The plan's name, typed in Welsh in its box (labelled by where it is printed).
    name = page.get_by_role("textbox", name="The plan's name")
    name.fill("Cynllun Heddlu a Throseddu")
    page.get_by_role("button", name="Save the Welsh on this page").click()
    expect(page.get_by_text("Welsh saved for 1 piece(s).")).to_be_visible()
    expect(page.get_by_text(f"{total - 1} of the {total} pieces have no Welsh yet")).to_be_visible()
    assert axe_violations(page) == []

    # The rest as a translator would give them, then publication from the publish page.
    built, _body = report.draft(plan, welsh=True)
    rest = [p for p in built.translator.pieces.values() if not p.welsh]
    report.welsh_save(
        plan=plan,
        actor=None,
        pieces=rest,
        welsh={p.key: (f"<p>Cymraeg</p>{p.source}" if p.html else f"Cy {p.source}") for p in rest},
    )
    page.goto(f"{live_server.url}{reverse('delivery:report_publish', args=[plan.slug])}")
    expect(page.get_by_text("The draft passed every check.")).to_be_visible()
    without = page.get_by_label("Publish without figures for these priorities")
    if without.count():
        without.check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    published = PublishedReport.objects.get(plan=plan)
    assert published.html_cy and published.title_cy.startswith("Cynllun Heddlu a Throseddu")

    # A reader, signed out, chooses Cymraeg and reads the Welsh copy.
    reader = chromium.new_context().new_page()
    reader.goto(f"{live_server.url}{reverse('delivery:published_detail', args=[plan.slug, 1])}")
    reader.get_by_role("link", name="Cymraeg").click()
    expect(reader.locator("html")).to_have_attribute("lang", "cy")
    expect(reader.get_by_role("heading", level=1)).to_have_text(published.title_cy)
    expect(reader.locator("article.plan-report")).to_have_attribute("lang", "cy")
    expect(reader.get_by_role("heading", name="Cynnwys")).to_be_visible()
    expect(reader.get_by_role("link", name="Lawrlwythwch ef fel PDF")).to_have_attribute(
        "href", reverse("delivery:published_pdf_export", args=[plan.slug, 1])
    )
    assert axe_violations(reader) == []
