"""The shipped gunicorn.conf.py, run for real: gunicorn serves this test's database on a free
port, a report is sent to the anonymous form over HTTP from a client address of its own with
a distinctive user agent and X-Forwarded-For, and neither the access log nor the error log
holds its address, agent, forwarded address, reference, or any line about the form at all (so
no time either). Requests elsewhere are logged, without the client."""

import datetime
import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse
from time_machine import escape_hatch

from crimeplan.core.request_logs import ANONYMOUS_PATHS
from crimeplan.voice.models import UnsafePlaceReport

CONFIG = Path(settings.PROJECT_DIR) / "gunicorn.conf.py"
# The reporter connects from a loopback address of its own, so that any trace of it in the
# logs is told apart from the server's own address (127.0.0.1, which gunicorn prints).
CLIENT = "127.0.0.2"
AGENT = "Mozilla/5.0 (ServerLogTestBrowser 3.1)"
FORWARDED = "198.51.100.77"
FORM = "/voice/report-an-unsafe-place/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url_for_another_process(tmp_path: Path) -> str:
    """This test's database as another process can open it: a copy of SQLite's in-memory
    test database in a file, or the PostgreSQL test database itself."""
    if connection.vendor == "sqlite":
        target = tmp_path / "server.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server:
    def __init__(self, port: int, logs: Path, database_url: str) -> None:
        self.port, self.logs, self.database_url = port, logs, database_url

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> http.client.HTTPResponse:
        """A request from the client's own address (the response read and closed)."""
        client = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(CLIENT, 0)
        )
        client.request(method, path, body=body or None, headers=headers or {})
        response = client.getresponse()
        response.read()
        client.close()
        return response

    def page(self, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
        """Status, body and the CSRF cookie of a GET."""
        client = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(CLIENT, 0)
        )
        client.request("GET", path, headers=headers)
        response = client.getresponse()
        body = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        client.close()
        return response.status, body, cookie.group(1) if cookie else ""


@pytest.fixture
def server(live_db, tmp_path: Path) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    assert CONFIG.exists(), "gunicorn.conf.py is missing from the repository's root"
    port = _free_port()
    database_url = _database_url_for_another_process(tmp_path)
    environment = {
        **os.environ,
        "CRIMEPLAN_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "crimeplan.settings.test",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-secret-key-for-this-test-server-only-" + "x" * 20,
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    with (logs / "stdout").open("w") as out, (logs / "stderr").open("w") as err:
        process = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(CONFIG),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=settings.PROJECT_DIR,
            env=environment,
            stdout=out,
            stderr=err,
        )
    running = Server(port, logs, database_url)
    try:
        _wait_until_serving(process, running)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _wait_until_serving(process: subprocess.Popen[bytes], server: Server) -> None:
    """Polls /healthz until it answers; gives up only if gunicorn exits or after two minutes
    (a bound against a server that never starts, not a timing the test depends on)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn exited:\n" + (server.logs / "stderr").read_text())
        try:
            if server.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not start:\n" + (server.logs / "stderr").read_text())


def _real_today() -> datetime.date:
    return escape_hatch.datetime.datetime.now().date()


def _report(csrf: str, **changes: str) -> str:
    answers = {
        "csrfmiddlewaretoken": csrf,
        "place": "The car park behind Stroud station, a man called Dave Smith",
        # gunicorn runs on the real clock, not the tests' pinned one: a day it calls past.
        "incident_date": (_real_today() - datetime.timedelta(days=2)).isoformat(),
        "time_band": "evening",
        "what_happened": "followed",
        "reported_to_police": "no",
        "website": "",
        **changes,
    }
    return urllib.parse.urlencode(answers)


def _stored_references(database_url: str) -> list[str]:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return [row[0] for row in db.execute("select reference from voice_unsafeplacereport")]
    return list(UnsafePlaceReport.objects.values_list("reference", flat=True))


def test_the_logs_hold_nothing_about_an_anonymous_report(server: Server) -> None:
    client = {"User-Agent": AGENT, "X-Forwarded-For": FORWARDED}
    status, form, csrf = server.page(FORM, client)
    assert status == 200 and "Report a place where you felt unsafe" in form
    assert server.request("GET", "/static/voice/report-map.js", headers=client).status == 200
    # The address as a leaflet might print it, without the slash: redirected, and not logged.
    assert server.request("GET", FORM.rstrip("/"), headers=client).status == 301
    posted = {
        **client,
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
    }
    sent_back = server.request("POST", FORM, _report(csrf, what_happened=""), posted)
    assert sent_back.status == 200  # "What happened?" missing: the form is shown again
    accepted = server.request("POST", FORM, _report(csrf), posted)
    assert accepted.status == 302 and accepted.getheader("Location") == f"{FORM}done/"
    assert server.request("GET", f"{FORM}done/", headers=client).status == 200
    # Elsewhere, the same client is logged: without its address, agent or forwarded address.
    assert server.request("GET", "/privacy/", headers=client).status == 200
    assert server.request("GET", "/no-such-page/", headers=client).status == 404

    references = _stored_references(server.database_url)
    access = (server.logs / "stdout").read_text()
    errors = (server.logs / "stderr").read_text()
    assert len(references) == 1
    assert re.search(r'"GET /privacy/ HTTP/1\.1" 200 ', access), access
    assert "Not Found: /no-such-page/" in errors, errors
    everything = access + errors
    for trace in (CLIENT, FORWARDED, "ServerLogTestBrowser", "report-an-unsafe-place",
                  "report-map", "Dave Smith", references[0]):  # fmt: skip
        assert trace not in everything, f"{trace!r} in the logs:\n{everything}"


DEPLOY_GUIDE = Path(settings.PROJECT_DIR) / "docs" / "how-to" / "deploy.md"


def _documented_nginx() -> str:
    found = re.search(r"```nginx\n(.*?)```", DEPLOY_GUIDE.read_text(), re.DOTALL)
    assert found, "docs/how-to/deploy.md has no nginx configuration"
    return found.group(1)


def test_the_documented_proxy_logs_no_client_and_nothing_for_the_form() -> None:
    """The deployment guide's nginx configuration (checked by hand with nginx -t and live
    requests; nginx is not part of the test set-up): its log format names no client, the
    anonymous form's locations log nothing, and the client goes to gunicorn only in
    X-Forwarded-For, replaced rather than appended to."""
    nginx = _documented_nginx()
    formats = re.findall(r"log_format\s+\w+\s+(.*?);", nginx, re.DOTALL)
    assert formats
    for variable in ("$remote_addr", "$http_user_agent", "$http_referer", "$http_x_forwarded"):
        assert all(variable not in f for f in formats), variable
        assert "$proxy_add_x_forwarded_for" not in nginx
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", nginx)
    for path in ANONYMOUS_PATHS:
        block = re.search(rf"location {re.escape(path)} \{{(.*?)\}}", nginx, re.DOTALL)
        assert block and "access_log off;" in block.group(1), path
    assert "client_max_body_size" in nginx


def test_the_paths_never_logged_are_the_forms() -> None:
    """The form, its confirmation (under it) and the script only the form loads."""
    form, script = ANONYMOUS_PATHS
    assert f"{form}/" == reverse("voice:report_start") == FORM
    assert reverse("voice:report_done").startswith(form)
    assert script == f"{settings.STATIC_URL}voice/report-map."
    assert finders.find("voice/report-map.js")
