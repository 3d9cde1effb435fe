"""Benchmark: a walk through the app as a resident and as each demo account, in headless
Chromium, as issue 22 asks for its closing figures.

Start the app first (`make run`, which serves on 127.0.0.1:8000 with the demo loaded), then run
`.venv/bin/python bench/walkthrough.py`. For each demo account in var/demo-credentials.json it
signs in with the password and the authenticator's current code, then:

- **main job**: from the home page it follows the first item of the first work queue that has
  something waiting (the page where that work is done), or, for a role nothing waits for, the
  navigation entry of its main page; it prints the seconds to sign in (password and code), and
  the clicks and seconds from the home page to the job's page being shown;
- **crawl**: every same-site page linked from the home page, breadth first, up to `--pages`
  pages, counting server errors, pages not found and pages refused, with the median and the
  slowest load.

A resident's walk is the same crawl from the public start page, signed out. Only pages are
read (GET): downloads, sign-out and account-security pages are not followed, so the walk
changes nothing but the audit log's record of who viewed what.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimeplan.settings.local")
# Playwright's sync API runs an event loop in this thread; the script's only Django use is
# reading the authenticator settings.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Each account's main job, for the roles nothing waits for on the home page: the navigation
# entry of the page they come for. The others follow their first waiting work item, or, when
# nothing waits for them today, the entry named in WHEN_NOTHING_WAITS.
MAIN_PAGES = {
    "admin@opcc.example": "Organisations",
    "viewer@csp.example": "Performance",
    "panel@panel.example": "Scrutiny panels",
}
WHEN_NOTHING_WAITS = {
    "assessor@opcc.example": "Grant applications",
    "icv@opcc.example": "Custody visits",
}
# Not followed: files, signing out, the account's security settings, the API.
SKIPPED = (
    "/accounts/",
    "/api/",
    "/static/",
    "format=",
    "/export",
    "download",
    "/admin/",
    "/pdf/",
    "/evidence/",
)
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".ods", ".json", ".pdf", ".geojson", ".zip", ".svg")


@dataclass
class Walk:
    who: str
    pages: int = 0
    server_errors: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    not_pages: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    slowest: str = ""
    job: str = ""
    job_clicks: int = 0
    job_seconds: float = 0.0
    sign_in_seconds: float = 0.0


def totp_code(secret: str) -> str:
    """The authenticator's current code (waits for a fresh step near the end of one)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def followed(base: str, href: str | None) -> str | None:
    """The same-site page a link leads to, or None where the walk does not follow it."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _fragment = urldefrag(urljoin(base + "/", href))
    parsed = urlparse(url)
    if parsed.netloc != urlparse(base).netloc:
        return None
    if any(word in url for word in SKIPPED) or parsed.path.endswith(SKIPPED_SUFFIXES):
        return None
    return url


def crawl(page, base: str, start: str, walk: Walk, limit: int) -> None:  # type: ignore[no-untyped-def]
    seen = {start}
    queue = deque([start])
    while queue and walk.pages < limit:
        url = queue.popleft()
        started = time.perf_counter()
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a file sent as an attachment: not a page
            walk.not_pages.append(f"{url} ({str(error).splitlines()[0]})")
            continue
        took = time.perf_counter() - started
        if took > max(walk.seconds, default=0):
            walk.slowest = urlparse(url).path
        walk.seconds.append(took)
        walk.pages += 1
        status = response.status if response else 0
        if status >= 500:
            walk.server_errors.append(url)
        elif status == 404:
            walk.not_found.append(url)
        elif status == 403:
            walk.forbidden.append(url)
        if status != 200:
            continue
        links = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )
        for href in links:
            target = followed(base, href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)


def sign_in(page, base: str, email: str, account: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(account["password"])
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" in url)
    page.get_by_label("Code", exact=True).fill(totp_code(account["totp_secret"]))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def main_job(page, base: str, email: str, walk: Walk) -> None:  # type: ignore[no-untyped-def]
    """From the home page (where signing in lands) to the page of the account's main job."""
    page.goto(f"{base}/home/")
    started = time.perf_counter()
    clicks = 0
    waiting = page.locator("section.crimeplan-queue li a")
    name = MAIN_PAGES.get(email) or (None if waiting.count() else WHEN_NOTHING_WAITS.get(email))
    if name:
        page.get_by_role("navigation").get_by_role("link", name=name, exact=True).first.click()
        walk.job = f"{name} (navigation{'' if email in MAIN_PAGES else ': nothing waiting'})"
    elif waiting.count():
        first = waiting.first
        queue = first.locator("xpath=ancestor::section//h3").inner_text().split(":")[0]
        walk.job = f"{queue}: {first.inner_text()}"
        first.click()
    else:
        walk.job = "nothing waiting, and no main page named"
        return
    clicks += 1
    page.wait_for_load_state("load")
    walk.job_clicks = clicks
    walk.job_seconds = time.perf_counter() - started
    walk.job += f" -> {urlparse(page.url).path}"


def report(walk: Walk) -> None:
    median = statistics.median(walk.seconds) * 1000 if walk.seconds else 0
    slowest = max(walk.seconds, default=0) * 1000
    print(
        f"{walk.who:28} {walk.pages:4} pages  {len(walk.server_errors):2} 5xx  "
        f"{len(walk.not_found):2} 404  {len(walk.forbidden):2} 403  "
        f"median {median:5.0f} ms  slowest {slowest:6.0f} ms ({walk.slowest})",
        flush=True,
    )
    for label, urls in (
        ("server error", walk.server_errors),
        ("not found", walk.not_found),
        ("forbidden", walk.forbidden),
        ("not a page", walk.not_pages),
    ):
        for url in urls:
            print(f"    {label}: {url}")
    if walk.job:
        print(
            f"    signed in in {walk.sign_in_seconds:.1f} s; main job: {walk.job}  "
            f"({walk.job_clicks} click{'s' if walk.job_clicks != 1 else ''} from home, "
            f"{walk.job_seconds:.2f} s)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--pages", type=int, default=80, help="pages crawled per account")
    parser.add_argument("--credentials", type=Path, default=ROOT / "var" / "demo-credentials.json")
    args = parser.parse_args()

    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from crimeplan.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    accounts = json.loads(args.credentials.read_text())
    walks = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        resident = Walk("resident (signed out)")
        crawl(context.new_page(), args.base, f"{args.base}/", resident, args.pages)
        context.close()
        walks.append(resident)
        report(resident)
        for email, account in accounts.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            walk = Walk(email)
            started = time.perf_counter()
            sign_in(page, args.base, email, account)
            walk.sign_in_seconds = time.perf_counter() - started
            main_job(page, args.base, email, walk)
            crawl(page, args.base, f"{args.base}/home/", walk, args.pages)
            context.close()
            walks.append(walk)
            report(walk)
        browser.close()
    total = sum(w.pages for w in walks)
    errors = sum(len(w.server_errors) for w in walks)
    missing = sum(len(w.not_found) for w in walks)
    print(f"in all: {total} page loads, {errors} server errors, {missing} pages not found")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
