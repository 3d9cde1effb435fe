"""The report of an unsafe place in Welsh, where the site offers it: the form, its every
message and the page after it in the page's language, and a description typed in Welsh
redacted before it is stored."""

from html import unescape

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from crimeplan.voice.models import UnsafePlaceReport

from .test_reports import _form, _post

pytestmark = pytest.mark.django_db
WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]


@pytest.fixture(autouse=True)
def _in_welsh(client, reference) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"


@override_settings(LANGUAGES=WELSH_TOO)
def test_the_form_and_its_map_speak_welsh(client) -> None:  # type: ignore[no-untyped-def]
    html = unescape(client.get(reverse("voice:report_start")).content.decode())
    assert '<html lang="cy"' in html
    assert "Rhoi gwybod am le lle roeddech chi'n teimlo'n anniogel" in html
    assert "Ble roeddech chi'n teimlo'n anniogel?" in html
    assert "Noswaith (6pm i hanner nos)" in html and "Cael fy nilyn" in html
    # The map's script says what the page gives it, in the page's language.
    assert "data-chosen=\"Lle wedi'i ddewis ar y map." in html


@override_settings(LANGUAGES=WELSH_TOO)
def test_every_message_is_welsh_and_nothing_is_stored(client) -> None:  # type: ignore[no-untyped-def]
    empty = _form(what_happened=[], time_band="", incident_date="", reported_to_police="")
    html = unescape(_post(client, empty).content.decode())
    for message in (
        "Mae problem wedi codi",
        "Rhowch ble roeddech chi'n teimlo'n anniogel, neu dewiswch le ar y map",
        "Rhowch y dyddiad y digwyddodd",
        "Dewiswch yr adeg o'r dydd",
        "Dewiswch beth ddigwyddodd",
        "Dewiswch 'Ie' os rhoesoch wybod i'r heddlu",
    ):
        assert message in html, message
    assert "Enter" not in html and "Select" not in html
    elsewhere = unescape(_post(client, _form(place="rhywle yn Birmingham")).content.decode())
    # The examples are the configured area's own districts, whichever force it is.
    assert "Rhowch dref neu ardal sydd yn ein hardal ni, fel Cheltenham neu Cotswold" in elsewhere
    outside = unescape(_post(client, _form(latitude=52.48, longitude=-1.89)).content.decode())
    assert "y tu allan i'r ardal rydym yn ei chwmpasu" in outside
    assert not UnsafePlaceReport.objects.exists()


@override_settings(LANGUAGES=WELSH_TOO)
def test_a_report_in_welsh_is_redacted_and_thanked_in_welsh(client) -> None:  # type: ignore[no-untyped-def]
    typed = "Ger yr orsaf yn Stroud, mae fy nghymydog Dai a'i ffrind Siân yn gweiddi"
    response = _post(client, _form(place=typed))
    assert response.status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert report.district.name == "Stroud"
    assert "Dai" not in report.place_description and "Siân" not in report.place_description
    assert report.place_description.startswith("Ger yr orsaf yn Stroud")
    done = unescape(client.get(response["Location"]).content.decode())
    assert "Adroddiad wedi'i anfon" in done and "Diolch am ddweud wrthym" in done
