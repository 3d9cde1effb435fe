"""The retention schedule: how long each kind of personal data is kept, and the daily job
(`crimeplan retention apply`) that deletes or anonymises what has been kept long enough.

The periods are settings (`CRIMEPLAN_RETENTION`, days, each overridable by an environment
variable); docs/retention.md is the same schedule for people. Each kind is applied in its own
transaction, so one that fails leaves the others done and itself untouched; each record is
changed through its app's service (which audits it by the names of the fields erased), and
each kind that changed anything writes one more audit event with its count. Running the job
again the same day finds nothing more to do.
"""

import datetime
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crimeplan.accounts import services as accounts
from crimeplan.accounts.models import User
from crimeplan.asb_reviews import services as asb_reviews
from crimeplan.asb_reviews.areas import configured_area
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview
from crimeplan.asb_reviews.threshold import add_months
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.commissioning import services as commissioning
from crimeplan.commissioning.constants import ApplicationStatus
from crimeplan.commissioning.models import Application
from crimeplan.complaint_reviews import services as complaint_reviews
from crimeplan.complaint_reviews.constants import Status as ComplaintStatus
from crimeplan.complaint_reviews.models import ComplaintReview
from crimeplan.crime_data.constants import ImportStatus
from crimeplan.crime_data.models import ImportRun
from crimeplan.scrutiny import services as scrutiny
from crimeplan.scrutiny.constants import IssueStatus, VolunteerStatus
from crimeplan.scrutiny.models import DetaineeCheck, Visit, VisitIssue, Volunteer
from crimeplan.voice.models import FollowUp

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Text

REASON = "retention schedule"


@dataclass(frozen=True)
class RetentionKind:
    """One line of the schedule."""

    key: str  # the key in settings.CRIMEPLAN_RETENTION
    # In plain words, translated (the privacy notice shows them in the page's language).
    data: "Text"  # the personal data
    counted_from: "Text"  # the date the period runs from
    action: "Text"  # what happens when it ends
    why: str  # why it is kept that long
    due: Callable[[datetime.date], models.QuerySet[Any]]  # records whose period ended by then
    apply: Callable[[Any], object]  # changes one due record, through its app's service
    # The models ("app.Model") whose declared personal fields this kind clears.
    clears: tuple[str, ...] = ()


def _asb_cases(cutoff: datetime.date) -> models.QuerySet[CaseReview]:
    return CaseReview.objects.filter(
        status=Status.CLOSED, anonymised_at__isnull=True, closed_on__lte=cutoff
    )


def _complaint_reviews(cutoff: datetime.date) -> models.QuerySet[ComplaintReview]:
    """Reviews decided, or found not valid, by `cutoff`: counted from the decision, or from
    the not-valid finding."""
    decided = Q(status=ComplaintStatus.DECIDED, decided_on__lte=cutoff)
    not_valid = Q(status=ComplaintStatus.NOT_VALID, validity_decided_on__lte=cutoff)
    return ComplaintReview.objects.filter(decided | not_valid, anonymised_at__isnull=True)


def _grant_drafts(cutoff: datetime.date) -> models.QuerySet[Application]:
    return Application.objects.filter(status=ApplicationStatus.DRAFT, updated_at__date__lte=cutoff)


def _not_erased(applications: models.QuerySet[Application]) -> models.QuerySet[Application]:
    # Erasing always replaces the save-and-return token, so it marks what is done.
    return applications.exclude(resume_token__startswith=commissioning.ERASED)


def _unsuccessful_applications(cutoff: datetime.date) -> models.QuerySet[Application]:
    return _not_erased(
        Application.objects.filter(
            status__in=[
                ApplicationStatus.INELIGIBLE,
                ApplicationStatus.DECLINED,
                ApplicationStatus.WITHDRAWN,
            ],
            submitted_at__date__lte=cutoff,
        )
    )


def _funded_applications(cutoff: datetime.date) -> models.QuerySet[Application]:
    return _not_erased(
        Application.objects.filter(status=ApplicationStatus.FUNDED, award__ends_on__lte=cutoff)
    )


def _volunteers_left(cutoff: datetime.date) -> models.QuerySet[Volunteer]:
    # A volunteer marked as left other than through volunteer_save has no leaving day: the
    # day they were last changed stands in for it, so they are not kept for ever.
    left = Q(left_on__lte=cutoff) | Q(left_on__isnull=True, updated_at__date__lte=cutoff)
    return Volunteer.objects.filter(left, status=VolunteerStatus.LEFT).exclude(
        full_name=scrutiny.ERASED
    )


