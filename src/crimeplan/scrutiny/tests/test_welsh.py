"""The published custody-visiting and scrutiny reports in Welsh: the list, the report's page,
its tables' headings and its PDF are in the page's language."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from crimeplan.scrutiny.figures import ALL_SUITES, WHOLE_YEAR
from crimeplan.scrutiny.reports import _label
from crimeplan.scrutiny.tests.factories import ICV_ROW, PublishedReportFactory

pytestmark = pytest.mark.django_db

WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]


@pytest.fixture
def report():  # type: ignore[no-untyped-def]
    total = {**ICV_ROW, "site": ALL_SUITES, "quarter": WHOLE_YEAR}
    return PublishedReportFactory(year=2025, figures={"icv": [ICV_ROW, total]})


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
    # The labels frozen in the figures are shown in Welsh too.
    assert "Pob dalfa" in page and "y flwyddyn gyfan" in page and ">Ch1<" in page
    assert "All suites" not in page


@pytest.mark.parametrize(
    ("frozen", "welsh"),
    [
        ("All suites", "Pob dalfa"),
        ("all", "y flwyddyn gyfan"),
        ("Q3", "Ch3"),
        ("2025/26 Q1", "2025/26 Ch1"),
        ("8. To be given information about the trial", "8. Cael gwybodaeth am yr achos llys"),
        ("Appropriate and consistent", "Priodol a chyson"),
        ("Panel could not agree", "Ni allai'r panel gytuno"),
        # Data is shown as it is, even where it looks like a word with a translation.
        ("Show", "Show"),
        ("Q5", "Q5"),
        ("Compass House", "Compass House"),
    ],
)
def test_a_frozen_label_is_translated_and_data_is_not(frozen: str, welsh: str) -> None:
    with translation.override("cy"):
        assert _label(frozen) == welsh
    with translation.override("en-gb"):
        assert _label(frozen) == frozen


@override_settings(LANGUAGES=WELSH_TOO, CRIMEPLAN_OPCC_NAME_CY="Swyddfa'r Comisiynydd (prawf)")
def test_the_pdf_is_in_the_readers_language(client, report) -> None:  # type: ignore[no-untyped-def]
    url = reverse("scrutiny:public_report_export_pdf", kwargs={"pk": report.pk})
    english = client.get(url)
    reader = PdfReader(io.BytesIO(english.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Issues raised" in text and "Open Government Licence v3.0" in text
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert 'icv-annual-report-2025.pdf"' in english["Content-Disposition"]

    client.get(reverse("site:language", kwargs={"code": "cy"}))
    welsh = client.get(url)
    reader = PdfReader(io.BytesIO(welsh.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ymweliadau fesul dalfa a chwarter" in text and "Issues raised" not in text
    assert "Cyhoeddwyd gan Swyddfa'r Comisiynydd (prawf)" in text
    assert "Trwydded Llywodraeth Agored v3.0" in text
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert 'icv-annual-report-2025-cy.pdf"' in welsh["Content-Disposition"]


def test_an_english_reader_sees_english(client, report) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("scrutiny:public_report", kwargs={"pk": report.pk})).content.decode()
    assert "Visits by custody suite and quarter" in page
    assert "Independent Custody Visiting annual report 2025/26" in page


@override_settings(LANGUAGES=WELSH_TOO)
def test_a_panels_findings_are_headed_in_the_readers_language(client) -> None:  # type: ignore[no-untyped-def]
    outcomes = [["2025/26 Q1", {"Appropriate and consistent": 3, "Inappropriate": 1}]]
    report = PublishedReportFactory(
        kind="panels", year=2025, figures={"outcomes": outcomes, "vetting_outcomes": []}
    )
    url = reverse("scrutiny:public_report", kwargs={"pk": report.pk})
    english = client.get(url).content.decode()
    assert ">Appropriate and consistent<" in english and ">Inappropriate<" in english
    client.get(reverse("site:language", kwargs={"code": "cy"}))
    welsh = client.get(url).content.decode()
    assert ">Priodol a chyson<" in welsh and ">Amhriodol<" in welsh and ">2025/26 Ch1<" in welsh
    assert "Appropriate and consistent" not in welsh
    assert report.figures["outcomes"] == outcomes  # the frozen figures keep their English
