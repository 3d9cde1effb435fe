"""The link check before publication, against a real HTTP server on this machine: pages that
answer, 404s, 500s, redirects, a server too slow to answer, HEAD refused, and the site's own
paths and cross-references."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from crimeplan.delivery.linkcheck import USER_AGENT, Link, check_links, collect_links

SLOW_SECONDS = 3


class Handler(BaseHTTPRequestHandler):
    requests: Counter[tuple[str, str]] = Counter()
    agents: set[str] = set()
    cookies: list[str] = []

    def _answer(self, send_body: bool) -> None:
        Handler.requests[(self.command, self.path)] += 1
        Handler.agents.add(self.headers.get("User-Agent", ""))
        if self.headers.get("Cookie"):
            Handler.cookies.append(self.headers["Cookie"])
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status = {
            "/ok": 200,
            "/slow": 200,
            "/missing": 404,
            "/broken": 500,
            "/moved": 302,
            "/cookie": 200,
            "/no-head": 405 if self.command == "HEAD" else 200,
        }.get(self.path.split("?")[0], 404)
        self.send_response(status)
        if self.path == "/moved":
            self.send_header("Location", "/ok")
        if self.path == "/cookie":
            self.send_header("Set-Cookie", "session=abc; Path=/")
        body = b"<p>hello</p>"
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.requests.clear()
    Handler.agents.clear()
    Handler.cookies.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def page(links: str) -> str:
    return (
        '<h2 id="priority-p1">Keeping people safe</h2><p>Intro</p>'
        f'<h3 id="done">What we have done</h3><ul>{links}</ul>'
    )


def test_links_are_collected_with_their_text_and_section() -> None:
    html = (
        '<p><a href="#top">Top</a></p><h2 id="x">Priority <em>one</em></h2>'
        '<p>See <a href="https://example.org/a"> the <b>report</b>\n</a> and '
        '<a href="/plans/" aria-label="All plans">here</a>, <a href="">empty</a></p>'
    )
    assert collect_links(html) == [
        Link("#top", "Top", "the start of the report"),
        Link("https://example.org/a", "the report", "Priority one"),
        Link("/plans/", "All plans", "Priority one"),
        Link("", "empty", "Priority one"),
    ]


def test_working_links_raise_no_problem(server: str) -> None:
    html = page(
        f'<li><a href="{server}/ok">The evaluation</a></li>'
        f'<li><a href="{server}/moved">Moved page</a></li>'
        f'<li><a href="{server}/no-head">HEAD refused</a></li>'
        f'<li><a href="{server}/ok#section">Same page, another fragment</a></li>'
        '<li><a href="#priority-p1">Back to the priority</a></li>'
        '<li><a href="#">Top</a></li>'
        '<li><a href="mailto:pcc@example.police.uk?subject=Plan">Write to us</a></li>'
        '<li><a href="tel:+44%201452%20754368">Call us</a></li>'
    )
    assert check_links(html, base_url="https://crimeplan.example") == []
    assert Handler.requests[("HEAD", "/ok")] == 2  # directly and after the redirect
    assert Handler.requests[("GET", "/no-head")] == 1
    assert Handler.agents == {USER_AGENT}


def test_broken_links_are_named_with_text_address_and_failure(server: str) -> None:
    html = page(
        f'<li><a href="{server}/missing">The strategy</a></li>'
        f'<li><a href="{server}/broken">Dashboard</a></li>'
        '<li><a href="#no-such-section">See performance</a></li>'
        '<li><a href="mailto:not-an-address">E-mail</a></li>'
        '<li><a href="tel:call-us">Phone</a></li>'
        '<li><a href="javascript:alert(1)">Script</a></li>'
        '<li><a href="">Nowhere</a></li>'
        '<li><a href="report.pdf">Relative</a></li>'
    )
    problems = check_links(html, base_url="https://crimeplan.example")
    assert [str(problem) for problem in problems] == [
        f"The link 'The strategy' to {server}/missing in 'What we have done': "
        "the server answered 404 Not Found",
        f"The link 'Dashboard' to {server}/broken in 'What we have done': "
        "the server answered 500 Internal Server Error",
        "The link 'See performance' to #no-such-section in 'What we have done': "
        "nothing in the report has the id 'no-such-section' (a cross-reference)",
        "The link 'E-mail' to mailto:not-an-address in 'What we have done': "
        "'not-an-address' is not an e-mail address",
        "The link 'Phone' to tel:call-us in 'What we have done': "
        "'call-us' is not a telephone number",
        "The link 'Script' to javascript:alert(1) in 'What we have done': "
        "the report cannot link to 'javascript:' addresses",
        "The link 'Nowhere' to  in 'What we have done': the link has no address",
        "The link 'Relative' to report.pdf in 'What we have done': "
        "'report.pdf' is neither a web address nor a path of this site",
    ]
    # A 404 or 500 to HEAD is asked again with GET before it counts as broken.
    assert Handler.requests[("GET", "/missing")] == 1


def test_a_server_too_slow_to_answer_is_a_problem(server: str) -> None:
    html = page(f'<li><a href="{server}/slow">Slow page</a></li>')
    start = time.perf_counter()
    problems = check_links(html, base_url="https://crimeplan.example", timeout=0.5)
    assert time.perf_counter() - start < SLOW_SECONDS
    assert [problem.reason for problem in problems] == ["no answer within 0.5 seconds"]


def test_unknown_servers_and_refused_connections_are_problems(server: str) -> None:
    closed_port = server.rsplit(":", 1)[1]
    html = page(
        '<li><a href="http://no-such-host.invalid/page">Gone</a></li>'
        f'<li><a href="http://127.0.0.1:1/x">Closed {closed_port}</a></li>'
    )
    problems = check_links(html, base_url="https://crimeplan.example", timeout=3)
    assert [problem.reason for problem in problems] == [
        "the server name no-such-host.invalid was not found (DNS)",
        "127.0.0.1 refused the connection",
    ]


def test_each_address_is_fetched_once_and_no_cookie_is_sent(server: str) -> None:
    links = "".join(f'<li><a href="{server}/cookie">Use {n}</a></li>' for n in range(5))
    html = page(links + f'<li><a href="{server}/cookie#part">Part</a></li>' + links)
    assert check_links(html, base_url="https://crimeplan.example") == []
    assert Handler.requests[("HEAD", "/cookie")] == 1
    assert Handler.cookies == []


def test_external_fetching_can_be_switched_off(server: str) -> None:
    html = page(f'<li><a href="{server}/missing">Strategy</a></li><li><a href="#x">X</a></li>')
    problems = check_links(html, base_url="https://crimeplan.example", fetch_external=False)
    assert [problem.link.text for problem in problems] == ["X"]
    assert Handler.requests == Counter()


def test_site_paths_resolve_with_django() -> None:
    report = reverse("delivery:report_preview", kwargs={"slug": "gloucestershire-2021-25"})
    html = page(
        f'<li><a href="{report}">Report</a></li>'
        f'<li><a href="https://crimeplan.example{report}?tab=1">Same site, full address</a></li>'
        '<li><a href="/no/such/page/">Missing page</a></li>'
    )
    problems = check_links(html, base_url="https://crimeplan.example", fetch_external=False)
    assert [(p.link.text, p.reason) for p in problems] == [
        ("Missing page", "no page of this site has that address"),
    ]


def test_a_stricter_internal_check_can_be_given() -> None:
    asked = []

    def only_plans(path: str) -> str | None:
        asked.append(path)
        return None if path.startswith("/plans/") else f"{path} answered 404"

    html = page('<li><a href="/plans/a/?x=1">A</a></li><li><a href="/plans-b">B</a></li>')
    problems = check_links(html, base_url="https://crimeplan.example", resolve_internal=only_plans)
    assert asked == ["/plans/a/?x=1", "/plans-b"]
    assert [str(p) for p in problems] == [
        "The link 'B' to /plans-b in 'What we have done': /plans-b answered 404"
    ]