def _visit_reports(cutoff: datetime.date) -> models.QuerySet[Visit]:
    unerased_checks = DetaineeCheck.objects.exclude(custody_number__startswith=scrutiny.ERASED)
    return (
        Visit.objects.filter(scheduled_on__lte=cutoff)
        .filter(
            (Q(notes__gt="") & ~Q(notes=scrutiny.ERASED))
            | Q(pk__in=unerased_checks.values("visit_id"))
        )
        .order_by("pk")
    )


def _visit_issues(cutoff: datetime.date) -> models.QuerySet[VisitIssue]:
    return VisitIssue.objects.filter(
        status=IssueStatus.RESOLVED, resolved_at__date__lte=cutoff
    ).exclude(description=scrutiny.ERASED)


def _import_runs(cutoff: datetime.date) -> models.QuerySet[ImportRun]:
    return ImportRun.objects.filter(
        status__in=[ImportStatus.SUCCEEDED, ImportStatus.FAILED], finished_at__date__lte=cutoff
    ).exclude(Q(rejected_rows_file="") & Q(source_paths=[]))


def _ended_accounts(cutoff: datetime.date) -> models.QuerySet[User]:
    """Accounts that held a role, hold none now, and whose last role ended by `cutoff`."""
    return (
        User.objects.filter(memberships__isnull=False)
        .exclude(memberships__ended_at__isnull=True)
        .annotate(last_ended=Max("memberships__ended_at"))
        .filter(last_ended__date__lte=cutoff)
        .exclude(email__endswith="@erased.invalid")
        .distinct()
    )


def _inside_data_dir(path: Path) -> bool:
    return path.resolve().is_relative_to(Path(settings.CRIMEPLAN_DATA_DIR).resolve())


def import_files_delete(run: ImportRun) -> None:
    """Deletes an import's uploaded files and its rejected-rows file (once the transaction
    commits), keeping the run and its counts; only files under CRIMEPLAN_DATA_DIR."""
    paths = [Path(p) for p in run.source_paths]
    if run.rejected_rows_file:
        paths.append(Path(run.rejected_rows_file))
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "uploads" / f"run-{run.pk}"

    def delete() -> None:
        for path in paths:
            if _inside_data_dir(path):
                path.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)

    ImportRun.objects.filter(pk=run.pk).update(rejected_rows_file="", source_paths=[])
    transaction.on_commit(delete)


