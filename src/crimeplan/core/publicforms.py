"""What protects a form anyone may send without an account: a honeypot and a rate limit.

The honeypot is a field people never see (`honeypot.html` hides it, and it is out of the tab
order): a robot that fills every field fills it too. Its post is answered as if it had
worked, stores and sends nothing, and counts against the sender's allowance.

The limit (`PublicFormLimit`) is an allowance per client network per hour, counted by
`core.ratelimit` (in memory or Redis, never the database). A form that sends mistakes back
checks the allowance first (`reached`) and counts only what it accepted (`record`), so that a
form sent back for corrections does not use it up; an action every attempt of which costs
(an upload, a new draft) counts each attempt (`allow`).

A public form's view reads:

    refused = publicforms.refusal(request, limit=LIMIT, as_if_done=lambda: redirect("done"))
    if refused is not None:
        return refused
    ... validate, call the service; once accepted: LIMIT.record(request)
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import ratelimit

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
HONEYPOT_TEMPLATE = "core/includes/honeypot.html"


def is_bot(request: HttpRequest) -> bool:
    """Whether the post filled the honeypot."""
    return bool(request.POST.get(HONEYPOT_FIELD))


class HoneypotForm(forms.Form):
    """A form with the honeypot field (rendered with `core/includes/honeypot.html`, never
    with the form's own fields). `is_bot` reads what was posted, valid or not; the field is
    left out of `cleaned_data`, so that the form's data can go to a service as it is."""

    website = forms.CharField(required=False, label=_("Leave this empty"))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned


@dataclass(frozen=True)
class PublicFormLimit:
    """A public form's allowance: `per_hour` accepted posts from one network an hour, or
    the value of the setting `setting` when it is set."""

    action: str
    per_hour: int
    setting: str = ""

    @property
    def limit(self) -> int:
        if self.setting:
            return int(getattr(settings, self.setting, self.per_hour))
        return self.per_hour

    def reached(self, request: HttpRequest) -> bool:
        return ratelimit.limit_reached(request, action=self.action, limit=self.limit)

    def record(self, request: HttpRequest) -> None:
        ratelimit.record(request, action=self.action)

    def allow(self, request: HttpRequest) -> bool:
        """Counts this attempt and says whether it is within the allowance."""
        return ratelimit.allow(request, action=self.action, limit=self.limit)


def too_many(request: HttpRequest) -> HttpResponse:
    """The answer once a network's allowance is used up."""
    return render(request, "429.html", status=429)


def refusal(
    request: HttpRequest,
    *,
    limit: PublicFormLimit,
    as_if_done: Callable[[], HttpResponse],
    bot: bool | None = None,
) -> HttpResponse | None:
    """The answer to a public form's post that must go no further, or None to go on: 429
    once the network's allowance is used up; for a filled honeypot (`bot`, read from the post
    unless given), `as_if_done()`, so the robot learns nothing, counted against the
    allowance."""
    if limit.reached(request):
        return too_many(request)
    if is_bot(request) if bot is None else bot:
        logger.info("A post to %s refused by the honeypot", limit.action)
        limit.record(request)
        return as_if_done()
    return None
