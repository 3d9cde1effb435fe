"""Checks every link of the report before it is published: cross-references ("#id") against
the ids of the same HTML, the site's own paths against its URL configuration, web addresses by
asking their servers, and e-mail and telephone links by their form. A broken link blocks
publication, so each problem names the link's text, its address, where it is and what failed.

Fetching other servers can be switched off with the setting CRIMEPLAN_CHECK_EXTERNAL_LINKS
(default True; off for a machine with no way out, e.g. an air-gapped deployment), which the
caller passes as `fetch_external`. A web address is asked with HEAD first and, when the
server refuses HEAD or answers with an error, with GET (some servers answer HEAD with 403, 404
or 405 for pages that exist); redirects are followed, no cookies are kept or sent, and the
User-Agent names crimeplan. Each address is fetched once however many times the report uses
it, a few at a time.
"""

import http.client
import re
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

USER_AGENT = "crimeplan-linkcheck/1.0 (checks the links of a plan update before publication)"
WORKERS = 8
# Statuses after which a GET is worth trying: some servers refuse HEAD but serve GET.
RETRY_WITH_GET = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 502, 503})
EMAIL = re.compile(
    r"[^@\s,;<>()\[\]\\\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)
TELEPHONE = re.compile(r"\+?[0-9][0-9 ()./-]*[0-9]")


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    location: str  # the heading of the section the link is in


@dataclass(frozen=True)
class Problem:
    link: Link
    reason: str

    def __str__(self) -> str:
        return (
            f"The link '{self.link.text}' to {self.link.href} in '{self.link.location}': "
            f"{self.reason}"
        )


# A check of a site path: None when the page exists, else what is wrong with it.
InternalResolver = Callable[[str], str | None]


class _LinkReader(HTMLParser):
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.heading = "the start of the report"
        self._heading_text: list[str] | None = None
        self._open_link: tuple[str, list[str], str] | None = None
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("id"):
            self.ids.add(named["id"] or "")
        if tag == "a" and named.get("name"):
            self.ids.add(named["name"] or "")
        if tag in self.HEADINGS:
            self._heading_text = []
        if tag == "a" and "href" in named:
            self._open_link = ((named["href"] or "").strip(), [], self.heading)
            self._label = named.get("aria-label") or ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HEADINGS and self._heading_text is not None:
            self.heading = " ".join("".join(self._heading_text).split())
            self._heading_text = None
        if tag == "a" and self._open_link is not None:
            href, text, location = self._open_link
            label = " ".join((self._label or "".join(text)).split())
            self.links.append(Link(href, label or href, location))
            self._open_link = None

    def handle_data(self, data: str) -> None:
        if self._heading_text is not None:
            self._heading_text.append(data)
        if self._open_link is not None:
            self._open_link[1].append(data)


def _read(html: str) -> _LinkReader:
    reader = _LinkReader()
    reader.feed(html)
    reader.close()
    return reader


def collect_links(html: str) -> list[Link]:
    """Every <a href> of `html`, in order, with its text and the heading it sits under."""
    return _read(html).links


def django_resolves(path: str) -> str | None:
    """The default check of a site path: Django's URL configuration has a view for it."""
    from django.urls import Resolver404, resolve

    try:
        resolve(urlsplit(path).path or "/")
    except Resolver404:
        return "no page of this site has that address"
    return None


def _check_email(href: str) -> str | None:
    addresses = unquote(href[len("mailto:") :].split("?", 1)[0])
    if not addresses.strip():
        return "the e-mail link has no address"
    for address in addresses.split(","):
        if not EMAIL.fullmatch(address.strip()):
            return f"'{address.strip()}' is not an e-mail address"
    return None


def _check_telephone(href: str) -> str | None:
    number = unquote(href[len("tel:") :]).strip()
    if not TELEPHONE.fullmatch(number) or sum(ch.isdigit() for ch in number) < 3:
        return f"'{number}' is not a telephone number"
    return None


def fetch_problem(url: str, *, timeout: float) -> str | None:
    """None when `url` answers with a success (after redirects), else what failed."""
    opener = urllib.request.build_opener()  # no cookie processor: nothing is kept or sent
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    status: int | None = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, headers=headers, method=method)  # noqa: S310
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return None
        except urllib.error.HTTPError as error:
            status = error.code
            error.close()
            if method == "HEAD" and status in RETRY_WITH_GET:
                continue
            return f"the server answered {status} {http.client.responses.get(status, '')}".strip()
        except TimeoutError:
            return f"no answer within {timeout:g} seconds"
        except urllib.error.URLError as error:
            return _network_problem(url, error.reason, timeout)
        except (http.client.HTTPException, OSError, ValueError) as error:
            return f"the request failed ({error})"
    return f"the server answered {status} {http.client.responses.get(status or 0, '')}".strip()


