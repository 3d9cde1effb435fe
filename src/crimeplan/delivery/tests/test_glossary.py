"""The glossary: which words are acronyms, the glossary built from the plan's own expansions,
and the first use of each marked with <abbr> without changing a letter of the visible text."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from crimeplan.delivery.glossary import (
    Glossary,
    build_glossary,
    find_acronyms,
    mark_abbreviations,
)

KNOWN = {
    "OPCC": "Office of the Police and Crime Commissioner",
    "VAWG": "Violence against women and girls",
    "CSEW": "Crime Survey for England and Wales",
    "HMICFRS": "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
    "A&E": "Accident and emergency",
    "PCSO": "Police community support officer",
    "NOT": "",
}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(html: str) -> str:
    reader = _VisibleText()
    reader.feed(html)
    reader.close()
    return "".join(reader.text)


def test_acronyms_of_capitals_digits_and_ampersands() -> None:
    text = (
        "The OPCC and HMICFRS met at A&E about VAWG, the CSEW and 101 calls; "
        "PCSOs in P1 and the 2021-25 plan. McDonald's iPhone. OK?"
    )
    assert find_acronyms(text) == ["OPCC", "HMICFRS", "A&E", "VAWG", "CSEW", "PCSO", "OK"]


def test_roman_numerals_are_not_acronyms_unless_the_plan_names_them() -> None:
    assert find_acronyms("Part II, chapter XIV, annex MIX and CID") == ["CID"]
    assert find_acronyms("Part II and MI5", known={"II": "Two"}) == ["II", "MI5"]


def test_words_the_plan_maps_to_nothing_are_not_acronyms() -> None:
    assert find_acronyms("We will NOT stop the ASB work", known=KNOWN) == ["ASB"]


def test_html_is_read_for_its_prose_only() -> None:
    html = (
        '<p class="OPCC-box" title="VAWG">The <abbr title="x">CSEW</abbr> says</p>'
        "<code>HTTP GET</code><script>var JSON = 1;</script><style>.ASB{}</style>"
        "<p>A&amp;E and CCTV</p>"
    )
    assert find_acronyms(html) == ["CSEW", "A&E", "CCTV"]


def test_adjacent_elements_do_not_join_words() -> None:
    assert find_acronyms("<p>OP</p><p>PCC</p>") == ["OP", "PCC"]


def test_glossary_entries_unknown_and_counts() -> None:
    glossary = build_glossary(
        ["<p>The OPCC funds VAWG work.</p>", "The OPCC and the CSEW; ASB and CCTV. NOT now."],
        KNOWN,
    )
    assert glossary.entries == [
        ("CSEW", KNOWN["CSEW"]),
        ("OPCC", KNOWN["OPCC"]),
        ("VAWG", KNOWN["VAWG"]),
    ]
    assert glossary.unknown == ["ASB", "CCTV"]
    assert glossary.counts == {"ASB": 1, "CCTV": 1, "CSEW": 1, "OPCC": 2, "VAWG": 1}
    assert glossary.expansion("OPCC") == KNOWN["OPCC"]
    assert glossary.expansion("ASB") is None


def test_first_use_outside_headings_is_marked_once() -> None:
    glossary = build_glossary(["OPCC VAWG A&E"], KNOWN)
    html = (
        "<h2>The OPCC</h2><p>The OPCC &amp; partners tackle VAWG.</p>"
        "<p>OPCC again, and A&amp;E.</p>"
    )
    assert mark_abbreviations(html, glossary) == (
        "<h2>The OPCC</h2>"
        '<p>The <abbr title="Office of the Police and Crime Commissioner">OPCC</abbr> &amp; '
        'partners tackle <abbr title="Violence against women and girls">VAWG</abbr>.</p>'
        '<p>OPCC again, and <abbr title="Accident and emergency">A&amp;E</abbr>.</p>'
    )


def test_plurals_are_marked_on_the_acronym_and_titles_escaped() -> None:
    glossary = Glossary(entries=[("PCSO", 'Police "community" <support> officer')])
    assert mark_abbreviations("<li>Ten PCSOs</li>", glossary) == (
        '<li>Ten <abbr title="Police &quot;community&quot; &lt;support&gt; officer">PCSO</abbr>'
        "s</li>"
    )


def test_existing_abbr_and_code_are_left_alone() -> None:
    glossary = build_glossary(["OPCC CSEW"], KNOWN)
    html = (
        '<p><abbr title="Our office">OPCC</abbr> then OPCC.</p><pre>CSEW</pre>'
        '<p>The <a href="/csew">CSEW</a> <!-- CSEW --> <img src="x.png" alt="OPCC"></p>'
    )
    assert mark_abbreviations(html, glossary) == (
        '<p><abbr title="Our office">OPCC</abbr> then OPCC.</p><pre>CSEW</pre>'
        '<p>The <a href="/csew"><abbr title="Crime Survey for England and Wales">CSEW</abbr>'
        '</a> <!-- CSEW --> <img src="x.png" alt="OPCC"></p>'
    )


def test_scripts_and_styles_are_written_back_unchanged() -> None:
    glossary = build_glossary(["OPCC"], KNOWN)
    html = "<style>p > a { color: red }</style><script>if (a < b && OPCC) {}</script>"
    assert mark_abbreviations(html, glossary) == html


WORDS = st.sampled_from(
    ["OPCC", "VAWG", "A&E", "CSEW", "PCSOs", "ASB", "the", "and", "II", "&", "<", ">", "é",
     " ", "\n", "OPCCs", "x", "'", '"', "HMICFRS", "P1", "999"]
)  # fmt: skip
TAGS = st.sampled_from(["p", "li", "h2", "h3", "abbr", "a", "strong", "code", "td", "span"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(TAGS)
            inner = draw(fragments(depth + 1))
            attributes = ' title="A &amp; B"' if draw(st.booleans()) else ""
            parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
        else:
            text = "".join(draw(st.lists(WORDS, max_size=6)))
            parts.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(parts)


@given(fragments())
def test_marking_never_changes_the_visible_text(html: str) -> None:
    glossary = build_glossary([html], KNOWN)
    marked = mark_abbreviations(html, glossary)
    assert visible_text(marked) == visible_text(html)
    for acronym, _ in glossary.entries:
        assert marked.count(f">{acronym.replace('&', '&amp;')}</abbr>") <= 1
    assert mark_abbreviations(marked, glossary) == marked  # marking twice changes nothing
