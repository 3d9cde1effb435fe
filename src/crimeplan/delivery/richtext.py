"""The rich text a plan's foreword and introduction hold: a small subset of HTML, cleaned with
nh3 when it is saved, so a page can print it as it is."""

import re
from html import unescape
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset({"p", "strong", "em", "ul", "ol", "li", "a", "h3", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https"})
TAG = re.compile(r"<[^>]*>")


def _keep_link(element: str, attribute: str, value: str) -> str | None:
    """A link goes to a web address or a path of this site, never elsewhere (no
    javascript:, data:, mailto:, or a protocol-relative //host address)."""
    if element != "a" or attribute != "href":
        return value
    value = value.strip()
    if value.startswith("/") and not value.startswith("//"):
        return value
    parts = urlsplit(value)
    if parts.scheme in ALLOWED_SCHEMES and parts.netloc:
        return value
    return None


def clean_html(html: str) -> str:
    """The HTML with every tag, attribute and link outside the subset removed (their text
    kept, except that of scripts and styles)."""
    if not html or not html.strip():
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        attribute_filter=_keep_link,
        link_rel=None,
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """The words of the HTML without its tags, for a summary or a change line (text to be
    escaped where it is printed, like any other)."""
    words = TAG.sub(" ", clean_html(html))
    return " ".join(unescape(words).split())
