"""The e-mail a reporter may ask for: one message when their area's finding is answered.

A person reporting an unsafe place may give an e-mail address. It is stored apart from the
report (`FollowUp`), with only the area (the cell at the county's resolution, or the district)
and the month, so nothing ties the two. The daily job (`crimeplan unsafe-places follow-ups`)
sends one message, in the language of the form, to each address whose area has an answer with
a published update:

- an address with a cell: the hotspot finding of that cell;
- an address with a district only: a survey finding for that district still open;

and deletes the address once the message is sent. An address whose area is never answered is
deleted by the retention schedule (`voice_follow_ups`). Nothing here logs or audits an
address: the job's audit event and its output carry counts only.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.core.findings import Answer
from crimeplan.core.mail import send_courtesy_mail
from crimeplan.geography.models import District

from . import findings, hotspots
from .models import AnnouncedFinding, FollowUp

logger = logging.getLogger(__name__)


# The retention schedule's key for the addresses (settings.CRIMEPLAN_RETENTION).
RETENTION_KEY = "voice_follow_ups"


def follow_up_days() -> int:
    """How long an address waits for its area to be answered before it is deleted."""
    return int(settings.CRIMEPLAN_RETENTION.get(RETENTION_KEY) or 180)


def follow_up_add(
    *, email: str, cell: str, district: District, language: str, today: datetime.date
) -> None:
    """Keeps an address for the area of a report (the report's own cell is made coarser). The
    caller (`reports.report_submit`, which runs outside a transaction, as a request does here)
    writes it after the report's transaction has committed, in a transaction of its own, so the
    two rows never share one (PostgreSQL's `xmin` would pair them)."""
    FollowUp.objects.create(
        email=email.strip(),
        cell=hotspots.at_resolution([cell], hotspots.COUNTY_RESOLUTION)[0] if cell else "",
        district=None if cell else district,
        language=language,
        given_in=today.replace(day=1),
    )


@dataclass(frozen=True)
class Sent:
    sent: int
    not_sent: int
    waiting: int

    def lines(self) -> list[str]:
        return [
            f"Follow-up e-mails sent: {self.sent}",
            f"Could not be sent (tried again tomorrow): {self.not_sent}",
            f"Addresses still waiting for their area to be answered: {self.waiting}",
        ]


def _published(answers: Iterable[Answer]) -> list[Answer]:
    return [a for a in answers if a.updates]


def _since(answers: Iterable[Answer], given_in: datetime.date) -> list[Answer]:
    """The answers with an update published in or after the month the address was given: a
    person who reports in an area answered long ago hears of what is done next, not of that."""
    found = []
    for answer in answers:
        updates = tuple(u for u in answer.updates if u.published_on >= given_in)
        if updates:
            found.append(replace(answer, updates=updates))
    return found


def _district_answers(codes: set[str]) -> dict[str, list[Answer]]:
    """A district's answered survey findings (open ones), by district code."""
    open_keys = AnnouncedFinding.objects.filter(
        kind=AnnouncedFinding.Kind.SURVEY, until__isnull=True
    ).values_list("key", flat=True)
    keys = [k for k in open_keys if k.rsplit(":", 1)[-1] in codes]
    answered = findings.answers_for(AnnouncedFinding.Kind.SURVEY, keys)
    by_district: dict[str, list[Answer]] = {}
    for key, found in answered.items():
        by_district.setdefault(key.rsplit(":", 1)[-1], []).extend(_published(found))
    return by_district


def _message(follow_up: FollowUp, answers: list[Answer]) -> tuple[str, str]:
    if follow_up.cell:
        page = reverse("voice:published_hotspots") + f"#cell-{follow_up.cell}"
    else:
        page = reverse("voice:survey_results")
    with translation.override(follow_up.language):
        welsh = follow_up.language == "cy"
        subject = gettext("What was done about the place you reported")
        body = render_to_string(
            "voice/email/follow_up.txt",
            {
                "answers": [
                    {
                        "title": a.title,
                        "update": (a.updates[0].text_cy if welsh else "") or a.updates[0].text,
                        "on": a.updates[0].published_on,
                    }
                    for a in answers
                ],
                "url": settings.CRIMEPLAN_BASE_URL.rstrip("/") + page,
            },
        )
    return subject, body


def follow_ups_send(*, today: datetime.date) -> Sent:
    """Sends the message to every address whose area is answered, and deletes it."""
    waiting = list(FollowUp.objects.select_related("district"))
    cells = {f.cell for f in waiting if f.cell}
    by_cell = {
        cell: _published(found)
        for cell, found in findings.answers_for(AnnouncedFinding.Kind.HOTSPOT, cells).items()
    }
    by_district = _district_answers({f.district.code for f in waiting if f.district})
    sent = not_sent = 0
    for follow_up in waiting:
        answers = _since(
            by_cell.get(follow_up.cell, [])
            if follow_up.cell
            else by_district.get(follow_up.district.code if follow_up.district else "", []),
            follow_up.given_in,
        )
        if not answers:
            continue
        subject, body = _message(follow_up, answers)
        if send_courtesy_mail(
            subject=subject, message=body, recipient=follow_up.email, what="A follow-up e-mail"
        ):
            follow_up.delete()
            sent += 1
        else:
            not_sent += 1
    result = Sent(sent=sent, not_sent=not_sent, waiting=len(waiting) - sent - not_sent)
    if sent:
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                object_type="voice.FollowUp",
                object_label="follow-up e-mails",
                summary=f"Sent {sent} follow-up e-mails on answered findings and deleted "
                "their addresses",
                after={"sent": sent, "not_sent": not_sent, "day": today.isoformat()},
            )
    logger.info("Follow-ups: %s sent, %s not sent", sent, not_sent)
    return result
