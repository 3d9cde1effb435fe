"""The report's PDF is PDF/UA-shaped: tagged, with its language, title, an outline from h1-h3,
tables as tables, and the alt text of every image and chart in the structure tree."""

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from crimeplan.delivery.pdf import accessibility_problems, pdf_facts, write_pdf

ONE_PIXEL_GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
RED_SQUARE = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'>"
    "<rect width='20' height='20' fill='%23d4351c'/></svg>"
)


def document(body: str, *, lang: str = "en-GB", title: str = "Plan update, November 2026") -> str:
    lang_attribute = f' lang="{lang}"' if lang else ""
    return (
        f'<!DOCTYPE html><html{lang_attribute}><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><main>{body}</main></body></html>"
    )


SMALL = document(
    "<h1>Plan update, November 2026</h1>"
    '<h2 id="priority-p1">Accessible and responsive policing (P1)</h2>'
    "<h3>What we've done</h3><ul><li>Opened the control room</li></ul>"
    "<h4>A detail not in the outline</h4>"
    "<h3>How we are performing</h3>"
    "<table><caption>Crime measures</caption>"
    '<thead><tr><th scope="col">Measure</th><th scope="col">Count</th></tr></thead>'
    '<tbody><tr><th scope="row">Burglary</th><td>1,204</td></tr></tbody></table>'
    f'<p><img src="{RED_SQUARE}" alt="Red square marking a measure whose aim was not met"></p>'
    '<h2 id="asb">Anti-social behaviour</h2>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" role="img">'
    "<title>ASB incidents per 1,000 people, years ending March 2013 to 2023</title>"
    '<rect x="0" y="10" width="150" height="20" fill="#1d70b8"/></svg>'
    "<p>The table beside the chart gives the same figures.</p>"
)


@pytest.fixture(scope="module")
def small_facts() -> dict:
    return pdf_facts(write_pdf(SMALL))


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(small_facts: dict) -> None:
    assert small_facts["tagged"] is True
    assert small_facts["pdfua_part"] == 1
    assert small_facts["lang"] == "en-GB"
    assert small_facts["title"] == "Plan update, November 2026"
    assert small_facts["display_doc_title"] is True
    assert small_facts["pages"] == 1


def test_the_outline_follows_h1_to_h3(small_facts: dict) -> None:
    assert small_facts["outline"] == [
        {
            "title": "Plan update, November 2026",
            "children": [
                {
                    "title": "Accessible and responsive policing (P1)",
                    "children": [
                        {"title": "What we've done", "children": []},
                        {"title": "How we are performing", "children": []},
                    ],
                },
                {"title": "Anti-social behaviour", "children": []},
            ],
        }
    ]


def test_images_and_charts_carry_their_alt_text(small_facts: dict) -> None:
    assert small_facts["figure_alt"] == [
        "Red square marking a measure whose aim was not met",
        "ASB incidents per 1,000 people, years ending March 2013 to 2023",
    ]


def test_headings_and_tables_are_tagged_as_such(small_facts: dict) -> None:
    tags = small_facts["structure_tags"]
    assert (tags["H1"], tags["H2"], tags["H3"], tags["H4"]) == (1, 2, 2, 1)
    assert (tags["Table"], tags["TH"], tags["TD"], tags["Caption"]) == (1, 3, 1, 1)
    assert tags["L"] == 1 and tags["LI"] == 1


def test_the_text_is_extractable(small_facts: dict) -> None:
    text = small_facts["text"][0]
    assert "Opened the control room" in text
    assert "Burglary 1,204" in text


@pytest.mark.parametrize(
    ("lang", "title", "problems"),
    [
        ("", "A title", 'the document has no language (<html lang="en-GB">)'),
        ("en-GB", " ", "the document has no title (<title>)"),
        (
            "",
            "",
            'the document has no language (<html lang="en-GB">); '
            "the document has no title (<title>)",
        ),
    ],
)
def test_a_document_without_language_or_title_is_refused(
    lang: str, title: str, problems: str
) -> None:
    with pytest.raises(ValueError) as error:
        write_pdf(document("<h1>Report</h1>", lang=lang, title=title))
    assert str(error.value) == f"The report cannot be made into PDF/UA: {problems}."


def test_images_and_charts_without_text_alternatives_are_refused() -> None:
    html = document(
        '<h1>Report</h1><h2>Performance</h2><img src="data:image/gif;base64,R0lG" alt=" ">'
        '<svg xmlns="http://www.w3.org/2000/svg"><g><title>Only a group title</title></g></svg>'
        '<h3>Long run</h3><svg xmlns="http://www.w3.org/2000/svg"><title>Chart</title>'
        '<svg><rect width="1" height="1"/></svg></svg><img src="chart.png">'
    )
    assert accessibility_problems(html) == [
        "the image 'data:image/gif;base64,R0lG' under 'Performance' has no alt text",
        "a chart (<svg>) under 'Performance' has no <title> of its own",
        "the image 'chart.png' under 'Long run' has no alt text",
    ]
    with pytest.raises(ValueError, match=r"the image 'chart\.png' under 'Long run'"):
        write_pdf(html)


def test_a_chart_title_is_not_the_document_title() -> None:
    html = document(
        '<h1>Report</h1><svg xmlns="http://www.w3.org/2000/svg"><title>Chart</title></svg>',
        title="",
    )
    assert accessibility_problems(html) == ["the document has no title (<title>)"]


def test_only_inline_images_are_read(tmp_path: Path) -> None:
    picture = tmp_path / "secret.gif"
    picture.write_bytes(base64.b64decode(ONE_PIXEL_GIF))
    pdf = write_pdf(
        document(
            f'<h1>Report</h1><img src="{picture.as_uri()}" alt="A file on the server">'
            f'<img src="data:image/gif;base64,{ONE_PIXEL_GIF}" alt="Inline">'
        )
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1  # the data: image; the file was not read


def test_a_long_report_keeps_its_outline_and_pages() -> None:
    sections = "".join(
        f'<h2 id="s{n}" style="break-before: page">Section {n}</h2>'
        f"<h3>Part {n}.1</h3><p>{'Words of the report. ' * 60}</p>"
        for n in range(1, 13)
    )
    facts = pdf_facts(write_pdf(document(f"<h1>Long report</h1>{sections}")))
    assert facts["pages"] == 13
    outline = facts["outline"][0]["children"]
    assert [entry["title"] for entry in outline] == [f"Section {n}" for n in range(1, 13)]
    assert all(entry["children"][0]["title"].startswith("Part") for entry in outline)
