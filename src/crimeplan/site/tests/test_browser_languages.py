"""The language switch in headless Chromium, for a site that offers Welsh: a visitor switches
the start page to Cymraeg, the choice is remembered on the next page, and switches back; axe
finds no WCAG 2.2 AA violation in either language."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from crimeplan.core.tests.browser import axe_violations
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.victims_code import feedback_demo
from crimeplan.victims_code.tests.factories import ReturningAgencyFactory, return_with_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_switch_to_welsh_and_back(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = chromium.new_context().new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="The Police and Crime Plan")).to_be_visible()
    no_violations(page)

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    expect(page.get_by_role("heading", name="Y Cynllun Heddlu a Throseddu")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    no_violations(page)

    page.get_by_role("link", name="Cwcis").click()
    expect(page.get_by_role("heading", name="Cwcis", level=1)).to_be_visible()
    no_violations(page)

    page.get_by_role("navigation", name="Iaith").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Cookies", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.context.close()


# The public pages translated so far that take no form: each in English and in Welsh.
TRANSLATED_PAGES = [
    (
        "/voice/survey-results/",
        "What people told our survey",
        "Beth ddywedodd pobl wrth ein harolwg",
    ),
    (
        "/voice/unsafe-places/",
        "Places where people felt unsafe",
        "Lleoedd lle roedd pobl yn teimlo'n anniogel",
    ),
    ("/open-data/", "Open data", "Data agored"),
    ("/privacy/", "Privacy notice", "Hysbysiad preifatrwydd"),
    ("/forces/", "Police forces and areas", "Heddluoedd ac ardaloedd"),
    (
        "/recommendations/published/",
        "Inspections and recommendations: what is being done",
        "Arolygiadau ac argymhellion: beth sy'n cael ei wneud",
    ),
    ("/accessibility/", "Accessibility statement", "Datganiad hygyrchedd"),
    ("/grants/", "Grants awarded", "Grantiau a ddyfarnwyd"),
    ("/asb-reviews/figures/", None, None),
    (
        "/scrutiny/published/",
        "Custody visiting and scrutiny reports",
        "Adroddiadau ymweld â dalfeydd a chraffu",
    ),
    ("/delivery/published/", "Published plan updates", "Diweddariadau'r cynllun a gyhoeddwyd"),
    (
        "/performance/published/",
        "Published performance reports",
        "Adroddiadau perfformiad a gyhoeddwyd",
    ),
    ("/victims-code/", "Victims' Code compliance", "Cydymffurfio â'r Cod Dioddefwyr"),
    ("/grants/apply/", "Apply for a grant", "Gwneud cais am grant"),
    (
        "/complaint-reviews/figures/",
        "Police complaint review figures",
        "Ffigurau adolygiadau cwynion am yr heddlu",
    ),
]


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_translated_pages_pass_axe_in_both_languages(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # The Victims' Code page with figures and a published feedback quarter, so its tables are
    # checked too (the other pages show the reference data, or their empty state).
    feedback_demo.load()
    agency = ReturningAgencyFactory(organisation__name="Test Courts").organisation
    return_with_lines(agency, quarter=2, lines=(("r08", 100, 70),))
    return_with_lines(agency, quarter=3, lines=(("r08", 100, 90),))
    context = chromium.new_context()
    page = context.new_page()
    for language in ("en-gb", "cy"):
        page.goto(f"{live_server.url}/language/{language}/?next=/")
        for path, english, welsh in TRANSLATED_PAGES:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == (
                "cy" if language == "cy" else "en-GB"
            ), path
            heading = welsh if language == "cy" else english
            if heading:
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            no_violations(page)
    context.close()


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_a_performance_report_published_in_welsh_too(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A report published where Welsh is offered: its Welsh copy (the table, each measure's
    comment and chart, the notes) on the Welsh page, its English on the English page, axe clean
    in both, and each language's PDF from its page."""
    from crimeplan.crime_data import aggregates
    from crimeplan.performance import framework as fw
    from crimeplan.performance import services
    from crimeplan.performance.tests.factories import example_files
    from crimeplan.performance.tests.test_welsh_copy import (
        comment_where_needed,
        welsh_framework,
    )

    framework, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    record, _ = services.framework_save(
        actor=None, slug="welsh-copy", toml=fw.dumps(welsh_framework(framework.read_text()))
    )
    comment_where_needed(record, "{measure} changed by {force_change}.", "Newidiodd {measure}.")
    services.publish(actor=None, record=record, title="Q2 report", title_cy="Adroddiad Ch2")

    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    for language, title, pdf_name in (
        ("cy", "Adroddiad Ch2", "welsh-copy-report-1-cy.pdf"),
        ("en-gb", "Q2 report", "welsh-copy-report-1.pdf"),
    ):
        page.goto(f"{live_server.url}/language/{language}/?next=/performance/published/")
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        table = page.get_by_role(
            "table",
            name="Perfformiad yn erbyn y cynllun"
            if language == "cy"
            else "Performance against the plan",
        )
        expect(
            table.get_by_role(
                "link", name="Mesur 1" if language == "cy" else "All Crime", exact=True
            )
        ).to_be_visible()
        no_violations(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="PDF").click()
        assert download.value.suggested_filename == pdf_name
    context.close()
