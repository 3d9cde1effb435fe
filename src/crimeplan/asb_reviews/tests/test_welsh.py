"""The application in Welsh (the Welsh Language Standards): where the site offers Welsh the
form asks which language to write in, every message of the form is in the page's language,
and the acknowledgement, the letters and the threshold's reasons are written in the language
the applicant asked for, whatever language the staff who send them read."""

import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews import letters
from crimeplan.asb_reviews.constants import LetterKind, Status
from crimeplan.asb_reviews.models import CaseReview

from .factories import RECEIVED, case_at
from .test_pages import application_post

pytestmark = pytest.mark.usefixtures("reference")

WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]
# Words only an English sentence of the letters has: none may be left in a Welsh letter.
ENGLISH_WORDS = re.compile(r"\b(the|we|you|your|review|threshold|dear|yours|which)\b", re.I)


@pytest.fixture(autouse=True)
def _clear_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _in_welsh(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"


def _errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]


def test_an_english_only_site_does_not_ask_and_writes_in_english(client) -> None:
    page = client.get(reverse("asb_reviews:apply")).content.decode()
    assert "correspondence_language" not in page
    client.post(reverse("asb_reviews:apply"), application_post())
    assert CaseReview.objects.get().correspondence_language == "en-gb"


@override_settings(LANGUAGES=WELSH_TOO)
def test_the_form_asks_which_language_starting_from_the_pages(client) -> None:
    english = client.get(reverse("asb_reviews:apply")).content.decode()
    assert 'name="correspondence_language" type="radio" value="en-gb" checked' in english
    # Each language is named in itself, and marked as being in it.
    assert 'lang="cy">Cymraeg</label>' in english and 'lang="en-GB">English</label>' in english
    _in_welsh(client)
    welsh = client.get(reverse("asb_reviews:apply")).content.decode()
    assert '<html lang="cy"' in welsh
    assert 'name="correspondence_language" type="radio" value="cy" checked' in welsh
    assert "Ym mha iaith y dylem ysgrifennu atoch?" in welsh
    assert "Gwneud cais am Adolygiad Achos Ymddygiad Gwrthgymdeithasol" in welsh


@override_settings(LANGUAGES=WELSH_TOO)
def test_an_application_in_welsh_is_kept_and_acknowledged_in_welsh(client) -> None:
    _in_welsh(client)
    response = client.post(
        reverse("asb_reviews:apply"), application_post(correspondence_language="cy")
    )
    assert response.status_code == 302
    case = CaseReview.objects.get()
    assert case.correspondence_language == "cy"
    done = client.get(response["Location"]).content.decode()
    assert "Cais wedi'i anfon" in done and case.reference in done
    [sent] = mail.outbox
    assert sent.subject == (
        f"Eich cais am Adolygiad Achos Ymddygiad Gwrthgymdeithasol {case.reference}"
    )
    assert sent.body.startswith("Diolch am wneud cais") and "Byddwn yn gwirio" in sent.body
    assert not ENGLISH_WORDS.search(sent.body)


@override_settings(LANGUAGES=WELSH_TOO)
def test_a_welsh_page_honours_an_applicant_who_asks_for_english(client) -> None:
    _in_welsh(client)
    client.post(reverse("asb_reviews:apply"), application_post(correspondence_language="en-gb"))
    assert CaseReview.objects.get().correspondence_language == "en-gb"
    assert mail.outbox[0].body.startswith("Thank you for applying")


def _bad(kind: str) -> dict[str, str]:
    if kind == "every field":
        # Every field's own message, the incidents' and the service's rules left for later.
        return {key: "" for key in application_post() if not key.startswith("incident-")}
    if kind == "the service's rules":
        # Consent, the victim's agreement and name, the contact asked for, and an incident
        # reported before it happened.
        return {
            "consent_to_share": "",
            "applicant_relationship": "family",
            "contact_preference": "phone",
            "correspondence_language": "cy",
            "incident-1-reported_on": "01/03/2024",
        }
    # A date that is no date, and no incident at all.
    return {
        "correspondence_language": "cy",
        **{f"incident-{n}-{k}": "" for n in (0, 1) for k in ("occurred_on", "reported_on")},
        "incident-0-occurred_on": "31/02/2024",
    }