SCHEDULE: list[RetentionKind] = [
    RetentionKind(
        key="asb_cases",
        data=_(
            "ASB Case Reviews: applicant, victim, contact details, the application's and the "
            "panel's texts, incidents' references and reporters, bodies' accounts, "
            "recommendations, escalations, notes in the case's log"
        ),
        counted_from=_("the day the case closed"),
        action=_(
            "anonymised; dates, statuses, district and the threshold decision stay for "
            "the published figures"
        ),
        why="the statutory review and any escalation or complaint about it",
        due=_asb_cases,
        apply=lambda case: asb_reviews.case_anonymise(case=case, reason=REASON),
        clears=(
            "asb_reviews.CaseReview",
            "asb_reviews.Incident",
            "asb_reviews.CaseEvent",
            "asb_reviews.InvitedBody",
            "asb_reviews.Recommendation",
            "asb_reviews.Escalation",
        ),
    ),
    RetentionKind(
        key="complaint_reviews",
        data=_(
            "police complaint reviews: the complainant's name and contact details, the "
            "force's complaint reference, the outcome reviewed, the grounds, the reason for a late "
            "application, the validity and decision reasons, the recommendations' text"
        ),
        counted_from=_("the day of the decision (or of the finding that it was not valid)"),
        action=_(
            "anonymised; dates, channel, statuses, validity, the finding and the force's "
            "replies to the recommendations stay for the published quarterly figures"
        ),
        why="a later challenge to the review (a complaint to the IOPC or a judicial review) "
        "and the force's own retention of the complaint records; the OPCC sets the period "
        "with CRIMEPLAN_RETAIN_COMPLAINT_REVIEWS_DAYS",
        due=_complaint_reviews,
        apply=lambda review: complaint_reviews.review_anonymise(review=review, reason=REASON),
        clears=("complaint_reviews.ComplaintReview", "complaint_reviews.Recommendation"),
    ),
    RetentionKind(
        key="grant_drafts",
        data=_("grant applications never submitted, with their uploaded files"),
        counted_from=_("the day the draft was last changed"),
        action=_("deleted, files too"),
        why="the applicant may come back to it with the save-and-return link",
        due=_grant_drafts,
        apply=lambda draft: commissioning.draft_delete(
            application=draft, actor=None, reason=REASON
        ),
        clears=("commissioning.Application", "commissioning.Attachment"),
    ),
    RetentionKind(
        key="grant_applications_unsuccessful",
        data=_(
            "ineligible, declined or withdrawn grant applications: contact name and e-mail, "
            "uploaded files, the save-and-return link"
        ),
        counted_from=_("the day the application was submitted"),
        action=_("erased; the organisation, amounts, scores and decision stay"),
        why="questions and appeals about the decision, and the next round's",
        due=_unsuccessful_applications,
        apply=lambda application: commissioning.application_erase(
            application=application, actor=None, reason=REASON
        ),
        clears=(
            "commissioning.Application",
            "commissioning.Attachment",
            "commissioning.ConflictOfInterest",
        ),
    ),
    RetentionKind(
        key="grant_applications_funded",
        data=_(
            "funded grant applications: contact name and e-mail, uploaded files, the "
            "save-and-return link, case studies in monitoring returns"
        ),
        counted_from=_("the day the award ends"),
        action=_("erased; the award, its payments and spend stay"),
        why="public money: grant records are kept 6 years after the grant ends "
        "(Limitation Act 1980; audit of public funds)",
        due=_funded_applications,
        apply=lambda application: commissioning.application_erase(
            application=application, actor=None, reason=REASON
        ),
        clears=(
            "commissioning.Application",
            "commissioning.Attachment",
            "commissioning.ConflictOfInterest",
            "commissioning.MonitoringReturn",
        ),
    ),
    RetentionKind(
        key="volunteers_left",
        data=_(
            "custody and animal welfare volunteers: name, e-mail, phone, availability, "
            "vetting dates"
        ),
        counted_from=_("the day they left the scheme"),
        action=_("erased; the reference and their visits stay"),
        why="references for the volunteer, and questions about visits they made",
        due=_volunteers_left,
        apply=lambda volunteer: scrutiny.volunteer_erase(
            volunteer=volunteer, actor=None, reason=REASON
        ),
        clears=("scrutiny.Volunteer",),
    ),
    RetentionKind(
        key="custody_visit_reports",
        data=_(
            "what custody visit reports say about detainees: custody numbers, checklist "
            "answers, concerns, the visitors' notes"
        ),
        counted_from=_("the day of the visit"),
        action=_("erased; the visit's counts stay for the annual report"),
        why="follow-up of concerns with the constabulary, and complaints",
        due=_visit_reports,
        apply=lambda visit: scrutiny.visit_personal_erase(visit=visit, actor=None, reason=REASON),
        clears=("scrutiny.Visit", "scrutiny.DetaineeCheck"),
    ),
    RetentionKind(
        key="custody_visit_issues",
        data=_("issues raised on visits: description, the constabulary's responses"),
        counted_from=_("the day the issue was resolved"),
        action=_("erased; category, dates and status stay"),
        why="issues that recur, and complaints",
        due=_visit_issues,
        apply=lambda issue: scrutiny.issue_erase(issue=issue, actor=None, reason=REASON),
        clears=("scrutiny.VisitIssue", "scrutiny.IssueEvent"),
    ),
    RetentionKind(
        key="import_files",
        data=_("files uploaded for import and files of rejected rows"),
        counted_from=_("the day the import finished"),
        action=_("files deleted; the import's record and counts stay"),
        why="checking an import against its file",
        due=_import_runs,
        apply=import_files_delete,
    ),
    RetentionKind(
        key="voice_follow_ups",
        data=_("e-mail addresses unsafe-place reporters gave to hear what was done"),
        counted_from=_("the first day of the month the address was given"),
        action=_("deleted (an address is deleted sooner, once its message is sent)"),
        why="waiting for the area's finding to be answered",
        due=lambda cutoff: FollowUp.objects.filter(given_in__lte=cutoff),
        apply=lambda follow_up: follow_up.delete(),
        clears=("voice.FollowUp",),
    ),
    RetentionKind(
        key="accounts_ended",
        data=_("accounts whose roles have all ended: name, e-mail, password, authenticator"),
        counted_from=_("the day the last role ended"),
        action=_("erased, and never able to sign in again; the audit trail keeps who did what"),
        why="a person who comes back, and questions about what they did",
        due=_ended_accounts,
        apply=lambda user: accounts.account_erase(user=user, actor=None, reason=REASON),
        clears=("accounts.User",),
    ),
]


