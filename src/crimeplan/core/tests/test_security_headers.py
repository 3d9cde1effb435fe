"""Response headers and pages that limit what a browser will run: the Content-Security-Policy
on every page, no inline script or style in any served template, the API docs' Swagger UI from
this site (never a CDN), and no Server-Timing header in production."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world
from crimeplan.site.tests.test_shell import _crimeplan

SRC = Path(__file__).resolve().parents[2]
# Rendered for WeasyPrint to make a PDF (or written to a file by a command), never answered to
# a browser: their <style> is the PDF's page layout, and no Content-Security-Policy applies.
PDF_ONLY_TEMPLATES = {
    "asb_reviews/templates/asb_reviews/letter_document.html",
    "complaint_reviews/templates/complaint_reviews/letter_document.html",
    "delivery/templates/delivery/report/document.html",
    "performance/templates/performance/published_document.html",
    "performance/templates/performance/table_document.html",
    "scrutiny/templates/scrutiny/report_document.html",
}
REQUIRED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def _policy(header: str) -> dict[str, set[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


class _InlineCode(HTMLParser):
    """Inline <script> and <style> elements, style attributes and on* event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{name}= on <{tag}>" for name in names if name == "style"]
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]


def _inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "viewer"),
    [
        ("/", "anonymous"),
        ("/accounts/login/", "anonymous"),
        ("/voice/report-an-unsafe-place/", "anonymous"),
        ("/grants/", "anonymous"),
        ("/api/v1/docs", "anonymous"),
        ("/api/v1/forces", "anonymous"),
        ("/no-such-page/", "anonymous"),
        ("/home/", Role.OPCC_ADMIN),
        ("/audit/", Role.OPCC_ADMIN),
        ("/audit/", Role.PARTNER_VIEWER),
    ],
)
def test_pages_carry_the_content_security_policy(
    client, world: World, path: str, viewer: str
) -> None:  # type: ignore[no-untyped-def]
    if viewer != "anonymous":
        client.force_login(world.people[viewer])
    response = client.get(path)
    policy = _policy(response["Content-Security-Policy"])
    for directive, values in REQUIRED_POLICY.items():
        assert policy[directive] == values, (path, directive, policy.get(directive))
    assert not any("unsafe" in value for values in policy.values() for value in values)
    if response["Content-Type"].startswith("text/html"):
        assert _inline_code(response.content.decode()) == [], path


def test_no_served_template_holds_inline_script_or_style() -> None:
    """The policy would block them; a page would lose its styling or behaviour silently."""
    templates = [
        p
        for p in SRC.rglob("templates/**/*.html")
        if p.relative_to(SRC).as_posix() not in PDF_ONLY_TEMPLATES
    ]
    assert len(templates) > 100
    found = {
        str(p.relative_to(SRC)): code for p in templates if (code := _inline_code(p.read_text()))
    }
    assert found == {}


@pytest.mark.django_db
def test_api_docs_serve_swagger_ui_from_this_site(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", page), "an external URL"
    for asset in assets:
        assert asset.startswith("/static/"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content])


@pytest.mark.django_db
@override_settings(CRIMEPLAN_SERVER_TIMING=False)
def test_server_timing_off_says_nothing(client) -> None:  # type: ignore[no-untyped-def]
    assert "Server-Timing" not in client.get("/healthz")


def test_production_sends_no_server_timing_and_the_policy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With the production settings themselves: Server-Timing is off there, and the
    Content-Security-Policy is on."""
    env = {
        "CRIMEPLAN_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-the-test-only",
        "ALLOWED_HOSTS": "crimeplan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    request = (
        "from django.test import Client; "
        "r = Client().get('/healthz', secure=True, headers={'host': 'crimeplan.example.org'}); "
        "print(r.status_code, 'Server-Timing' in r, r['Content-Security-Policy'], sep='|')"
    )
    result = _crimeplan(["shell", "-c", request], env)
    assert result.returncode == 0, result.stderr
    _status, timing, policy = result.stdout.strip().splitlines()[-1].split("|")
    assert timing == "False"
    assert _policy(policy)["frame-ancestors"] == {"'none'"}
