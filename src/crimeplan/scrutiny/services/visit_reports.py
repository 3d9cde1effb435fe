"""Visit reports: the visitors' draft (counts, detainees seen, issues raised), filing it,
and the constabulary's responses to its issues."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import audited_change
from crimeplan.core.letters import long_date

from .. import findings
from ..constants import (
    DETAINEE_CHECKLIST,
    WELFARE_CHECKLIST,
    DeclineReason,
    IssueStatus,
    SiteKind,
    VisitStatus,
)
from ..models import (
    DetaineeCheck,
    IssueEvent,
    Visit,
    VisitIssue,
)
from .common import audited_save


def _require_draft(visit: Visit) -> None:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("This report has been filed and can no longer be changed.")


def _require_visited(visit: Visit) -> None:
    """A report is of a visit made: none is written or filed before the visit's day."""
    if visit.scheduled_on > timezone.localdate():
        raise ValidationError(
            f"The visit is on {long_date(visit.scheduled_on)}: its report can be written "
            "from that day, once the visit is made."
        )


@transaction.atomic
def visit_report_save(*, visit: Visit, report: dict[str, Any], actor: Any) -> Visit:
    """Saves the report's counts and observations as a draft, checking they add up."""
    _require_draft(visit)
    _require_visited(visit)
    with audited_change(visit, actor=actor, summary="Saved a visit report (draft)"):
        for name, value in report.items():
            setattr(visit, name, value)
        errors: dict[str, list[str]] = {}
        if visit.offered > visit.detainees_in_custody:
            errors.setdefault("offered", []).append(
                "Detainees offered a visit cannot be more than the detainees in custody."
            )
        if visit.spoken_to + visit.declined > visit.offered:
            errors.setdefault("spoken_to", []).append(
                "Detainees seen and those who declined cannot be more than those offered a visit."
            )
        if visit.observed > visit.detainees_in_custody:
            errors.setdefault("observed", []).append(
                "Detainees observed cannot be more than the detainees in custody."
            )
        if sum(int(n) for n in visit.declined_reasons.values()) != visit.declined:
            errors.setdefault("declined", []).append(
                "The reasons for declining must add up to the number who declined."
            )
        if visit.arrived_at and visit.left_at and visit.left_at <= visit.arrived_at:
            errors.setdefault("left_at", []).append("The time you left must be after you arrived.")
        if errors:
            raise ValidationError(errors)
        visit.full_clean()
        visit.save()
    return visit


@transaction.atomic
def detainee_check_add(
    *,
    visit: Visit,
    custody_number: str,
    child_or_vulnerable: bool,
    answers: dict[str, str],
    concerns: str,
    actor: Any,
) -> DetaineeCheck:
    _require_draft(visit)
    expected = {key for key, _ in DETAINEE_CHECKLIST}
    if set(answers) != expected:
        raise ValidationError("Answer every question on the checklist.")
    if visit.detainee_checks.filter(custody_number=custody_number).exists():
        raise ValidationError({"custody_number": "This custody number is already recorded."})
    check = DetaineeCheck(
        visit=visit,
        custody_number=custody_number,
        child_or_vulnerable=child_or_vulnerable,
        answers=answers,
        concerns=concerns,
        created_by=actor,
    )
    audited_save(check, actor=actor, summary="Recorded a detainee seen")
    return check


@transaction.atomic
def issue_raise(
    *, visit: Visit, category: str, description: str, raised_with_custody_officer: bool, actor: Any
) -> VisitIssue:
    _require_draft(visit)
    issue = VisitIssue(
        visit=visit,
        category=category,
        description=description,
        raised_with_custody_officer=raised_with_custody_officer,
        created_by=actor,
    )
    audited_save(issue, actor=actor, summary="Raised an issue on a visit")
    # The log says when and what status; the description stays on the issue (personal).
    IssueEvent.objects.create(issue=issue, at=timezone.now(), actor=actor, status=IssueStatus.OPEN)
    findings.announce_on_commit([findings.issue_finding(issue)])
    return issue


@transaction.atomic
def visit_file(*, visit: Visit, actor: Any) -> Visit:
    """Files the report: from now on the site's organisation and the OPCC see it."""
    _require_draft(visit)
    _require_visited(visit)
    problems = []
    if visit.arrived_at is None or visit.left_at is None:
        problems.append("Enter the times you arrived and left before filing the report.")
    if visit.site.kind == SiteKind.CUSTODY_SUITE:
        if visit.detainee_checks.count() > visit.spoken_to:
            problems.append("More detainees are recorded than the number you spoke to.")
    elif set(visit.welfare_checks) != {key for key, _ in WELFARE_CHECKLIST}:
        problems.append("Answer every question on the animal welfare checklist.")
    if problems:
        raise ValidationError(problems)
    with audited_change(visit, actor=actor, summary="Filed a visit report"):
        visit.status = VisitStatus.FILED
        visit.filed_at = timezone.now()
        visit.filed_by = actor
        visit.save()
    return visit


@transaction.atomic
def issue_respond(*, issue: VisitIssue, response: str, resolved: bool, actor: Any) -> VisitIssue:
    """The constabulary's response; resolving closes the issue, a later response reopens it."""
    if not response.strip():
        raise ValidationError({"response": "Enter the response."})
    with audited_change(issue, actor=actor) as change:
        now = timezone.now()
        issue.response = response
        issue.responded_at = now
        issue.status = IssueStatus.RESOLVED if resolved else IssueStatus.RESPONDED
        issue.resolved_at = now if resolved else None
        issue.save()
        IssueEvent.objects.create(issue=issue, at=now, actor=actor, status=issue.status)
        change.summary = f"Issue {issue.get_status_display().lower()}"
    findings.announce_on_commit([findings.issue_finding(issue)])
    return issue


def declined_reason_fields() -> list[tuple[str, str]]:
    return [(f"declined_{value}", label) for value, label in DeclineReason.choices]
