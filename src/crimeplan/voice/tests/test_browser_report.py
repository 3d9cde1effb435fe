"""The public report form end to end in headless Chromium, with and without JavaScript, with
axe (WCAG 2.2 AA) on every step."""

import datetime
import os
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from crimeplan.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, axe_violations, fill_date
from crimeplan.delivery import services as delivery_services
from crimeplan.delivery.tests.factories import ActionFactory
from crimeplan.recommendations.constants import Source
from crimeplan.recommendations.models import Recommendation
from crimeplan.recommendations.sync import sync_all
from crimeplan.voice import followups
from crimeplan.voice.constants import LocationSource
from crimeplan.voice.models import FollowUp, UnsafePlaceReport

from .factories import planted_hotspot

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


def _violations(chromium, page, javascript: bool) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """axe needs JavaScript, so a page served to a browser without it is checked as served:
    its HTML, scripts removed, replayed at the same address in a page that runs axe."""
    if javascript:
        return axe_violations(page)
    served = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.DOTALL)
    checker = chromium.new_page()
    checker.route(page.url, lambda route: route.fulfill(body=served, content_type="text/html"))
    checker.goto(page.url)
    found = axe_violations(checker)
    checker.close()
    return found


def _answer_the_rest(page) -> None:  # type: ignore[no-untyped-def]
    when = datetime.date.today() - datetime.timedelta(days=2)  # noqa: DTZ011
    fill_date(page, "When was it?", when)
    page.get_by_label("Evening (6pm to midnight)").check()
    page.get_by_label("Being followed").check()
    page.get_by_label("Badly lit").check()
    page.get_by_label("No", exact=True).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_report_an_unsafe_place(chromium, live_server, live_db, javascript: bool) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/voice/report-an-unsafe-place/")
    assert _violations(chromium, page, javascript) == []
    map_figure = page.locator("[data-voice-map]")
    assert map_figure.is_visible() is javascript
    # Sent with nothing filled in: every problem is listed, and the page still passes.
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter where you felt unsafe")).to_be_visible()
    assert _violations(chromium, page, javascript) == []
    _answer_the_rest(page)
    if javascript:
        # A click on a district's shape puts a point inside that district.
        page.locator("[data-voice-map] path").first.click()
        expect(page.get_by_text("Place chosen on the map")).to_be_visible()
        assert page.locator("#id_latitude").input_value() != ""
    else:
        page.get_by_label("Where did you feel unsafe?").fill("The car park behind Stroud station")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    assert _violations(chromium, page, javascript) == []
    report = UnsafePlaceReport.objects.get()
    if javascript:
        assert report.location_source == LocationSource.MAP and report.grid_cell
    else:
        assert report.location_source == LocationSource.PLACE
        assert report.district.name == "Stroud" and report.grid_cell == ""
    context.close()


def test_survey_and_hotspot_pages_with_data_pass_axe(
    chromium, live_server, live_db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.constants import Role
    from crimeplan.core.tests.browser import sign_in
    from crimeplan.core.tests.world import build_world
    from crimeplan.geography.models import District
    from crimeplan.voice import places

    from .factories import ReportFactory, synthetic_survey

    synthetic_survey(tmp_path / "2024", year=2024, per_district=60)
    synthetic_survey(tmp_path / "2025", year=2025, per_district=60)
    cheltenham = District.objects.get(name="Cheltenham")
    snapped = places.snap(51.899312, -2.078431)
    for _ in range(8):
        ReportFactory(
            district=cheltenham,
            grid_cell=snapped.cell,
            latitude=snapped.latitude,
            longitude=snapped.longitude,
        )
    world = build_world()
    admin = world.people[Role.OPCC_ADMIN]
    page = chromium.new_page()
    sign_in(page, live_server.url, admin.email, admin.totp_secret)
    for path in [
        "/voice/survey/",
        "/voice/survey/2025/county/",
        f"/voice/survey/2025/{cheltenham.code}/",
        "/voice/hotspots/county/?crime_types=Drugs",
        f"/voice/hotspots/{cheltenham.code}/",
        "/voice/unsafe-places/",
        "/voice/reports/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.url.endswith(path), path
        assert axe_violations(page) == [], path
    # The chart is there, labelled, and the hotspot cell is on the map and in the table.
    page.goto(f"{live_server.url}/voice/survey/2025/county/")
    assert (page.locator("svg[role=img] title").first.text_content() or "").startswith("Feel safe")
    page.goto(f"{live_server.url}/voice/hotspots/{cheltenham.code}/")
    expect(page.get_by_role("cell", name="8", exact=True).first).to_be_visible()


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_report_an_unsafe_place_in_welsh(chromium, live_server, live_db) -> None:  # type: ignore[no-untyped-def]
    """Chosen in Cymraeg: the form, its errors, the map's words and the page after it are
    Welsh, and axe finds nothing on any of them."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/language/cy/?next=/voice/report-an-unsafe-place/")
    expect(
        page.get_by_role("heading", name="Rhoi gwybod am le lle roeddech chi'n teimlo'n anniogel")
    ).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anfon yr adroddiad").click()
    expect(page.get_by_text("Mae problem wedi codi")).to_be_visible()
    expect(page.get_by_role("link", name="Dewiswch beth ddigwyddodd")).to_be_visible()
    assert page.title().startswith("Gwall:")
    assert axe_violations(page) == []
    when = datetime.date.today() - datetime.timedelta(days=2)  # noqa: DTZ011
    fill_date(page, "Pryd oedd hyn?", when)
    page.get_by_label("Noswaith (6pm i hanner nos)").check()
    page.get_by_label("Cael fy nilyn").check()
    page.get_by_label("Na", exact=True).check()
    page.locator("[data-voice-map] path").first.click()
    expect(page.get_by_text("Lle wedi'i ddewis ar y map.")).to_be_visible()
    page.get_by_label("Eich cyfeiriad e-bost (dewisol)").fill("preswylydd@example.net")
    page.get_by_role("button", name="Anfon yr adroddiad").click()
    expect(page.get_by_role("heading", name="Adroddiad wedi'i anfon")).to_be_visible()
    assert axe_violations(page) == []
    report = UnsafePlaceReport.objects.get()
    assert report.location_source == LocationSource.MAP
    context.close()

    # The address waits apart from the report, in the form's language; once the report's
    # area is a hotspot answered with a published update, its one message is in Welsh.
    follow_up = FollowUp.objects.get()
    assert (follow_up.email, follow_up.language) == ("preswylydd@example.net", "cy")
    assert report.latitude is not None and report.longitude is not None
    key = planted_hotspot(latitude=report.latitude, longitude=report.longitude)
    assert key == follow_up.cell
    sync_all()
    row = Recommendation.objects.get(source=Source.UNSAFE_PLACE_HOTSPOT, source_key=key)
    row.action = ActionFactory(title="Goleuadau'r danffordd")
    row.save()
    delivery_services.public_update_add(
        action=row.action,
        actor=None,
        text="The lights were mended.",
        text_cy="Trwsiwyd y goleuadau.",
        published_on=timezone.localdate(),
    )
    assert followups.follow_ups_send(today=timezone.localdate()).sent == 1
    (message,) = mail.outbox
    assert message.subject == "Beth a wnaed am y lle y rhoesoch wybod amdano"
    assert "Trwsiwyd y goleuadau." in message.body and "Gofynnoch i ni" in message.body
