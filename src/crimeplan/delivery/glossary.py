"""The report's glossary: the acronyms its text uses, their expansions from the plan's own
glossary, and the first use of each marked with <abbr title="..."> in the HTML.

What counts as an acronym: a word of two or more characters made of capital letters, digits
and "&" that holds at least two capital letters ("OPCC", "VAWG", "HMICFRS", "A&E", "999"
does not count, nor a priority code such as "P1"). A plural "s" is dropped ("PCSOs" is a use
of "PCSO"). A word that is a valid roman numeral ("II", "XIV", "MIX") is skipped unless the
plan's glossary names it. A word the plan's glossary maps to "" is not an acronym (a way to
silence words written in capitals, e.g. "NOT"). Text inside <code>, <pre>, <kbd>, <samp>,
<script>, <style>, <textarea> and <title> is not prose and is not read; text inside <abbr>
counts as a use and is already marked.

Marking touches only text nodes: the HTML is read with the standard library's parser and
written back tag by tag, so attributes, comments and nesting are kept and the visible text
never changes. The first use outside headings (GOV.UK does not expand acronyms in headings)
and outside existing <abbr> elements is wrapped; an acronym already inside an <abbr> is left
as it is and is not wrapped again.
"""

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Not prose: never read for acronyms, never marked.
NOT_PROSE = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "title"})
# Read for acronyms but not the place to expand one.
NOT_MARKED = frozenset({"abbr", "h1", "h2", "h3", "h4", "h5", "h6", "svg"})
# Elements with no end tag: they never open a scope.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip

ACRONYM = re.compile(
    r"(?<![A-Za-z0-9&])(?P<word>[A-Z0-9](?:[A-Z0-9&]*[A-Z0-9])?)(?P<plural>s)?(?![A-Za-z0-9&])"
)
ROMAN_NUMERAL = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


@dataclass(frozen=True)
class Glossary:
    """Acronyms the text uses: `entries` are (acronym, expansion) pairs sorted by acronym,
    `unknown` those the plan's glossary does not expand (for the policy officer to add),
    `counts` how many times each was used."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def expansion(self, acronym: str) -> str | None:
        return dict(self.entries).get(acronym)


def _is_acronym(word: str, known: Mapping[str, str]) -> bool:
    if word in known:
        return bool(known[word])
    if sum(ch.isupper() for ch in word) < 2:
        return False
    return not ROMAN_NUMERAL.fullmatch(word)


def _uses(text: str, known: Mapping[str, str]) -> Iterable[re.Match[str]]:
    for match in ACRONYM.finditer(text):
        word = match["word"]
        if match["plural"] and not _is_acronym(word, known):
            continue
        if _is_acronym(word, known):
            yield match


class _ProseReader(HTMLParser):
    """Collects the prose text nodes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not NOT_PROSE.intersection(self.open):
            self.texts.append(data)


def prose_text(html_or_text: str) -> str:
    """The prose of an HTML fragment (plain text passes through unchanged)."""
    reader = _ProseReader()
    reader.feed(html_or_text)
    reader.close()
    # Text nodes are kept apart so that two words in adjacent elements never join up.
    return "\n".join(reader.texts)


def find_acronyms(html_or_text: str, *, known: Mapping[str, str] | None = None) -> list[str]:
    """Every use of an acronym in the prose, in order, repeats included."""
    known = known or {}
    return [match["word"] for match in _uses(prose_text(html_or_text), known)]


def build_glossary(texts: Iterable[str], known: Mapping[str, str]) -> Glossary:
    """The glossary of the acronyms `texts` (HTML or plain) use, expanded from `known`."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(find_acronyms(text, known=known))
    entries = sorted(
        ((acronym, known[acronym].strip()) for acronym in counts if known.get(acronym)),
        key=lambda entry: (entry[0].casefold(), entry[0]),
    )
    unknown = sorted((acronym for acronym in counts if acronym not in known), key=str.casefold)
    return Glossary(entries=entries, unknown=unknown, counts=dict(sorted(counts.items())))


class _Marker(HTMLParser):
    """Writes an HTML fragment back out, wrapping the first use of each acronym."""

    def __init__(self, expansions: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.expansions = expansions
        self.marked: set[str] = set()
        self.open: list[str] = []
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("script", "style"):
            self.out.append(data)  # raw text elements: written back byte for byte
            return
        if NOT_PROSE.intersection(self.open):
            self.out.append(html.escape(data, quote=False))
            return
        if "abbr" in self.open:
            self.marked.update(m["word"] for m in _uses(data, self.expansions))
        if NOT_MARKED.intersection(self.open):
            self.out.append(html.escape(data, quote=False))
            return
        self.out.append(self._wrap_first_uses(data))

    def _wrap_first_uses(self, data: str) -> str:
        pieces, last = [], 0
        for match in _uses(data, self.expansions):
            word = match["word"]
            if word in self.marked or not self.expansions.get(word):
                continue
            self.marked.add(word)
            title = html.escape(self.expansions[word], quote=True)
            pieces.append(html.escape(data[last : match.start("word")], quote=False))
            pieces.append(f'<abbr title="{title}">{html.escape(word, quote=False)}</abbr>')
            last = match.end("word")
        pieces.append(html.escape(data[last:], quote=False))
        return "".join(pieces)

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def mark_abbreviations(html_fragment: str, glossary: Glossary) -> str:
    """`html_fragment` with the first use of each glossary acronym in <abbr title="...">.

    Character references in text come back as the characters they stand for (escaped where
    HTML needs it: &amp; &lt; &gt;), so the markup may differ in spelling but not in text."""
    marker = _Marker(dict(glossary.entries))
    marker.feed(html_fragment)
    marker.close()
    return "".join(marker.out)
