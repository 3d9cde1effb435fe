"""You said, we did, in the demonstration, in headless Chromium: after `load-demo`'s
delivery, voice and tracker content, the public hotspot page and the public survey page each
show a finding with the fictional action that answers it and the update published on it, in
English and in Welsh, and axe finds no WCAG 2.2 AA violation on either page in either
language."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from crimeplan.accounts import demo as accounts_demo
from crimeplan.core.tests.browser import axe_violations
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.delivery import demo as delivery_demo
from crimeplan.recommendations import demo as recommendations_demo
from crimeplan.voice import demo as voice_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (path, what the demo's answer to a finding there says in English, and in Welsh)
PAGES = [
    ("/voice/unsafe-places/", "two lights were repaired", "trwsiwyd dau olau"),
    ("/voice/survey-results/", "safer routes home scheme", "llwybrau mwy diogel adref"),
]


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_the_demo_shows_what_was_done_beside_its_findings_in_both_languages(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
    settings,
    tmp_path,
) -> None:
    settings.CRIMEPLAN_DATA_DIR = tmp_path
    accounts_demo.load()
    delivery_demo.load()
    voice_demo.load()
    lines = recommendations_demo.load()
    assert (
        "You said, we did: 2 public findings linked to fictional actions with published "
        "updates." in lines
    )

    context = chromium.new_context()
    page = context.new_page()
    for language in ("en-gb", "cy"):
        page.goto(f"{live_server.url}/language/{language}/?next=/")
        for path, english, welsh in PAGES:
            page.goto(live_server.url + path)
            said = welsh if language == "cy" else english
            update = page.get_by_text(said, exact=False)
            expect(update).to_be_visible()
            # The update sits beside its finding: a hotspot's row, or a survey finding's box
            # that the table links to.
            finding = page.locator("tr[id^=cell-], div[id^=finding-]").filter(has=update)
            expect(finding).to_have_count(1)
            assert axe_violations(page) == [], (language, path)
    # From the survey table, the "worse" link goes to its finding.
    page.goto(live_server.url + "/voice/survey-results/")
    page.get_by_role("link", name="gwaeth: gweld beth a wnaed").first.click()
    assert page.url.split("#")[1].startswith("finding-2025-Q1-")
    context.close()
