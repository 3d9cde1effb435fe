"""The letters as PDF: made by WeasyPrint from the letter's own HTML, tagged (PDF/UA-1) with
its language and title, served through the one download path and audited."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _words(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_a_letter_downloads_as_a_tagged_pdf_and_is_audited(client) -> None:  # type: ignore[no-untyped-def]
    officer = member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))
    review = RecommendationFactory(review__decision_reasons="Witness ignored.").review
    client.force_login(officer)
    page = client.get(reverse("complaint_reviews:letter", args=[review.pk, "decision"]))
    pdf_url = reverse("complaint_reviews:letter_export", args=[review.pk, "decision"])
    assert pdf_url in page.content.decode()
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{review.reference}-decision.pdf"'
    )
    words, reader = _words(response.content)
    assert f"Our reference: {review.reference}" in words
    assert "Your complaint review: decision" in words
    assert "Dear Robin Example," in words and "Re-investigate." in words
    assert "Yours sincerely," in words
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None
    assert reader.metadata.title == "Your complaint review: decision"
    (event,) = AuditEvent.objects.filter(action="export", object_id=str(review.pk))
    assert review.reference in event.summary and "PDF" in event.summary
    assert "Robin" not in event.summary


def test_a_letter_not_ready_or_unknown_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    officer = member(Role.OPCC_ADMIN, OrganisationFactory(kind=OrganisationKind.OPCC))
    review = RecommendationFactory().review
    client.force_login(officer)
    for kind in ("not_valid", "nonsense"):
        url = reverse("complaint_reviews:letter_export", args=[review.pk, kind])
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_only_the_review_officers_download_a_letter(client) -> None:  # type: ignore[no-untyped-def]
    review = RecommendationFactory().review
    url = reverse("complaint_reviews:letter_export", args=[review.pk, "decision"])
    analyst = member(Role.OPCC_ANALYST, OrganisationFactory(kind=OrganisationKind.OPCC))
    client.force_login(analyst)
    assert client.get(url).status_code in {403, 404}
    assert not AuditEvent.objects.filter(action="export").exists()
