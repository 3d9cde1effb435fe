"""Headless Chromium (Debian's package) driven by Playwright, and axe-core for WCAG checks."""

import datetime
import os
import time
from pathlib import Path

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from playwright.sync_api import expect

from crimeplan.accounts.tests.factories import PASSWORD

# Under CI's load (two workers, each with its own live server and browser) a POST can take
# longer than Playwright's default 5 s to answer: every browser test's assertions wait up to
# 20 s for the page they expect. A wrong page still fails, only later.
expect.set_options(timeout=20_000)

CHROMIUM = os.environ.get("CRIMEPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Runs axe-core's WCAG 2.2 A and AA rules on the page; returns the violations, summarised.

    axe is evaluated through the DevTools protocol, not added as a <script>: the page's
    Content-Security-Policy rightly refuses an inline script. It waits for the page's load
    event first: a page whose navigation has begun but whose style sheet and scripts have not
    yet run shows unstyled links that fail target-size, a fault of the test's haste, not the
    page's. (Wait for something on the next page before calling this after a click.)"""
    page.wait_for_load_state("load")
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def watch_csp(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The Content-Security-Policy violations Chromium reports on the page's console from now
    on (a refused inline script or style, a resource from another site), as they happen."""
    violations: list[str] = []

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


# A code typed this close to the end of its 30-second step may reach the server in the next
# step, where (with allauth's default tolerance of no steps) it is refused.
CODE_MARGIN_SECONDS = 3


def totp_code(secret: str) -> str:
    """The authenticator's current code, from a step with at least CODE_MARGIN_SECONDS left."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < CODE_MARGIN_SECONDS:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(page, base: str, email: str, secret: str) -> None:  # type: ignore[no-untyped-def]
    """Signs in with password and authenticator code, and returns once the sign-in is complete.

    Waits for each page rather than trusting the click: a refused code then fails here, by
    timing out on the code page, not at the test's next step. allauth also refuses a code
    used once already, so the same user cannot sign in twice within one 30-second step."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" in url)
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def fill_date(page, field: str, value: "datetime.date | str") -> None:  # type: ignore[no-untyped-def]
    """Types a date into a GOV.UK date input: `field` is the fieldset's legend (its text, in
    the page's language) or "#" and the field's id; `value` a date, "2026-04-01" or
    "01/04/2026"."""
    if isinstance(value, datetime.date):
        parts = (str(value.day), str(value.month), str(value.year))
    elif "/" in value:
        day, month, year = value.split("/")
        parts = (day, month, year)
    else:
        year, month, day = value.split("-")
        parts = (day, month, year)
    for name, part in zip(("day", "month", "year"), parts, strict=True):
        if field.startswith("#"):
            box = page.locator(f"{field}_{name}")
        else:
            group = page.get_by_role("group", name=field, exact=False)
            box = group.locator(f"input[name$='_{name}']")
        box.fill(part)
