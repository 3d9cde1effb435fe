"""The letter's PDF: made by WeasyPrint from the letter's HTML, tagged (PDF/UA-1), and
readable, including names outside Latin-1."""

import datetime
import io

from pypdf import PdfReader

from crimeplan.asb_reviews.constants import LetterKind
from crimeplan.asb_reviews.letters import Letter, letter_document, letter_pdf

LETTER = Letter(
    kind=LetterKind.ACKNOWLEDGEMENT,
    title="Your ASB Case Review: acknowledgement",
    date=datetime.date(2024, 4, 2),
    reference="ASB-2024-0001",
    addressee="Zoë Łukasiewicz-O'Brien",
    paragraphs=("Thank you for your application.", "Your reference is ASB-2024-0001."),
    sender="ASB Case Review co-ordinator, Office of the PCC",
)


def test_the_document_is_the_letter_with_its_language_and_title() -> None:
    html = letter_document(LETTER)
    assert '<html lang="en-GB">' in html
    assert "<title>Your ASB Case Review: acknowledgement</title>" in html
    assert "<h1" in html and "Reference: ASB-2024-0001<br>2 April 2024" in html


def test_the_pdf_is_tagged_and_reads_as_the_letter() -> None:
    reader = PdfReader(io.BytesIO(letter_pdf(LETTER)))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert words == (
        "Reference: ASB-2024-0001 2 April 2024 Your ASB Case Review: acknowledgement "
        "Dear Zoë Łukasiewicz-O'Brien, Thank you for your application. "
        "Your reference is ASB-2024-0001. "
        "Yours sincerely, ASB Case Review co-ordinator, Office of the PCC"
    )
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None
    assert reader.metadata.title == LETTER.title
    assert reader.metadata.author == LETTER.sender