@override_settings(LANGUAGES=WELSH_TOO)
@pytest.mark.parametrize("kind", ["every field", "the service's rules", "dates and incidents"])
def test_every_message_of_the_form_is_in_the_pages_language(client, kind: str) -> None:
    url = reverse("asb_reviews:apply")
    changes = _bad(kind)
    english = _errors(client.post(url, application_post(**changes)).content.decode())
    _in_welsh(client)
    welsh_page = client.post(url, application_post(**changes)).content.decode()
    welsh = _errors(welsh_page)
    assert english and len(welsh) == len(english)
    assert [w for w, e in zip(welsh, english, strict=True) if w == e] == []
    assert "<title>Gwall:" in welsh_page
    assert not CaseReview.objects.exists()


def test_the_letters_are_in_the_language_the_applicant_asked_for() -> None:
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    case = case_at(
        Status.RECOMMENDATIONS_ISSUED,
        coordinator=coordinator,
        owner=opcc,
        correspondence_language="cy",
    )
    # Staff read the rule's reasons in English; the applicant's letter gives them in Welsh.
    assert case.threshold_explanation.startswith("3 separate occasions within 6 months")
    assert case.threshold_explanation_for_applicant.startswith("3 achlysur ar wahân o fewn 6 mis")
    built = {
        kind: letters.letter_for(case, kind, opcc_name="Swyddfa'r Comisiynydd", today=RECEIVED)
        for kind in LetterKind
    }
    assert built[LetterKind.ACKNOWLEDGEMENT].paragraphs[0] == (
        "Diolch am eich cais am Adolygiad Achos Ymddygiad Gwrthgymdeithasol, a ddaeth i law "
        f"ar 2 Ebrill 2024. Eich cyfeirnod yw {case.reference}."
    )
    assert built[LetterKind.THRESHOLD].title == (
        "Eich Adolygiad Achos Ymddygiad Gwrthgymdeithasol: penderfyniad ar y trothwy"
    )
    for kind, letter in built.items():
        assert letter.language == "cy" and letter.lang == "cy"
        # What staff typed (findings, support, the recommendation) is quoted as typed; every
        # sentence the letter itself writes is Welsh.
        typed = {case.findings, case.victim_support, "Share reports weekly.", opcc.name}
        written = " ".join(letter.paragraphs)
        for text in typed:
            written = written.replace(text, "")
        assert not ENGLISH_WORDS.search(written), (kind, written)
        document = letters.letter_document(letter)
        assert '<html lang="cy">' in document and "Annwyl" in document and "Yn gywir," in document
        assert "Cyfeirnod:" in document and "Ebrill 2024" in document

    reader = PdfReader(io.BytesIO(letters.letter_pdf(built[LetterKind.OUTCOME])))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Cyfarfu panel yr Adolygiad Achos Ymddygiad Gwrthgymdeithasol" in words
    # The staff pages around the letters stay English.
    with translation.override("en-gb"):
        assert str(LetterKind.THRESHOLD.label) == "Threshold decision"


@override_settings(LANGUAGES=WELSH_TOO, CRIMEPLAN_OPCC_NAME_CY="Swyddfa Comisiynydd (prawf)")
def test_staff_see_a_welsh_letter_marked_as_welsh_on_their_english_page(client) -> None:
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    case = case_at(Status.ACKNOWLEDGED, coordinator=coordinator, correspondence_language="cy")
    client.force_login(coordinator)
    page = client.get(
        reverse("asb_reviews:letter", kwargs={"pk": case.pk, "kind": "acknowledgement"})
    ).content.decode()
    assert '<html lang="en-GB"' in page and "Download this letter as a PDF" in page
    assert '<article lang="cy">' in page
    assert "Annwyl" in page and "Swyddfa Comisiynydd (prawf)" in page
    detail = client.get(reverse("asb_reviews:case_detail", args=[case.pk])).content.decode()
    assert '<span lang="cy">Cymraeg</span>: the letters and e-mails' in detail