# Models with personal fields that no kind above clears, and why (a test keeps this complete).
NOT_SCHEDULED: dict[str, str] = {
    "scrutiny.Panel": "members without an account, kept while they serve on the panel and "
    "removed by editing it when they leave",
    "scrutiny.PanelAction": "a panel's agreed action (what, who owns it, how it closed), kept "
    "as the record of the panel's scrutiny; the form asks for roles, not names of the public",
    "voice.UnsafePlaceReport": "anonymous by design: free text is redacted when it arrives and "
    "a moderator removes anything else that could identify someone; only counts are published",
    "recommendations.Recommendation": "what should be done and the OPCC's closing reason are "
    "about what an organisation did, not about a person (a review's learning is entered as "
    "published, already anonymised); kept with the recommendation as the record of the decision",
    "recommendations.Update": "owners' evidence of what their organisation did, kept with the "
    "recommendation; the form asks for no names, and nothing of it is published",
    "victims_code.ReturnLine": "an agency's note on its quarterly compliance counts; the form "
    "asks for no names, and the note is never published",
    "victims_code.ReviewMeeting": "the joint review's notes of what the agencies discussed, "
    "kept as the record of the review; the form asks for no names",
    "victims_code.ReviewAction": "what an agency did about an agreed action, kept with the "
    "action; the form asks for no names",
}


def retention_days(key: str) -> int | None:
    """The kind's period in days; None for ASB cases means the area's rule file decides."""
    return settings.CRIMEPLAN_RETENTION.get(key)


def retention_cutoff(kind: RetentionKind, today: datetime.date) -> datetime.date:
    """The last day from which a record of this kind has been kept long enough by `today`."""
    days = retention_days(kind.key)
    if days is None and kind.key == "asb_cases":
        return add_months(today, -configured_area().closed_case_months)
    if days is None or days < 0:
        raise ValueError(f"CRIMEPLAN_RETENTION[{kind.key!r}] must be a number of days")
    return today - datetime.timedelta(days=days)


class RetentionError(Exception):
    """A record of a kind could not be changed; the kind's transaction is rolled back."""


def retention_period_text(kind: RetentionKind) -> str:
    """The period in words, in the active language, as the privacy notice and `retention
    schedule` print it."""
    days = retention_days(kind.key)
    if days is None:
        months = configured_area().closed_case_months
        return gettext("%(months)s months from %(start)s") % {
            "months": months,
            "start": kind.counted_from,
        }
    return gettext("%(days)s days from %(start)s") % {"days": days, "start": kind.counted_from}


@dataclass(frozen=True)
class RetentionResult:
    kind: RetentionKind
    cutoff: datetime.date
    count: int
    error: str = ""


def _apply_kind(kind: RetentionKind, cutoff: datetime.date, dry_run: bool) -> int:
    with transaction.atomic():
        due = list(kind.due(cutoff))
        if dry_run:
            return len(due)
        for record in due:
            try:
                kind.apply(record)
            except Exception as error:
                # Named by record, not by the message, which may quote a personal value.
                raise RetentionError(
                    f"{type(error).__name__} on {record._meta.label} {record.pk}"
                ) from error
        if due:
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                object_type="retention",
                object_label=kind.key,
                summary=f"Retention schedule: {len(due)} {kind.key.replace('_', ' ')} "
                f"kept since {cutoff} or before, {str(kind.action).split(';')[0]}",
                after={"kind": kind.key, "count": len(due), "cutoff": cutoff.isoformat()},
            )
    return len(due)


def retention_apply(
    *, today: datetime.date, dry_run: bool = False, keys: Iterable[str] = ()
) -> list[RetentionResult]:
    """Applies every kind of the schedule (or those `keys` name) as of `today`: one
    transaction per kind, so a kind that fails is reported and left as it was while the
    others are done. With `dry_run`, only counts what is due."""
    wanted = set(keys)
    results = []
    for kind in SCHEDULE:
        if wanted and kind.key not in wanted:
            continue
        cutoff = retention_cutoff(kind, today)
        try:
            count = _apply_kind(kind, cutoff, dry_run)
        except RetentionError as error:
            # One kind's failure is reported and does not stop the others.
            results.append(RetentionResult(kind, cutoff, 0, str(error)))
            continue
        results.append(RetentionResult(kind, cutoff, count))
    return results
