"""fetch-policeuk against a local stand-in for data.police.uk serving the real St Marks files."""

import json
import re
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from crimeplan.crime_data import fetch
from crimeplan.crime_data.constants import ImportStatus
from crimeplan.crime_data.models import CrimeCount, ImportRun

API_DIR = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-api-cheltenham-st-marks"
MONTHS = ["2025-01", "2025-02"]
LATEST = "2026-01"


def real_crimes(month: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        (API_DIR / f"crimes-street_all-crime_st-marks_{month}.json").read_text(encoding="utf-8")
    )
    return records


def poly_of(boundary: list[dict[str, str]]) -> str:
    return ":".join(f"{p['latitude']},{p['longitude']}" for p in boundary)


@dataclass
class Seen:
    """One request as the server saw it."""

    key: tuple[str, ...]
    method: str
    status: int
    at: float


@dataclass
class FakePoliceUk:
    """The parts of data.police.uk the fetcher uses, answering from the real files."""

    base_url: str = ""
    log: list[Seen] = field(default_factory=list)
    # Requests numbered from this one on (1-based) get their connection dropped unanswered.
    drop_from: int | None = None
    # (status, headers) given, in turn, to crimes-street requests before answering normally.
    crimes_misbehaviour: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # Given as it is (not as JSON) to every crimes-street request, if set.
    crimes_raw: bytes | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        listed = json.loads((API_DIR / "gloucestershire_neighbourhoods.json").read_text())
        self.neighbourhoods = listed[:3]
        assert [n["id"] for n in self.neighbourhoods] == ["AA1", "AA2", "AA3"]
        boundary = json.loads((API_DIR / "neighbourhood_AA3_st-marks_boundary.json").read_text())
        # St Marks keeps its real boundary, too long for a GET. The other two get thinned
        # copies of it: distinct, so the server can tell which polygon was asked for, and
        # short enough to be sent as a GET.
        self.boundaries = {"AA1": boundary[::40], "AA2": boundary[20::40], "AA3": boundary}
        self.by_poly = {poly_of(b): nid for nid, b in self.boundaries.items()}
        # Each month's real records split so that the middle third comes back for both AA1
        # and AA2, and a slice of it for AA3 as well, as crimes on shared boundaries do.
        self.crimes: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for month in MONTHS:
            records = real_crimes(month)
            third, half = len(records) // 3, len(records) // 2
            self.crimes[("AA1", month)] = records[: 2 * third]
            self.crimes[("AA2", month)] = records[third:]
            self.crimes[("AA3", month)] = records[half - 20 : half + 20]

    def answer(
        self, method: str, path: str, params: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        parts = path.removeprefix("/api/").split("/")
        if parts == ["crime-last-updated"]:
            return self._ok(("crime-last-updated",), method, {"date": f"{LATEST}-01"})
        if parts == ["gloucestershire", "neighbourhoods"]:
            return self._ok(("neighbourhoods",), method, self.neighbourhoods)
        if (
            len(parts) == 3
            and parts[::2] == ["gloucestershire", "boundary"]
            and (parts[1] in self.boundaries)
        ):
            return self._ok(("boundary", parts[1]), method, self.boundaries[parts[1]])
        if parts == ["crimes-street", "all-crime"]:
            neighbourhood = self.by_poly.get(params.get("poly", ""))
            month = params.get("date", "")
            if neighbourhood is None:
                return self._record(("crimes", "unknown polygon", month), method, 400, {}, [])
            key = ("crimes", neighbourhood, month)
            if self.crimes_misbehaviour:
                status, headers = self.crimes_misbehaviour.pop(0)
                return self._record(key, method, status, headers, {"error": status})
            if self.crimes_raw is not None:
                return self._ok(key, method, self.crimes_raw)
            return self._ok(key, method, self.crimes.get((neighbourhood, month), []))
        return self._record(("not found", path), method, 404, {}, {"error": "not found"})

    def _ok(self, key: tuple[str, ...], method: str, body: Any) -> tuple[int, dict[str, str], Any]:
        return self._record(key, method, 200, {}, body)

    def _record(
        self, key: tuple[str, ...], method: str, status: int, headers: dict[str, str], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.log.append(Seen(key=key, method=method, status=status, at=time.monotonic()))
        return status, headers, body

    def should_drop(self) -> bool:
        with self.lock:
            if self.drop_from is not None and len(self.log) + 1 >= self.drop_from:
                self.log.append(Seen(key=("dropped",), method="", status=0, at=time.monotonic()))
                return True
        return False

    def asked(self, start: int = 0) -> list[tuple[str, ...]]:
        return [seen.key for seen in self.log[start:]]


def handler_for(fake: FakePoliceUk) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            self._respond("GET", url.path, dict(urllib.parse.parse_qsl(url.query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = self.rfile.read(length).decode("ascii")
            assert self.headers.get("Content-Type") == "application/x-www-form-urlencoded"
            self._respond("POST", self.path, dict(urllib.parse.parse_qsl(form)))

        def _respond(self, method: str, path: str, params: dict[str, str]) -> None:
            if fake.should_drop():
                # An HTTP/1.0 handler closes the socket when it returns: the client sees the
                # connection dropped with no answer.
                return
            status, headers, body = fake.answer(method, path, params)
            content = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class FakeTime:
    """A clock that moves on by what was "slept", without sleeping: waits are recorded."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.slept = 0.0

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.slept += seconds

    def clock(self) -> float:
        return time.monotonic() + self.slept


@pytest.fixture(autouse=True)
def no_internet(settings: Any, tmp_path: Path) -> None:
    """Points the fetcher at a closed local port unless a test starts the stand-in server."""
    settings.CRIMEPLAN_POLICEUK_API = "http://127.0.0.1:9/api"
    settings.CRIMEPLAN_DATA_DIR = tmp_path


@pytest.fixture
def police_uk(settings: Any) -> Iterator[FakePoliceUk]:
    fake = FakePoliceUk()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_port}/api"
    settings.CRIMEPLAN_POLICEUK_API = fake.base_url
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


def api_for(fake: FakePoliceUk, fake_time: FakeTime, **options: Any) -> fetch.PoliceUkApi:
    return fetch.PoliceUkApi(
        fake.base_url, sleep=fake_time.sleep, clock=fake_time.clock, jitter=lambda: 0.5, **options
    )


def merged_records(month: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        fetch.merged_month_path("gloucestershire", month).read_text(encoding="utf-8")
    )
    return records


def by_id(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: r["id"])


def call_command_output(*args: str) -> str:
    out = StringIO()
    call_command("fetch_policeuk", *args, stdout=out)
    return out.getvalue()


def test_fetches_two_months_deduplicates_and_imports(
    reference: None, police_uk: FakePoliceUk
) -> None:
    out = call_command_output("--force", "gloucestershire", "--from", "2025-01", "--to", "2025-02")

    for month in MONTHS:
        real = real_crimes(month)
        served = sum(len(police_uk.crimes[(n, month)]) for n in ("AA1", "AA2", "AA3"))
        assert served > len(real)  # some crimes did come back twice
        merged = merged_records(month)
        assert len(merged) == len({r["id"] for r in merged})
        assert by_id(merged) == by_id(real)
    crime_requests = [s for s in police_uk.log if s.key[0] == "crimes"]
    assert {(s.key[1], s.method) for s in crime_requests} == {
        ("AA1", "GET"),
        ("AA2", "GET"),
        ("AA3", "POST"),
    }
    assert len(police_uk.log) == 1 + 1 + 3 + 6

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED
    for month in MONTHS:
        distinct = len({r["id"] for r in real_crimes(month)})
        stored = CrimeCount.objects.filter(
            kind="street_api", force__police_uk_id="gloucestershire", month=f"{month}-01"
        ).aggregate(n=Sum("count"))["n"]
        assert stored == distinct
    assert run.rows_loaded == 375 + 335
    assert "2025-01: 375 crimes from 3 neighbourhoods" in out
    assert "Requests: 11 made, 0 answered 429" in out
    assert (
        f"Import {run.pk}: 710 rows read, 710 loaded, 0 rejected; months 2025-01, 2025-02." in out
    )


def test_resumes_after_an_interrupted_run(reference: None, police_uk: FakePoliceUk) -> None:
    # Request 8 is St Marks' crimes for January, after its boundary was saved.
    police_uk.drop_from = 8
    first_time = FakeTime()
    with pytest.raises(fetch.FetchError) as stopped:
        fetch.run(
            force_id="gloucestershire",
            first_month="2025-01",
            last_month="2025-02",
            api=api_for(police_uk, first_time, attempts=3),
            import_data=False,
        )
    assert re.search(
        r"street crimes in neighbourhood AA3 \(St Marks\), 2025-01: no answer from .* after 3 "
        r"tries; the last was (RemoteDisconnected|ConnectionResetError).*"
        r"a later run resumes from there",
        str(stopped.value),
    )
    # Dropped connections are retried after an exponential back-off (jitter fixed at 0.5).
    assert first_time.waits == [0.75, 1.5]
    assert police_uk.asked()[-3:] == [("dropped",)] * 3
    folder = fetch.download_folder("gloucestershire")
    assert not fetch.merged_month_path("gloucestershire", "2025-01").exists()
    # A write cut short leaves only a .part file, which is not taken for a download.
    (folder / "2025-01" / "AA3.json.part").write_text('[{"id": 1')

    police_uk.drop_from = None
    first_run = len(police_uk.log)
    result = fetch.run(
        force_id="gloucestershire",
        first_month="2025-01",
        last_month="2025-02",
        api=api_for(police_uk, FakeTime()),
        import_data=False,
    )

    answered_before = {s.key for s in police_uk.log[:first_run] if s.status == 200}
    asked_again = set(police_uk.asked(first_run)) & answered_before
    assert asked_again == {("crime-last-updated",)}  # not saved: it is checked on every run
    assert police_uk.asked(first_run) == [
        ("crime-last-updated",),
        ("crimes", "AA3", "2025-01"),
        ("crimes", "AA1", "2025-02"),
        ("crimes", "AA2", "2025-02"),
        ("crimes", "AA3", "2025-02"),
    ]
    assert result.stats.requests == 5
    for month in MONTHS:
        assert by_id(merged_records(month)) == by_id(real_crimes(month))
    assert [m.records for m in result.months] == [375, 335]
    assert not list(folder.rglob("*.part"))
    assert not ImportRun.objects.exists()


def test_backs_off_on_429_and_server_errors(reference: None, police_uk: FakePoliceUk) -> None:
    police_uk.crimes_misbehaviour = [(429, {"Retry-After": "2"})] * 3 + [(429, {}), (500, {})]
    fake_time = FakeTime()
    api = api_for(police_uk, fake_time, rate=1000, burst=100, attempts=6)
    result = fetch.run(
        force_id="gloucestershire",
        first_month="2025-01",
        last_month="2025-01",
        api=api,
        import_data=False,
    )

    # Three waits of Retry-After, then the back-off after the 4th and 5th tries: ceilings of
    # 8 s and 16 s, times 0.75 with the jitter fixed at 0.5. At 1,000 requests a second the
    # rate limit itself never waited.
    assert fake_time.waits == [2.0, 2.0, 2.0, 6.0, 12.0]
    assert result.waited_for_rate == 0
    assert (result.stats.too_many_requests, result.stats.retries) == (4, 5)
    assert police_uk.asked().count(("crimes", "AA1", "2025-01")) == 6
    assert by_id(merged_records("2025-01")) == by_id(real_crimes("2025-01"))


def test_gives_up_on_a_lasting_429_and_names_the_request(
    reference: None, police_uk: FakePoliceUk
) -> None:
    police_uk.crimes_misbehaviour = [(429, {"Retry-After": "1"})] * 10
    fake_time = FakeTime()
    with pytest.raises(
        fetch.FetchError,
        match=r"neighbourhood AA1 \(Hesters Way\), 2025-01: no answer "
        r"from .* after 4 tries; the last was HTTP 429",
    ):
        fetch.run(
            force_id="gloucestershire",
            first_month="2025-01",
            last_month="2025-01",
            api=api_for(police_uk, fake_time, attempts=4),
            import_data=False,
        )
    assert fake_time.waits == [1.0, 1.0, 1.0]


def test_503_from_crimes_street_names_the_neighbourhood_and_month(
    reference: None, police_uk: FakePoliceUk
) -> None:
    police_uk.crimes_misbehaviour = [(503, {})]
    with pytest.raises(CommandError) as error:
        call_command_output("--force", "gloucestershire", "--from", "2025-01", "--to", "2025-02")
    assert (
        "street crimes in neighbourhood AA1 (Hesters Way), 2025-01: police.uk answered 503"
        in str(error.value)
    )
    assert "more than 10,000 crimes" in str(error.value)
    assert [k for k in police_uk.asked() if k[0] == "crimes"] == [("crimes", "AA1", "2025-01")]


def test_token_bucket_keeps_to_the_rate() -> None:
    fake_time = FakeTime()
    bucket = fetch.TokenBucket(rate=5, burst=2, sleep=fake_time.sleep, clock=fake_time.clock)
    started = time.monotonic()
    for _ in range(12):
        bucket.take()
    real_elapsed = time.monotonic() - started
    # 12 requests at 5 a second with 2 allowed at once need at least 10 / 5 s, and no more.
    assert fake_time.slept + real_elapsed >= 2.0
    assert fake_time.slept <= 2.0 + 1e-9
    assert len(fake_time.waits) == 10
    assert bucket.waited == pytest.approx(fake_time.slept)


class SteppedTime(FakeTime):
    """A clock that moves only by what was "slept": pacing becomes exact and repeatable,
    whatever else the machine is doing."""

    def clock(self) -> float:
        return self.slept


def test_every_request_to_the_server_is_paced_by_the_bucket(
    reference: None, police_uk: FakePoliceUk
) -> None:
    rate, burst = 40.0, 2
    stepped = SteppedTime()
    api = fetch.PoliceUkApi(
        police_uk.base_url, rate=rate, burst=burst, sleep=stepped.sleep, clock=stepped.clock
    )
    sent: list[float] = []
    take = api.bucket.take

    def recording_take() -> None:
        take()
        sent.append(stepped.clock())

    api.bucket.take = recording_take  # type: ignore[method-assign]
    fetch.run(
        force_id="gloucestershire",
        first_month="2025-01",
        last_month="2025-01",
        api=api,
        import_data=False,
    )
    # Every request the server saw went through the bucket, in order.
    assert len(police_uk.log) == len(sent) == 8
    # Any run of k requests may hold `burst` at once and the rest one per 1/rate seconds.
    for first in range(len(sent)):
        for last in range(first + 1, len(sent)):
            assert sent[last] - sent[first] >= (last - first + 1 - burst) / rate - 1e-9
    assert api.bucket.waited == pytest.approx((len(sent) - burst) / rate)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--force", "atlantis"], r"unknown force 'atlantis': no force has that police.uk id"),
        (
            ["--force", "gloucestershir"],
            r"unknown force 'gloucestershir'.*did you mean gloucestershire",
        ),
        (
            ["--from", "2025-13"],
            r"the first month \(--from\) '2025-13' is not a month in the form YYYY-MM",
        ),
        (["--to", "25-02"], r"the last month \(--to\) '25-02' is not a month in the form YYYY-MM"),
        (
            ["--from", "2025-03"],
            r"the first month \(--from 2025-03\) is after the last \(--to 2025-02\)",
        ),
        (["--base-url", "ftp://example.org"], r"must start http:// or https://"),
        (["--rate", "0"], r"the request rate must be above 0"),
    ],
)
def test_bad_arguments_are_named(
    reference: None, police_uk: FakePoliceUk, args: list[str], message: str
) -> None:
    given = {"--force": "gloucestershire", "--from": "2025-01", "--to": "2025-02"}
    given.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        call_command_output(*[part for pair in given.items() for part in pair])
    assert police_uk.log == []


def test_a_month_not_yet_published_is_refused(reference: None, police_uk: FakePoliceUk) -> None:
    with pytest.raises(
        CommandError,
        match=r"police.uk has street-level crime up to 2026-01; 2026-02 "
        r"is not published yet",
    ):
        call_command_output("--force", "gloucestershire", "--from", "2026-01", "--to", "2026-02")
    assert police_uk.asked() == [("crime-last-updated",)]
    assert not fetch.download_folder("gloucestershire").exists()


def test_an_answer_nested_too_deeply_is_a_named_error(
    reference: None, police_uk: FakePoliceUk
) -> None:
    police_uk.crimes_raw = b"[" * 10_000 + b"]" * 10_000
    with pytest.raises(CommandError) as error:
        call_command_output("--force", "gloucestershire", "--from", "2025-01", "--to", "2025-01")
    assert (
        "street crimes in neighbourhood AA1 (Hesters Way), 2025-01: the answer is JSON nested "
        "too deeply to read" in str(error.value)
    )
    assert not ImportRun.objects.exists()


def test_a_fetch_that_would_shrink_a_month_imports_only_with_allow_shrink(
    reference: None, police_uk: FakePoliceUk
) -> None:
    """A month fetched again with markedly fewer crimes (police.uk answering short, say) does
    not replace the one held unless confirmed."""
    call_command_output("--force", "gloucestershire", "--from", "2025-01", "--to", "2025-01")
    for neighbourhood in ("AA1", "AA2", "AA3"):
        police_uk.crimes[(neighbourhood, "2025-01")] = police_uk.crimes[(neighbourhood, "2025-01")][
            :20
        ]
    shutil.rmtree(fetch.download_folder("gloucestershire") / "2025-01")
    with pytest.raises(
        CommandError, match=r"street_api 2025-01: 375 rows held, \d+ in this import"
    ):
        call_command_output("--force", "gloucestershire", "--from", "2025-01", "--to", "2025-01")
    held = CrimeCount.objects.filter(kind="street_api").aggregate(n=Sum("count"))["n"]
    assert held == 375
    call_command_output(
        "--force", "gloucestershire", "--from", "2025-01", "--to", "2025-01", "--allow-shrink"
    )
    assert CrimeCount.objects.filter(kind="street_api").aggregate(n=Sum("count"))["n"] < 375
