"""Retention and erasure: a volunteer's details, what a visit report says about the
detainees seen, and an issue's texts, each erased keeping what the annual figures count."""

from typing import Any

from django.db import transaction

from crimeplan.audit.services import audited_change
from crimeplan.core.personal import erase_personal_values

from .. import findings
from ..models import (
    DetaineeCheck,
    Visit,
    VisitIssue,
    Volunteer,
)

ERASED = "[erased]"


@transaction.atomic
def volunteer_erase(*, volunteer: Volunteer, actor: Any, reason: str) -> list[str]:
    """Erases a volunteer's details (name, contact, availability, vetting), keeping the
    reference and status their visits and the annual figures need. Returns what was erased."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    with audited_change(
        volunteer,
        actor=actor,
        summary=f"Volunteer {volunteer.reference}: personal details erased ({reason})",
    ) as change:
        erased = erase_personal_values(volunteer, placeholder=ERASED)
        if erased:
            volunteer.save()
        else:
            change.skip()
    return erased


@transaction.atomic
def visit_personal_erase(*, visit: Visit, actor: Any, reason: str) -> int:
    """Erases what a visit report says about the detainees seen (the visitors' notes, each
    detainee check's custody number, answers and concerns), keeping the counts the annual
    figures are made of. Returns how many records held something."""
    records: list[Visit | DetaineeCheck] = [visit, *visit.detainee_checks.all()]
    changed = 0
    for record in records:
        with audited_change(
            record,
            actor=actor,
            summary=f"Visit {visit.pk}: what it says about detainees erased ({reason})",
        ) as change:
            if erase_personal_values(record, placeholder=ERASED):
                record.save()
                changed += 1
            else:
                change.skip()
    return changed


@transaction.atomic
def issue_erase(*, issue: VisitIssue, actor: Any, reason: str) -> list[str]:
    """Erases an issue's description and response and its log's notes, keeping its category,
    dates and status."""
    with audited_change(
        issue, actor=actor, summary=f"Issue {issue.pk}: its texts erased ({reason})"
    ) as change:
        erased = erase_personal_values(issue, placeholder=ERASED)
        if erased:
            issue.save()
        # The log's notes once copied the texts; its dates and statuses stay.
        notes = issue.events.exclude(note="").update(note="")
        if not (erased or notes):
            change.skip()
    findings.announce_on_commit([findings.issue_finding(issue)])
    return erased
