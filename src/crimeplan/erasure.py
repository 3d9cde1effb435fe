"""An erasure request for a named person (`crimeplan erasure --email ... [--name ...]`):
where the person's data is, what may be erased now, and what the law keeps and until when.

The person is found through the models' declarations (`core.personal`): every declared
personal e-mail field is searched for the address, and every declared personal name field
for the name. Records of a kind this module does not know how to erase are still listed,
so a new model cannot hide a person's data from the request.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from crimeplan.accounts import services as accounts
from crimeplan.accounts.models import User
from crimeplan.asb_reviews import services as asb_reviews
from crimeplan.asb_reviews.areas import configured_area
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview, Incident
from crimeplan.asb_reviews.threshold import add_months
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import audit_record
from crimeplan.commissioning import services as commissioning
from crimeplan.commissioning.constants import ApplicationStatus
from crimeplan.commissioning.models import Application
from crimeplan.complaint_reviews import services as complaint_reviews
from crimeplan.complaint_reviews.constants import Status as ComplaintStatus
from crimeplan.complaint_reviews.models import ComplaintReview
from crimeplan.core.personal import declared_models, personal_fields
from crimeplan.retention import retention_days
from crimeplan.scrutiny import services as scrutiny
from crimeplan.scrutiny.constants import VolunteerStatus
from crimeplan.scrutiny.models import Volunteer

REASON = "erasure request"
STATUTORY_REVIEW = (
    "a statutory ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014, s.104)"
)
ERASE, KEEP, DONE = "erase", "keep", "already erased"


@dataclass
class Finding:
    """One record holding the person's data, and what the request does with it."""

    record: models.Model
    label: str
    decision: str
    why: str = ""
    erase: Callable[[], object] | None = field(default=None, repr=False)
    # What erasing changes (an incident is erased with its case), so it is done once.
    target: str = ""

    def __post_init__(self) -> None:
        self.target = self.target or self.label


def _fields_matching(model: type[models.Model], *, email: str, name: str) -> Q | None:
    query = Q()
    for field_name in personal_fields(model):
        model_field = model._meta.get_field(field_name)
        if isinstance(model_field, models.EmailField) or field_name.endswith("email"):
            query |= Q(**{f"{field_name}__iexact": email})
        elif name and (field_name.endswith("name") or field_name == "reported_by"):
            query |= Q(**{f"{field_name}__iexact": name})
    return query or None


def _kept_until(key: str, day: datetime.date) -> datetime.date:
    """The day a record dated `day` (its closing, its award's end) leaves the schedule."""
    days = retention_days(key)
    if days is None:  # ASB cases: the area's rule file says how many months
        return add_months(day, configured_area().closed_case_months)
    return day + datetime.timedelta(days=days)


def _case_finding(case: CaseReview, today: datetime.date) -> Finding:
    label = f"ASB Case Review {case.reference}"
    if case.anonymised_at is not None:
        return Finding(case, label, DONE)
    if case.status == Status.CLOSED and case.closed_on is not None:
        until = _kept_until("asb_cases", case.closed_on)
        if until <= today:
            return Finding(
                case,
                label,
                ERASE,
                "closed and past its retention period",
                lambda: asb_reviews.case_anonymise(case=case, reason=REASON),
            )
        why = f"{STATUTORY_REVIEW}, kept until {until:%d %B %Y}, then anonymised"
        return Finding(case, label, KEEP, why)
    return Finding(case, label, KEEP, f"{STATUTORY_REVIEW} still in progress")


def _complaint_finding(review: ComplaintReview, today: datetime.date) -> Finding:
    """The complainant's review: kept for the period the retention schedule sets from its
    decision (or from the finding that it was not valid), then anonymised."""
    label = f"complaint review {review.reference}"
    if review.anonymised_at is not None:
        return Finding(review, label, DONE)
    ended_on = {
        ComplaintStatus.DECIDED: review.decided_on,
        ComplaintStatus.NOT_VALID: review.validity_decided_on,
    }.get(ComplaintStatus(review.status))
    if ended_on is None:
        return Finding(review, label, KEEP, "a police complaint review still in progress")
    until = _kept_until("complaint_reviews", ended_on)
    if until > today:
        why = (
            f"a police complaint review, kept for a challenge to it until {until:%d %B %Y}, "
            "then anonymised"
        )
        return Finding(review, label, KEEP, why)
    return Finding(
        review,
        label,
        ERASE,
        "ended and past its retention period: anonymised, its dates and finding kept",
        lambda: complaint_reviews.review_anonymise(review=review, reason=REASON),
    )


def _application_finding(application: Application, today: datetime.date) -> Finding:
    label = f"grant application {application.reference or f'draft {application.pk}'}"
    if application.resume_token.startswith(commissioning.ERASED):
        return Finding(application, label, DONE)
    if application.status == ApplicationStatus.DRAFT:
        return Finding(
            application,
            label,
            ERASE,
            "never submitted: deleted with its files",
            lambda: commissioning.draft_delete(application=application, actor=None, reason=REASON),
        )
    if application.status == ApplicationStatus.SUBMITTED:
        return Finding(
            application, label, KEEP, "being assessed: the panel's decision is owed to them"
        )
    award = getattr(application, "award", None)
    if application.status == ApplicationStatus.FUNDED and award is None:
        # Funded, and the award not yet made: the grant's records run from its end.
        why = "funded, its award not yet made: kept until six years after the grant ends"
        return Finding(application, label, KEEP, why)
    if application.status == ApplicationStatus.FUNDED and award is not None:
        until = _kept_until("grant_applications_funded", award.ends_on)
        if until > today:
            why = f"a grant of public money, whose records are kept until {until:%d %B %Y}"
            return Finding(application, label, KEEP, why)
    return Finding(
        application,
        label,
        ERASE,
        "contact details and files erased; amounts and decision kept",
        lambda: commissioning.application_erase(application=application, actor=None, reason=REASON),
    )


