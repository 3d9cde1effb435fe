"""Downloads a force's street-level crime, month by month, from the data.police.uk API.

The API has no "whole force" query, so a month is fetched one neighbourhood polygon at a time
(`crimes-street/all-crime?poly=...`) and the answers are merged, dropping the crimes that sit
on a shared boundary and so come back twice. Each answer is saved as it arrives under
`CRIMEPLAN_DATA_DIR/downloads/policeuk-api/<force>/`, so a run that stops part way resumes
where it left off. Every request goes through one token bucket that keeps under police.uk's
published limit (15 a second, bursts of 30); a 429 waits for `Retry-After` or backs off, and
server errors and dropped connections are retried a few times before the run gives up.
"""

import difflib
import http.client
import json
import math
import os
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from crimeplan.geography.models import Force

from . import policeuk
from .models import ImportRun

DEFAULT_BASE_URL = "https://data.police.uk/api"
DEFAULT_RATE = 15.0
DEFAULT_BURST = 30
DEFAULT_ATTEMPTS = 6
# police.uk answers 400 to a GET longer than 4,094 characters and asks for a POST instead.
GET_URL_LIMIT = 4000
# A Retry-After beyond this is more likely a misconfigured server than a real request to wait.
MAX_RETRY_AFTER = 300.0
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
USER_AGENT = "crimeplan-fetch-policeuk/1"

Sleep = Callable[[float], None]
Clock = Callable[[], float]


class FetchError(Exception):
    """The fetch cannot go on; the message names what failed and why."""


class TokenBucket:
    """Paces requests: `rate` a second on average, at most `burst` back to back.

    `sleep` and `clock` go together: a test that records waits instead of sleeping must
    give a clock that moves on by what was "slept", or the bucket never refills.
    """

    def __init__(self, *, rate: float, burst: int, sleep: Sleep, clock: Clock) -> None:
        if not (rate > 0 and math.isfinite(rate)) or burst < 1:
            raise FetchError(
                f"the request rate must be above 0 and the burst at least 1 "
                f"(given {rate} a second, burst {burst})"
            )
        self.rate, self.burst, self.sleep, self.clock = rate, burst, sleep, clock
        self.tokens = float(burst)
        self.updated = clock()
        self.waited = 0.0

    def take(self) -> None:
        """Waits, if need be, until a token is free, and spends it."""
        self._refill()
        if self.tokens < 1:
            wait = (1 - self.tokens) / self.rate
            self.sleep(wait)
            self.waited += wait
            self._refill()
        # A sleep that ends a hair early leaves the bucket slightly negative, which makes the
        # next wait that much longer: the average rate still holds.
        self.tokens -= 1

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now


@dataclass
class RequestStats:
    requests: int = 0
    too_many_requests: int = 0
    retries: int = 0
    waited_for_retry: float = 0.0