def _network_problem(url: str, reason: object, timeout: float) -> str:
    host = urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        return f"the server name {host} was not found (DNS)"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection to {host} failed ({reason})"
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection"
    return f"could not reach {host} ({reason})"


def _classify(
    link: Link, ids: set[str], site: tuple[str, str], resolve_internal: InternalResolver
) -> tuple[str, str | None]:
    """("fetch", url) for a web address to ask, else ("done", problem or None)."""
    href = link.href
    if not href:
        return "done", "the link has no address"
    if href.startswith("#"):
        target = unquote(href[1:])
        if not target:
            return "done", None  # "#" is the top of the page
        if target not in ids:
            return "done", f"nothing in the report has the id '{target}' (a cross-reference)"
        return "done", None
    scheme = urlsplit(href).scheme.lower()
    if scheme == "mailto":
        return "done", _check_email(href)
    if scheme == "tel":
        return "done", _check_telephone(href)
    if not scheme and not href.startswith("/"):
        # The PDF has no address of its own, so a relative link leads nowhere in it.
        return "done", f"'{href}' is neither a web address nor a path of this site"
    site_scheme, site_host = site
    absolute = urljoin(f"{site_scheme}://{site_host}/" if site_host else "", href)
    parts = urlsplit(absolute)
    if parts.scheme in ("http", "https") and parts.netloc and parts.netloc != site_host:
        return "fetch", urldefrag(absolute).url
    if parts.scheme not in ("", "http", "https"):
        return "done", f"the report cannot link to '{parts.scheme}:' addresses"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return "done", resolve_internal(path or "/")


def check_links(
    html: str,
    *,
    base_url: str,
    resolve_internal: InternalResolver | None = None,
    fetch_external: bool = True,
    timeout: float = 5,
) -> list[Problem]:
    """Every broken link of `html`, in the order the links appear.

    `base_url` is the site's own address ("https://crimeplan.example.org"): links to it, and
    paths ("/plans/..."), are checked with `resolve_internal` (Django's URL resolver unless a
    stricter check is given, e.g. one that fetches the page with the test client to prove
    the object exists). Other http(s) addresses are fetched unless `fetch_external` is False
    (the setting CRIMEPLAN_CHECK_EXTERNAL_LINKS), each waiting at most `timeout` seconds.
    """
    reader = _read(html)
    base = urlsplit(base_url) if base_url else None
    site = (base.scheme or "https", base.netloc) if base else ("https", "")
    resolver = resolve_internal or django_resolves
    checked = [(link, *_classify(link, reader.ids, site, resolver)) for link in reader.links]
    urls = list(dict.fromkeys(value for _, kind, value in checked if kind == "fetch" and value))
    fetched: dict[str, str | None] = {}
    if fetch_external and urls:
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(urls))) as pool:
            answers = pool.map(lambda url: fetch_problem(url, timeout=timeout), urls)
            fetched = dict(zip(urls, answers, strict=True))
    problems = []
    for link, kind, value in checked:
        reason = fetched.get(value or "") if kind == "fetch" else value
        if reason is not None:
            problems.append(Problem(link, reason))
    return problems
