"""The report as a tagged PDF (PDF/UA-1) made with WeasyPrint, and the facts a test or a
check before publication reads back from a PDF: pages, tags, language, title, outline, text
and the alt text of its figures.

WeasyPrint 70 makes PDF/UA-1 with `pdf_variant="pdf/ua-1"`: PDF 1.7, a structure tree built
from the HTML (h1-h6 -> H1-H6, table -> Table/TR/TH/TD, img and inline svg -> Figure with
/Alt from the img's alt or the svg's <title>), /MarkInfo /Marked true, /Lang from
<html lang>, the title from <title> shown as the window title (DisplayDocTitle), and
pdfuaid:part 1 in the XMP metadata. The outline (bookmarks) comes from the headings'
bookmark-level (h1 -> 1, h2 -> 2, h3 -> 3 in WeasyPrint's own style sheet); the report's
outline stops at h3, so h4-h6 are taken out of it here.
"""

import io
import logging
import re
from html.parser import HTMLParser
from typing import Any

OUTLINE_STYLE = """
h1 { bookmark-level: 1 } h2 { bookmark-level: 2 } h3 { bookmark-level: 3 }
h4, h5, h6 { bookmark-level: none }
h1, h2, h3 { bookmark-label: content(text) }
"""


class _DocumentReader(HTMLParser):
    """Reads what PDF/UA needs of the HTML: the language, the title, and a text alternative
    for every image (its alt) and every inline chart (an <svg> with a <title> of its own,
    which WeasyPrint takes as the Figure's /Alt)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})  # fmt: skip
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title: str | None = None
        self.problems: list[str] = []
        self.heading = "the start of the document"
        self.open: list[str] = []
        self._text: list[str] | None = None  # the title or heading being read
        self._chart_title: str | None = None  # the outermost <svg>'s own <title>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "html":
            self.lang = named.get("lang") or ""
        elif tag in self.HEADINGS or (tag == "title" and self._is_title_read()):
            self._text = []
        elif tag == "img" and not (named.get("alt") or "").strip():
            source = (named.get("src") or "")[:60]
            self.problems.append(f"the image {source!r} under '{self.heading}' has no alt text")
        elif tag == "svg" and "svg" not in self.open:
            self._chart_title = ""
        if tag not in self.VOID:
            self.open.append(tag)

    def _is_title_read(self) -> bool:
        """The document's <title>, or the outermost chart's own (a nested svg's title or a
        group's is not the chart's, as in WeasyPrint)."""
        return "svg" not in self.open or (self.open[-1] == "svg" and self.open.count("svg") == 1)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open and self.open.pop() != tag:
            pass
        text = " ".join("".join(self._text or []).split())
        if tag == "title" and self._text is not None:
            if "svg" in self.open:
                self._chart_title = self._chart_title or text
            else:
                self.title = text
            self._text = None
        elif tag in self.HEADINGS and self._text is not None:
            self.heading, self._text = text, None
        elif tag == "svg" and "svg" not in self.open:
            if not self._chart_title:
                self.problems.append(
                    f"a chart (<svg>) under '{self.heading}' has no <title> of its own"
                )
            self._chart_title = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def accessibility_problems(document_html: str) -> list[str]:
    """What keeps `document_html` from making a PDF/UA document: a missing language or
    title, an image without alt text, a chart without a title; [] when there is nothing."""
    reader = _DocumentReader()
    reader.feed(document_html)
    reader.close()
    problems = []
    if not reader.lang.strip():
        problems.append('the document has no language (<html lang="en-GB">)')
    if not (reader.title or "").strip():
        problems.append("the document has no title (<title>)")
    return problems + reader.problems


def write_pdf(document_html: str) -> bytes:
    """`document_html` (a whole HTML document with a language and a title) as tagged PDF/UA-1;
    ValueError naming each problem when the HTML lacks what PDF/UA needs (see
    `accessibility_problems`).

    Only data: URLs are fetched (images and charts are inlined by the report): the report's
    text is edited by users, and the PDF maker must not read the server's files or the
    network on their behalf."""
    import weasyprint  # imported here: loading Pango takes a moment every page need not pay

    problems = accessibility_problems(document_html)
    if problems:
        raise ValueError(f"The report cannot be made into PDF/UA: {'; '.join(problems)}.")
    # fontTools logs every glyph it subsets at INFO; only its warnings are worth reading.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",), timeout=5)
    document = weasyprint.HTML(string=document_html, url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[weasyprint.CSS(string=OUTLINE_STYLE)], pdf_variant="pdf/ua-1"
    )
    return bytes(pdf or b"")


def _outline(reader: Any, entries: list[Any]) -> list[dict[str, Any]]:
    """pypdf's outline (a list with each item's children in a list after it) as a tree."""
    tree: list[dict[str, Any]] = []
    for entry in entries:
        if isinstance(entry, list):
            if tree:
                tree[-1]["children"] = _outline(reader, entry)
            continue
        tree.append({"title": str(entry.title), "children": []})
    return tree


def _structure(node: Any, found: dict[str, Any], depth: int = 0) -> None:
    """Walks the structure tree down its /K arrays, collecting element types and the /Alt
    of Figure elements."""
    from pypdf.generic import ArrayObject, DictionaryObject

    node = node.get_object() if hasattr(node, "get_object") else node
    if depth > 200:  # a malformed tree that loops
        return
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found, depth + 1)
        return
    if not isinstance(node, DictionaryObject):
        return  # a marked-content id
    kind = node.get("/S")
    if kind is not None:
        name = str(kind).lstrip("/")
        found["tags"][name] = found["tags"].get(name, 0) + 1
        if name == "Figure":
            found["figures"].append(str(node.get("/Alt", "")))
    if "/K" in node:
        _structure(node["/K"], found, depth + 1)


def pdf_facts(pdf_bytes: bytes) -> dict[str, Any]:
    """What a PDF says about itself: {"pages", "tagged", "lang", "title", "display_doc_title",
    "pdfua_part", "outline" (a tree of {"title", "children"}), "text" (one string a page),
    "figure_alt" (the /Alt of every Figure, in order), "structure_tags" (how many elements
    of each type)}."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    root: Any = reader.trailer["/Root"].get_object()
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info and mark_info.get_object().get("/Marked"))
    found: dict[str, Any] = {"tags": {}, "figures": []}
    if "/StructTreeRoot" in root:
        _structure(root["/StructTreeRoot"].get_object().get("/K"), found)
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    part = re.search(r"pdfuaid:part(?:>|=\")\s*(\d+)", xmp)
    preferences = root.get("/ViewerPreferences")
    return {
        "pages": len(reader.pages),
        "tagged": marked and "/StructTreeRoot" in root,
        "lang": str(root.get("/Lang", "")),
        "title": (reader.metadata.title if reader.metadata else None) or "",
        "display_doc_title": bool(preferences and preferences.get_object().get("/DisplayDocTitle")),
        "pdfua_part": int(part.group(1)) if part else None,
        "outline": _outline(reader, reader.outline),
        "text": [page.extract_text() or "" for page in reader.pages],
        "figure_alt": found["figures"],
        "structure_tags": found["tags"],
    }