class PoliceUkApi:
    """HTTP to the police.uk API: every request paced by one token bucket, and retried on
    429, 5xx and dropped connections up to `attempts` tries in all."""

    def __init__(
        self,
        base_url: str,
        *,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        timeout: float = 60.0,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        scheme = urllib.parse.urlsplit(base_url).scheme
        if scheme not in {"http", "https"}:
            raise FetchError(
                f"the police.uk API address must start http:// or https:// (given {base_url!r})"
            )
        self.base_url = base_url.rstrip("/")
        self.bucket = TokenBucket(rate=rate, burst=burst, sleep=sleep, clock=clock)
        self.attempts, self.backoff, self.max_backoff = max(1, attempts), backoff, max_backoff
        self.timeout, self.sleep, self.jitter = timeout, sleep, jitter
        self.stats = RequestStats()

    def get(self, path: str, *, what: str) -> bytes:
        return self._send(self._request(f"{self.base_url}/{path}"), what=what)

    def street_crimes(self, *, poly: str, month: str, what: str, too_many_crimes: str) -> bytes:
        """One month's crimes inside a polygon, as the raw JSON answer."""
        form = urllib.parse.urlencode({"poly": poly, "date": month}, safe=",:")
        url = f"{self.base_url}/crimes-street/all-crime"
        if len(url) + 1 + len(form) <= GET_URL_LIMIT:
            request = self._request(f"{url}?{form}")
        else:
            request = self._request(url, form=form.encode("ascii"))
        return self._send(request, what=what, too_many_crimes=too_many_crimes)

    @staticmethod
    def _request(url: str, form: bytes | None = None) -> urllib.request.Request:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # PoliceUkApi.__init__ allows only an http(s) base address, and every URL starts with it.
        return urllib.request.Request(  # noqa: S310
            url, data=form, headers=headers, method="POST" if form else "GET"
        )

    def _send(
        self, request: urllib.request.Request, *, what: str, too_many_crimes: str = ""
    ) -> bytes:
        problem = ""
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                self.stats.retries += 1
            self.bucket.take()
            self.stats.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return bytes(response.read())
            except urllib.error.HTTPError as error:
                retry_after = error.headers.get("Retry-After") if error.headers else None
                error.close()
                problem = f"HTTP {error.code} {error.reason}"
                delay = self._delay_after_status(
                    error.code, retry_after, attempt, what, too_many_crimes
                )
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                problem = f"{error.__class__.__name__}: {getattr(error, 'reason', error)}"
                delay = self._backoff(attempt)
            if attempt < self.attempts:
                self.sleep(delay)
                self.stats.waited_for_retry += delay
        raise FetchError(
            f"{what}: no answer from {request.full_url[:200]} after {self.attempts} "
            f"tries; the last was {problem}"
        )

    def _delay_after_status(
        self, status: int, retry_after: str | None, attempt: int, what: str, too_many_crimes: str
    ) -> float:
        if status == 429:
            self.stats.too_many_requests += 1
            seconds = _retry_after_seconds(retry_after)
            return self._backoff(attempt) if seconds is None else seconds
        # police.uk documents a 503 from crimes-street as "more than 10,000 crimes in this
        # area": retrying cannot help. Splitting the polygon would, but is not done here.
        if status == 503 and too_many_crimes:
            raise FetchError(f"{what}: {too_many_crimes}")
        if status >= 500:
            return self._backoff(attempt)
        raise FetchError(
            f"{what}: data.police.uk answered HTTP {status}, which retrying will not change"
        )

    def _backoff(self, attempt: int) -> float:
        # Jitter keeps clients that failed together from retrying together; it never drops
        # below half the exponential delay, so the back-off still grows.
        ceiling = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return ceiling * (0.5 + self.jitter() / 2)


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After given in seconds; None when absent or in a form not understood."""
    try:
        seconds = float((value or "").strip())
    except ValueError:
        return None
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


@dataclass(frozen=True)
class Neighbourhood:
    id: str
    name: str

    @property
    def file_stem(self) -> str:
        # police.uk ids are short codes (AA3, E05000138), but nothing promises they are safe
        # as a file name or a URL path segment.
        return urllib.parse.quote(self.id, safe="")

    def label(self) -> str:
        return f"neighbourhood {self.id} ({self.name})"


@dataclass
class MonthFetched:
    month: str
    neighbourhoods: int
    # Summed over neighbourhoods: a crime on a shared boundary is counted once for each.
    records_fetched: int
    records: int
    path: Path

    @property
    def duplicates(self) -> int:
        return self.records_fetched - self.records


@dataclass
class FetchResult:
    force_id: str
    folder: Path
    months: list[MonthFetched]
    stats: RequestStats
    waited_for_rate: float
    import_run: ImportRun | None = None


def configured_base_url() -> str:
    return str(getattr(settings, "CRIMEPLAN_POLICEUK_API", DEFAULT_BASE_URL))


def download_folder(force_id: str) -> Path:
    return Path(settings.CRIMEPLAN_DATA_DIR) / "downloads" / "policeuk-api" / force_id


def merged_month_path(force_id: str, month: str) -> Path:
    return download_folder(force_id) / f"{force_id}-{month}-street-api.json"


def parse_month(text: str, *, what: str) -> str:
    if not MONTH.fullmatch(text.strip()):
        raise FetchError(f"{what} {text!r} is not a month in the form YYYY-MM (e.g. 2025-01)")
    return text.strip()


def months_between(first_month: str, last_month: str) -> list[str]:
    """Every month from the first to the last, both included."""
    first = parse_month(first_month, what="the first month (--from)")
    last = parse_month(last_month, what="the last month (--to)")
    if first > last:
        raise FetchError(f"the first month (--from {first}) is after the last (--to {last})")
    year, month = int(first[:4]), int(first[5:])
    months = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        months.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def check_force(force_id: str) -> None:
    known = list(Force.objects.values_list("police_uk_id", flat=True))
    if force_id in known:
        return
    close = difflib.get_close_matches(force_id, known, n=3)
    if close:
        hint = f"; did you mean {' or '.join(close)}?"
    elif not known:
        hint = "; the reference data holds no forces: run `crimeplan load-reference` first"
    else:
        hint = "; force ids are police.uk's, e.g. gloucestershire or metropolitan"
    raise FetchError(f"unknown force {force_id!r}: no force has that police.uk id{hint}")


def run(
    *,
    force_id: str,
    first_month: str,
    last_month: str,
    api: PoliceUkApi | None = None,
    import_data: bool = True,
    actor: Any = None,
    allow_shrink: bool = False,
) -> FetchResult:
    """Fetches the months from `first_month` to `last_month` and, unless told not to, imports them
    (`allow_shrink`: replacing months held already even with markedly fewer rows).

    Raises FetchError for bad arguments or a download that cannot finish (what was saved is
    kept for the next run), and lets importing.ImportFileError through from the import.
    """
    months = months_between(first_month, last_month)
    check_force(force_id)
    api = api or PoliceUkApi(configured_base_url())
    _check_published(api, months[-1])
    folder = download_folder(force_id)
    try:
        fetched = fetch_months(api=api, force_id=force_id, months=months)
    except FetchError as error:
        raise FetchError(
            f"{error}. What was downloaded so far is kept in {folder}; a later run "
            "resumes from there."
        ) from error
    result = FetchResult(
        force_id=force_id,
        folder=folder,
        months=fetched,
        stats=api.stats,
        waited_for_rate=api.bucket.waited,
    )
    if import_data:
        result.import_run = policeuk.run(
            # Kept as API data (street_api): it has no LSOAs and misses crimes outside every
            # neighbourhood outline, so it never replaces the archive's street data.
            paths=[m.path for m in fetched],
            actor=actor,
            force_id=force_id,
            api_covers_force=False,
            allow_shrink=allow_shrink,
        )
    return result


def _check_published(api: PoliceUkApi, last_month: str) -> None:
    # A month police.uk has not published yet comes back empty, and the empty answers would be
    # saved and then skipped by every later run: so such months are refused up front.
    answer = _json(
        api.get("crime-last-updated", what="the date of police.uk's latest data"),
        what="crime-last-updated",
    )
    latest = str(answer.get("date", ""))[:7] if isinstance(answer, dict) else ""
    if not MONTH.fullmatch(latest):
        raise FetchError(
            f'crime-last-updated: expected {{"date": "YYYY-MM-DD"}}, got {answer!r}'[:300]
        )
    if last_month > latest:
        raise FetchError(
            f"police.uk has street-level crime up to {latest}; {last_month} is not published yet"
        )


def fetch_months(*, api: PoliceUkApi, force_id: str, months: list[str]) -> list[MonthFetched]:
    """Downloads what is missing of each month, then writes each month's merged file."""
    folder = download_folder(force_id)
    neighbourhoods = _neighbourhoods(api, force_id, folder)
    boundaries: dict[str, str] = {}
    fetched = []
    for month in months:
        for neighbourhood in neighbourhoods:
            target = folder / month / f"{neighbourhood.file_stem}.json"
            if target.exists():
                continue
            if neighbourhood.id not in boundaries:
                boundaries[neighbourhood.id] = _poly(api, force_id, folder, neighbourhood)
            what = f"street crimes in {neighbourhood.label()}, {month}"
            body = api.street_crimes(
                poly=boundaries[neighbourhood.id],
                month=month,
                what=what,
                too_many_crimes="police.uk answered 503, which it gives when a polygon holds more "
                "than 10,000 crimes in a month; this fetcher does not split polygons",
            )
            _json_list(body, what=what)
            _write_atomically(target, body)
        fetched.append(_merge(folder, force_id, month, neighbourhoods))
    return fetched


def _neighbourhoods(api: PoliceUkApi, force_id: str, folder: Path) -> list[Neighbourhood]:
    cached = folder / "neighbourhoods.json"
    what = f"the neighbourhoods of {force_id}"
    if cached.exists():
        body = cached.read_bytes()
    else:
        body = api.get(f"{urllib.parse.quote(force_id, safe='')}/neighbourhoods", what=what)
    neighbourhoods = []
    for item in _json_list(body, what=what):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("id"), str)
            or not item["id"].strip()
        ):
            raise FetchError(f"{what}: expected items with a text id, got {item!r}"[:300])
        neighbourhoods.append(Neighbourhood(id=item["id"], name=str(item.get("name", ""))))
    if not neighbourhoods:
        raise FetchError(f"{what}: police.uk lists none")
    if not cached.exists():
        _write_atomically(cached, body)
    return neighbourhoods


