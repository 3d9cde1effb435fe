"""Bringing the tracker up to date with the modules' findings (crimeplan.core.findings).

One function, `finding_apply`, upserts the recommendation for a finding; the receiver of
`finding_announced` calls it for each announcement and `sync_all` for every finding every
module holds (the daily job and the demo), so both paths give the same row.

The module owns the title, the link to its page, the owner and the due date, and says when
the owner acted (`done_on`: the item then awaits the OPCC's closure) or when it no longer holds
the item (`withdrawn`: closed as superseded; held again later, it is reopened). The tracker owns
the rest (priority, links to the plan, publication, the closing decision) and a sync never
touches it.
"""

import logging
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change
from crimeplan.core.findings import Finding, sources

from .constants import MODULE_SOURCES, WITHDRAWN_REASON, ClosingDecision, Status
from .models import Recommendation, Update

logger = logging.getLogger(__name__)

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

# The fields a module's findings decide, with the finding's attribute for each.
MODULE_FIELDS = {"title": "title", "origin_url": "url", "owner_id": "owner_id", "due_on": "due_on"}


def _status_from(recommendation: Recommendation, finding: Finding) -> Status | None:
    """The status the finding moves the recommendation to, if any. A finding its module had
    withdrawn and now holds again (a cell that is a hotspot once more, a survey published
    again) reopens the row the withdrawal closed; a row the OPCC closed stays closed."""
    if recommendation.status == Status.CLOSED:
        reopened = (
            not finding.withdrawn
            and finding.done_on is None
            and recommendation.closing_decision == ClosingDecision.SUPERSEDED
            and recommendation.closing_reason == WITHDRAWN_REASON
        )
        return Status.OPEN if reopened else None
    if finding.withdrawn:
        return Status.CLOSED
    if finding.done_on is not None and recommendation.status != Status.DONE:
        return Status.DONE
    return None


def _module_values(recommendation: Recommendation) -> dict[str, Any]:
    return {name: getattr(recommendation, name) for name in MODULE_FIELDS}


def _move(recommendation: Recommendation, status: Status) -> None:
    """Sets the status a finding moved the row to: closed as superseded when withdrawn,
    reopened (the closing cleared) when held again."""
    recommendation.status = status
    if status == Status.CLOSED:
        recommendation.closing_decision = ClosingDecision.SUPERSEDED
        recommendation.closed_on = timezone.localdate()
        recommendation.closing_reason = WITHDRAWN_REASON
    elif status == Status.OPEN:
        recommendation.closing_decision = ""
        recommendation.closed_on = None
        recommendation.closed_by = None
        recommendation.closing_reason = ""


@transaction.atomic
def finding_apply(*, finding: Finding) -> str:
    """Creates or brings up to date the recommendation for `finding`; returns whether it was
    created, updated or unchanged. A withdrawn finding the tracker never held stays absent."""
    if finding.source not in MODULE_SOURCES:
        raise ValidationError(
            f"Finding {finding.key!r}: source {str(finding.source)!r} is not one a module announces"
        )
    if not finding.key:
        raise ValidationError(f"Finding from {finding.source}: the key is empty")
    recommendation = (
        Recommendation.objects.select_for_update()
        .filter(source=finding.source, source_key=finding.key)
        .first()
    )
    if recommendation is None:
        if finding.withdrawn:
            return UNCHANGED
        recommendation = Recommendation(source=finding.source, source_key=finding.key)
    adding = recommendation._state.adding
    before = None if adding else _module_values(recommendation)
    for name, attribute in MODULE_FIELDS.items():
        setattr(recommendation, name, getattr(finding, attribute))
    new_status = _status_from(recommendation, finding)
    if not adding and new_status is None and _module_values(recommendation) == before:
        return UNCHANGED
    verb = "Recorded" if adding else "Brought up to date"
    with audited_change(
        recommendation,
        actor=None,
        summary=f"{verb} the recommendation {finding.source} {finding.key} from its module",
        organisation_id=finding.owner_id,
        stored=not adding,
    ):
        old_status = recommendation.status
        if new_status is not None:
            _move(recommendation, new_status)
        recommendation.full_clean()
        recommendation.save()
    if new_status is not None:
        Update.objects.create(
            recommendation=recommendation,
            at=timezone.now(),
            by=None,
            status_from=old_status,
            status_to=new_status,
        )
    return CREATED if adding else UPDATED


def on_finding_announced(sender: str, finding: Finding, **kwargs: Any) -> None:
    """The receiver of core.findings.finding_announced (connected in the app's ready()).

    A module announces after its own transaction has committed: a failure here must not turn
    the module's saved change into a server error (the user would retry and repeat it), nor
    stop the module's other announcements. It is logged by source and key (a finding holds no
    personal data) and the daily `crimeplan recommendations sync` applies it again."""
    try:
        finding_apply(finding=finding)
    except Exception:
        logger.exception(
            "Recommendations: could not apply the finding %s %s from %s; the daily sync will "
            "try again",
            finding.source,
            finding.key,
            sender,
        )


def sync_all() -> Counter[str]:
    """Applies every finding every module holds; counts created, updated and unchanged.
    Running it twice in a row changes nothing the second time."""
    counts: Counter[str] = Counter({CREATED: 0, UPDATED: 0, UNCHANGED: 0})
    for label, findings in sources():
        for finding in findings():
            counts[finding_apply(finding=finding)] += 1
        logger.info("Recommendations: read the findings of %s", label)
    return counts
