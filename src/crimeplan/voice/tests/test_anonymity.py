"""The anonymous report form keeps its promise: no sequential number names a report, Django's
logs say nothing about a request to it, only accepted reports count against the hourly limit,
the limit counts each client behind the proxy apart, and a report need give no reason about
the place."""

import datetime
import io
import logging
import re
import sys
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.request_logs import AnonymousFormsFilter
from crimeplan.core.tests.world import build_world
from crimeplan.voice.models import REFERENCE_ALPHABET, UnsafePlaceReport
from crimeplan.voice.views import REPORTS_PER_HOUR

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (AnonymityTestBrowser 4.2)"
PROXY = "10.0.0.2"
REFERENCE = re.compile("^" + "-".join([f"[{REFERENCE_ALPHABET}]{{4}}"] * 3) + "$")


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "place": "The car park behind Stroud station",
        "incident_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "time_band": "evening",
        "what_happened": ["followed"],
        "place_reasons": ["badly_lit"],
        "reported_to_police": "no",
        "website": "",
    }
    data.update(changes)
    return data


def _post(client: Client, data: dict[str, object], **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("voice:report_start"),
        data,
        REMOTE_ADDR=headers.pop("REMOTE_ADDR", ADDRESS),
        HTTP_USER_AGENT=AGENT,
        **headers,
    )


def test_a_report_may_give_no_reason_about_the_place(client, reference) -> None:  # type: ignore[no-untyped-def]
    response = _post(client, _form(place_reasons=[]))
    assert response.status_code == 302, response.content.decode()
    assert UnsafePlaceReport.objects.get().place_reasons == []


def test_only_accepted_reports_count_against_the_hourly_limit(client, reference) -> None:  # type: ignore[no-untyped-def]
    for _ in range(REPORTS_PER_HOUR):
        page = _post(client, _form(what_happened=[]))  # sent back: "What happened?" is missing
        assert page.status_code == 200 and "There is a problem" in page.content.decode()
    for _ in range(REPORTS_PER_HOUR):
        assert _post(client, _form()).status_code == 302
    assert _post(client, _form()).status_code == 429
    assert UnsafePlaceReport.objects.count() == REPORTS_PER_HOUR


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=1)
def test_reporters_behind_the_proxy_are_counted_apart(client, reference) -> None:  # type: ignore[no-untyped-def]
    first, second = "203.0.113.7", "198.51.100.9"

    def status(forwarded: str) -> int:
        response = _post(client, _form(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        return int(response.status_code)

    assert [status(first) for _ in range(REPORTS_PER_HOUR)] == [302] * REPORTS_PER_HOUR
    assert status(first) == 429
    assert status(f"192.0.2.1, {first}") == 429  # an address of its own choosing in front
    assert status(second) == 302


def test_reports_are_named_by_a_random_reference_never_their_number(client, reference) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        assert _post(client, _form()).status_code == 302
    reports = list(UnsafePlaceReport.objects.order_by("pk"))
    references = [r.reference for r in reports]
    assert all(REFERENCE.match(r) for r in references) and len(set(references)) == 3
    world = build_world()
    client.force_login(world.people[Role.OPCC_POLICY])
    listing = client.get(reverse("voice:moderation_list")).content.decode()
    assert all(f"Report {r}" in listing for r in references)
    assert not re.search(r"Report \d+\b", listing)
    assert not re.search(r"/voice/reports/\d+/", listing)
    assert client.get(f"/voice/reports/{reports[0].pk}/").status_code == 404
    url = reverse("voice:report_detail", kwargs={"reference": references[0]})
    response = client.post(url, {"action": "accepted"}, follow=True)
    assert f"Report {references[0]}: Accepted." in response.content.decode()
    event = AuditEvent.objects.get(object_type="voice.UnsafePlaceReport")
    assert references[0] in event.summary and f"Report {reports[0].pk}" not in event.summary
    assert str(reports[0]) == f"Report {references[0]}"


@pytest.fixture
def django_log() -> Iterator[io.StringIO]:
    """What the application's configured log handler (settings.LOGGING's "console", which
    every Django logger reaches) writes, while a test runs."""
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert handlers, "settings.LOGGING has no console handler on the root logger"
    written = io.StringIO()
    for handler in handlers:
        handler.setStream(written)  # type: ignore[attr-defined]
    yield written
    for handler in handlers:
        handler.setStream(sys.stderr)  # type: ignore[attr-defined]


def test_django_logs_nothing_about_a_request_to_the_anonymous_form(
    client, reference, django_log
) -> None:  # type: ignore[no-untyped-def]
    _post(client, _form())  # accepted
    _post(client, _form(what_happened=[]))  # sent back with an error
    client.get(reverse("voice:report_done"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    client.get("/voice/report-an-unsafe-place/no-such-page/", REMOTE_ADDR=ADDRESS)  # 404
    for _ in range(REPORTS_PER_HOUR):
        _post(client, _form())
    assert _post(client, _form()).status_code == 429
    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, _form()).status_code == 403  # refused by the CSRF check
    # The same handler does log a request elsewhere: the capture works.
    client.get("/no-such-page/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    written = django_log.getvalue()
    assert "Not Found: /no-such-page/" in written
    assert "report-an-unsafe-place" not in written
    assert ADDRESS not in written and "AnonymityTestBrowser" not in written
    assert all(r.reference not in written for r in UnsafePlaceReport.objects.all())


def _record(message: str, *args: object, level: int = logging.WARNING, **extra: object):  # type: ignore[no-untyped-def]
    record = logging.LogRecord("django.request", level, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_a_server_error_on_the_form_is_logged_without_what_was_sent() -> None:
    try:
        raise ValueError("could not read 'my name is Jo Bloggs, 07700 900123'")
    except ValueError:
        error = _record(
            "Internal Server Error: %s",
            "/voice/report-an-unsafe-place/",
            level=logging.ERROR,
            exc_info=sys.exc_info(),
        )
    assert AnonymousFormsFilter().filter(error)
    logged = logging.Formatter().format(error)
    assert logged.startswith("Server error on an anonymous form: ValueError at ")
    assert "Jo Bloggs" not in logged and "report-an-unsafe-place" not in logged
    warning = _record("Too Many Requests: %s", "/voice/report-an-unsafe-place/")
    assert not AnonymousFormsFilter().filter(warning)


def test_secrets_in_other_paths_are_masked_in_django_logs() -> None:
    record = _record("Not Found: %s", "/grants/apply/a-secret-token_123/check/")
    assert AnonymousFormsFilter().filter(record)
    assert record.getMessage() == "Not Found: /grants/apply/[secret]/check/"