def _poly(api: PoliceUkApi, force_id: str, folder: Path, neighbourhood: Neighbourhood) -> str:
    """The neighbourhood's boundary as police.uk's `poly` parameter: lat,lng:lat,lng:..."""
    cached = folder / "boundaries" / f"{neighbourhood.file_stem}.json"
    what = f"the boundary of {neighbourhood.label()}"
    if cached.exists():
        body = cached.read_bytes()
    else:
        path = f"{urllib.parse.quote(force_id, safe='')}/{neighbourhood.file_stem}/boundary"
        body = api.get(path, what=what)
    points = _json_list(body, what=what)
    if not points:
        raise FetchError(f"{what}: police.uk gives no boundary, so its crimes cannot be fetched")
    pairs = []
    for point in points:
        if not isinstance(point, dict) or "latitude" not in point or "longitude" not in point:
            raise FetchError(f"{what}: expected latitude and longitude, got {point!r}"[:300])
        # The coordinates go back exactly as police.uk gave them, as text, without rounding.
        pairs.append(f"{point['latitude']},{point['longitude']}")
    if not cached.exists():
        _write_atomically(cached, body)
    return ":".join(pairs)


def _merge(
    folder: Path, force_id: str, month: str, neighbourhoods: list[Neighbourhood]
) -> MonthFetched:
    """Writes the month's crimes, each once: a crime on a boundary between two neighbourhoods
    comes back for both, with the same API `id`."""
    seen: set[tuple[str, object]] = set()
    merged: list[Any] = []
    fetched = 0
    for neighbourhood in neighbourhoods:
        saved = folder / month / f"{neighbourhood.file_stem}.json"
        for record in _json_list(saved.read_bytes(), what=str(saved)):
            fetched += 1
            crime_id = record.get("id") if isinstance(record, dict) else None
            key = (
                ("id", crime_id)
                if crime_id is not None
                else ("record", json.dumps(record, sort_keys=True))
            )
            if key not in seen:
                seen.add(key)
                merged.append(record)
    path = merged_month_path(force_id, month)
    _write_atomically(path, json.dumps(merged, ensure_ascii=False).encode("utf-8"))
    return MonthFetched(
        month=month,
        neighbourhoods=len(neighbourhoods),
        records_fetched=fetched,
        records=len(merged),
        path=path,
    )


def _json(body: bytes, *, what: str) -> Any:
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FetchError(f"{what}: the answer is not JSON ({error})") from None
    except RecursionError:
        raise FetchError(f"{what}: the answer is JSON nested too deeply to read") from None


def _json_list(body: bytes, *, what: str) -> list[Any]:
    answer = _json(body, what=what)
    if not isinstance(answer, list):
        raise FetchError(f"{what}: expected a JSON list, got {type(answer).__name__}")
    return answer


def _write_atomically(path: Path, content: bytes) -> None:
    """Writes beside the target, then renames: an interrupted run never leaves half a file
    where the next run would take it for a finished download."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    with part.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    part.replace(path)