def _volunteer_finding(volunteer: Volunteer, today: datetime.date) -> Finding:
    label = f"volunteer {volunteer.reference}"
    if volunteer.full_name == scrutiny.ERASED:
        return Finding(volunteer, label, DONE)
    if volunteer.status != VolunteerStatus.LEFT:
        return Finding(
            volunteer, label, KEEP, "still a volunteer: record that they left, then ask again"
        )
    return Finding(
        volunteer,
        label,
        ERASE,
        "left the scheme: details erased, reference and visits kept",
        lambda: scrutiny.volunteer_erase(volunteer=volunteer, actor=None, reason=REASON),
    )


def _account_finding(user: User, today: datetime.date) -> Finding:
    label = f"account {user.pk}"
    if user.email == accounts.erased_email(user):
        return Finding(user, label, DONE)
    if user.memberships.filter(ended_at__isnull=True).exists():
        return Finding(user, label, KEEP, "still holds a role: end it, then ask again")
    return Finding(
        user,
        label,
        ERASE,
        "no role left: name and e-mail erased, it can never sign in again",
        lambda: accounts.account_erase(user=user, actor=None, reason=REASON),
    )


def _incident_finding(incident: Incident, today: datetime.date) -> Finding:
    """The person reported an incident on a case: the incident goes with its case."""
    finding = _case_finding(incident.case, today)
    finding.target = finding.label
    finding.record, finding.label = incident, f"an incident on {finding.label}"
    return finding


FINDERS: dict[type[models.Model], Callable[[Any, datetime.date], Finding]] = {
    CaseReview: _case_finding,
    Incident: _incident_finding,
    ComplaintReview: _complaint_finding,
    Application: _application_finding,
    Volunteer: _volunteer_finding,
    User: _account_finding,
}


def erasure_find(*, email: str, name: str = "", today: datetime.date) -> list[Finding]:
    """Every record whose declared personal e-mail or name fields hold the person's."""
    email, name = email.strip(), name.strip()
    if "@" not in email:
        raise ValueError("Give the person's e-mail address")
    findings = []
    for model in declared_models():
        query = _fields_matching(model, email=email, name=name)
        if query is None:
            continue
        finder = FINDERS.get(model)
        for record in model._default_manager.filter(query).order_by("pk"):
            if finder is not None:
                findings.append(finder(record, today))
            else:
                findings.append(
                    Finding(
                        record,
                        f"{model._meta.verbose_name} {record.pk}",
                        KEEP,
                        "no automatic erasure for this kind of record: review it by hand",
                    )
                )
    return findings


def free_text_mentions(*, name: str) -> dict[str, int]:
    """How many declared personal free texts, by kind of record, mention the name: these
    are not erased automatically (a mention may be of someone else of that name), but they
    are listed for the person handling the request to review."""
    if len(name.strip()) < 3:
        return {}
    mentions = {}
    for model in declared_models():
        texts = [
            field_name
            for field_name in sorted(personal_fields(model))
            if isinstance(model._meta.get_field(field_name), models.TextField)
        ]
        query = Q()
        for field_name in texts:
            query |= Q(**{f"{field_name}__icontains": name.strip()})
        if texts and (count := model._default_manager.filter(query).count()):
            mentions[str(model._meta.verbose_name)] = count
    return mentions


def audit_trail_mentions(email: str) -> int:
    """Events the person made: the trail keeps who did what, for accountability."""
    return AuditEvent.objects.filter(actor_label__iexact=email.strip()).count()


@dataclass(frozen=True)
class ErasureOutcome:
    erased: int
    kept: int
    already_erased: int


def erasure_apply(*, findings: list[Finding], reference: str = "") -> ErasureOutcome:
    """Erases every finding that may be erased, in one transaction, and writes one audit
    event with counts only (never who asked)."""
    erasable = list({f.target: f for f in findings if f.decision == ERASE and f.erase}.values())
    outcome = ErasureOutcome(
        erased=len(erasable),
        kept=sum(f.decision == KEEP for f in findings),
        already_erased=sum(f.decision == DONE for f in findings),
    )
    with transaction.atomic():
        for finding in erasable:
            if finding.erase is not None:
                finding.erase()
        audit_record(
            actor=None,
            action=AuditAction.DELETE,
            object_type="erasure",
            object_label=reference[:100] or "erasure request",
            summary=f"Erasure request{f' {reference}' if reference else ''}: "
            f"{outcome.erased} records erased, {outcome.kept} kept as the law requires",
            after={
                "erased": outcome.erased,
                "kept": outcome.kept,
                "already_erased": outcome.already_erased,
            },
        )
    return outcome
