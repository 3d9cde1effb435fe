"""The complaint review application in Welsh, where the site offers it: the form asks which
language to write in, its every message (the late-application one with Welsh dates) is in the
page's language, and the receipt e-mail, the letters and the validity reasons are written in
the language the complainant asked for, whatever language the staff who send them read."""

import datetime
import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member

from .. import letters, services
from ..constants import LetterKind
from ..models import ComplaintReview
from .factories import ComplaintReviewFactory, RecommendationFactory
from .test_pages import _application

pytestmark = pytest.mark.django_db
WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]
# Words only an English sentence of the letters has: none may be left in a Welsh letter.
ENGLISH_WORDS = re.compile(r"\b(the|we|you|your|review|outcome|dear|yours|reasons)\b", re.I)


def _in_welsh(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"


def _errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in summary.split("<li>")[1:]]


def test_an_english_only_site_does_not_ask(client) -> None:  # type: ignore[no-untyped-def]
    assert (
        "correspondence_language"
        not in client.get(reverse("complaint_reviews:apply")).content.decode()
    )
    client.post(reverse("complaint_reviews:apply"), _application())
    assert ComplaintReview.objects.get().correspondence_language == "en-gb"


@override_settings(LANGUAGES=WELSH_TOO)
def test_an_application_in_welsh_is_kept_and_acknowledged_in_welsh(client) -> None:  # type: ignore[no-untyped-def]
    _in_welsh(client)
    page = unescape(client.get(reverse("complaint_reviews:apply")).content.decode())
    assert "Gofyn am adolygiad o'ch cwyn am yr heddlu" in page
    assert 'name="correspondence_language" type="radio" value="cy" checked' in page
    response = client.post(
        reverse("complaint_reviews:apply"), _application(correspondence_language="cy")
    )
    assert response.status_code == 302
    review = ComplaintReview.objects.get()
    assert review.correspondence_language == "cy"
    done = unescape(client.get(response["Location"]).content.decode())
    assert "Cais wedi'i anfon" in done and review.reference in done
    [sent] = mail.outbox
    assert sent.subject == f"Eich cais am adolygiad o gŵyn {review.reference}"
    assert sent.body.startswith("Rydym wedi cael eich cais") and not ENGLISH_WORDS.search(sent.body)


@override_settings(LANGUAGES=WELSH_TOO)
def test_every_message_of_the_form_is_in_the_pages_language(client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("complaint_reviews:apply")
    late = timezone.localdate() - datetime.timedelta(days=40)
    for bad in (
        {key: "" for key in _application()},
        _application(complainant_email="", outcome_letter_on=f"{late:%d/%m/%Y}"),
        _application(outcome_letter_on="31/02/2026"),
        _application(outcome_letter_on="01/01/0001"),
    ):
        english = _errors(client.post(url, bad).content.decode())
        _in_welsh(client)
        welsh_page = client.post(url, bad).content.decode()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        welsh = _errors(welsh_page)
        assert english and len(welsh) == len(english), (english, welsh)
        assert [w for w, e in zip(welsh, english, strict=True) if w == e] == []
        assert "<title>Gwall:" in welsh_page
    # The late application's message names its dates in Welsh.
    _in_welsh(client)
    page = unescape(
        client.post(url, _application(outcome_letter_on=f"{late:%d/%m/%Y}")).content.decode()
    )
    assert "o fewn 28 diwrnod i'r llythyr canlyniad: ar gyfer llythyr dyddiedig" in page
    assert not ComplaintReview.objects.exists()


def test_the_letters_are_in_the_language_the_complainant_asked_for() -> None:
    officer = member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))
    refused = ComplaintReviewFactory(correspondence_language="cy", in_time=False)
    refused = services.review_check_validity(
        actor=officer,
        review=refused,
        on=refused.received_on,
        reviewable=False,
        already_reviewed=False,
        late_accepted=False,
        discretion_reason="No reason was given for the delay.",
    )
    # Staff read the reasons in English; the complainant's letter gives them in Welsh, with
    # what the officer typed quoted as typed.
    assert refused.validity_reasons.startswith("The application was late and was not accepted")
    assert refused.validity_reasons_for_applicant.startswith("Roedd y cais yn hwyr")
    decided = RecommendationFactory(review__correspondence_language="cy").review
    body = "Swyddfa'r Comisiynydd"
    built = [
        letters.letter_for(
            refused, LetterKind.ACKNOWLEDGMENT, body=body, today=refused.received_on
        ),
        letters.letter_for(refused, LetterKind.NOT_VALID, body=body, today=refused.received_on),
        letters.letter_for(decided, LetterKind.DECISION, body=body, today=decided.received_on),
    ]
    assert built[0].paragraphs[0].startswith("Diolch am eich cais, a ddaeth i law ar 2 Mawrth 2026")
    assert built[2].title == "Eich adolygiad o gŵyn: penderfyniad"
    typed = {
        "No reason was given for the delay.",
        decided.decision_reasons,
        *(r.text for r in decided.recommendations.all()),
    }
    for letter in built:
        assert letter.lang == "cy"
        written = " ".join(letter.paragraphs)
        for text in typed:
            written = written.replace(text, "")
        assert not ENGLISH_WORDS.search(written), written
        document = letters.letter_document(letter)
        assert '<html lang="cy">' in document and "Annwyl" in document and "Yn gywir," in document
        assert "Ein cyfeirnod:" in document
    reader = PdfReader(io.BytesIO(letters.letter_pdf(built[1])))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Ni allwn ei adolygu, am y rhesymau hyn:" in words
