"""The published custody-visiting and scrutiny reports in Welsh: the list, the report's page
and its tables' headings are in the page's language; the PDF stays English (and says so)."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from crimeplan.scrutiny.tests.factories import ICV_ROW, PublishedReportFactory

pytestmark = pytest.mark.django_db

WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]


@pytest.fixture
def report():  # type: ignore[no-untyped-def]
    return PublishedReportFactory(year=2025, figures={"icv": [ICV_ROW]})


@override_settings(LANGUAGES=WELSH_TOO)
def test_the_report_list_and_page_are_welsh_for_a_welsh_reader(client, report) -> None:  # type: ignore[no-untyped-def]
    client.get(reverse("site:language", kwargs={"code": "cy"}))
    listing = client.get(reverse("scrutiny:public_report_list")).content.decode()
    assert "Adroddiadau ymweld â dalfeydd a chraffu" in listing
    assert "Adroddiad blynyddol Ymwelwyr Annibynnol â Dalfeydd 2025/26" in listing
    page = client.get(reverse("scrutiny:public_report", kwargs={"pk": report.pk})).content.decode()
    for welsh in ("Ymweliadau fesul dalfa a chwarter", "Materion a godwyd", "Cyhoeddwyd"):
        assert welsh in page
    assert "Issues raised" not in page
    assert "Compass House" in page  # a place's name is data, the same in both


@override_settings(LANGUAGES=WELSH_TOO)
def test_the_pdf_stays_english_and_says_so(client, report) -> None:  # type: ignore[no-untyped-def]
    client.get(reverse("site:language", kwargs={"code": "cy"}))
    url = reverse("scrutiny:public_report_export_pdf", kwargs={"pk": report.pk})
    reader = PdfReader(io.BytesIO(client.get(url).content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Issues raised" in text and "Materion a godwyd" not in text
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_an_english_reader_sees_english(client, report) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("scrutiny:public_report", kwargs={"pk": report.pk})).content.decode()
    assert "Visits by custody suite and quarter" in page
    assert "Independent Custody Visiting annual report 2025/26" in page
