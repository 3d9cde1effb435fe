"""Writes for custody and animal welfare visiting and the scrutiny panels. Each validates,
saves, writes the audit event in the same transaction and returns what it saved."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import archive_audited, audit_change, audit_record, audit_snapshot
from crimeplan.core.personal import erase_personal_values

from . import figures, rota, sampling, selectors
from .constants import (
    DETAINEE_CHECKLIST,
    WELFARE_CHECKLIST,
    ActionStatus,
    DeclineReason,
    IssueStatus,
    PanelKind,
    ReportKind,
    SiteKind,
    VictimsRight,
    VisitStatus,
    VolunteerStatus,
)
from .models import (
    DetaineeCheck,
    IssueEvent,
    Panel,
    PanelAction,
    PanelCase,
    PanelMeeting,
    PanelMember,
    PublishedReport,
    RightFinding,
    Site,
    TrainingRecord,
    Visit,
    VisitIssue,
    Volunteer,
)

PAIR_HISTORY_DAYS = rota.PAIR_WINDOW_DAYS


def _audited_save(instance: Any, *, actor: Any, summary: str, created: bool) -> None:
    before = None if created else audit_snapshot(type(instance).objects.get(pk=instance.pk))
    instance.full_clean()
    instance.save()
    audit_change(actor=actor, instance=instance, summary=summary, before=before)


# Volunteers -------------------------------------------------------------------------------


@transaction.atomic
def volunteer_save(*, volunteer: Volunteer, actor: Any) -> Volunteer:
    """Adds or changes a volunteer; the day they leave the scheme is recorded, since their
    details are kept for the retention schedule's period from then."""
    created = volunteer.pk is None
    if created:
        volunteer.created_by = actor
    if volunteer.status == VolunteerStatus.LEFT:
        volunteer.left_on = volunteer.left_on or timezone.localdate()
    else:
        volunteer.left_on = None
    _audited_save(
        volunteer,
        actor=actor,
        summary=f"{'Added' if created else 'Changed'} volunteer {volunteer.reference}",
        created=created,
    )
    return volunteer


@transaction.atomic
def site_save(*, site: Site, actor: Any) -> Site:
    """Adds or changes a site. A site with visits keeps its kind: its reports were made on
    that kind's checklist. Changing the organisation changes who sees its filed reports."""
    created = site.pk is None
    if created:
        site.created_by = actor
    else:
        stored = Site.objects.get(pk=site.pk)
        if stored.is_archived:
            raise ValidationError("An archived site cannot be changed.")
        if stored.kind != site.kind and stored.visits.exists():
            raise ValidationError(
                {"kind": "This site has visits, so it stays a " + stored.get_kind_display()}
            )
    _audited_save(
        site,
        actor=actor,
        summary=f"{'Added' if created else 'Changed'} the site {site.name}",
        created=created,
    )
    return site


@transaction.atomic
def site_archive(*, site: Site, actor: Any) -> Site:
    """Archives (never deletes) a site: it leaves the rota and the choices for new visits;
    its past visits and their reports keep it. Visits still planned from today on must be
    cancelled or moved first, so none is left planned at a site no one will visit."""
    if site.is_archived:
        raise ValidationError("This site is already archived.")
    planned = site.visits.filter(
        status=VisitStatus.PLANNED, scheduled_on__gte=timezone.localdate()
    ).count()
    if planned:
        raise ValidationError(
            f"{site.name} has {planned} planned visits to come: cancel them before archiving it."
        )
    return archive_audited(site, actor=actor, summary=f"Archived the site {site.name}")


@transaction.atomic
def training_record_add(
    *, volunteer: Volunteer, course: str, completed_on: datetime.date, actor: Any
) -> TrainingRecord:
    record = TrainingRecord(
        volunteer=volunteer, course=course, completed_on=completed_on, created_by=actor
    )
    _audited_save(
        record, actor=actor, summary=f"Training recorded for {volunteer.reference}", created=True
    )
    return record


def availability_slots(volunteer: Volunteer) -> frozenset[tuple[int, str]]:
    slots = set()
    for key in volunteer.availability:
        weekday, _, time_of_day = str(key).partition(":")
        if weekday.isdigit() and time_of_day in rota.TIMES_OF_DAY:
            slots.add((int(weekday), time_of_day))
    return frozenset(slots)


def _visitors(scheme: str, start: datetime.date, end: datetime.date) -> list[rota.Visitor]:
    """Active volunteers of the scheme whose vetting lasts the whole rota."""
    volunteers = Volunteer.objects.filter(
        scheme=scheme, status=VolunteerStatus.ACTIVE, archived_at__isnull=True
    ).exclude(vetting_expires_on__lt=end)
    return [rota.Visitor(v.pk, availability_slots(v)) for v in volunteers]


# The rota ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RotaResult:
    visits: list[Visit]
    unfilled: list[rota.UnfilledVisit]
    seed: int


@transaction.atomic
def rota_generate(
    *,
    scheme: str,
    start: datetime.date,
    end: datetime.date,
    visit_count: int,
    max_pair_repeats: int,
    seed: int,
    actor: Any,
) -> RotaResult:
    sites = {s.pk: s for s in selectors.site_list(scheme=scheme)}
    if not sites:
        raise ValidationError({"scheme": "There are no sites to visit for this scheme."})
    try:
        plan = rota.generate_rota(
            visitors=_visitors(scheme, start, end),
            site_ids=sorted(sites),
            start=start,
            end=end,
            visit_count=visit_count,
            max_pair_repeats=max_pair_repeats,
            seed=seed,
            # Every visit that could share a year-long stretch with one of this rota's.
            previous_visits=selectors.visits_for_rota(
                start=start - datetime.timedelta(days=PAIR_HISTORY_DAYS - 1),
                end=end + datetime.timedelta(days=PAIR_HISTORY_DAYS - 1),
            ),
            window_days=PAIR_HISTORY_DAYS,
        )
    except ValueError as error:
        raise ValidationError(str(error)) from error
    visits = []
    for planned in plan.visits:
        visit = Visit.objects.create(
            site=sites[planned.site_id],
            scheduled_on=planned.day,
            time_of_day=planned.time_of_day,
            first_visitor_id=planned.pair[0],
            second_visitor_id=planned.pair[1],
            rota_seed=seed,
            created_by=actor,
        )
        visits.append(visit)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="scrutiny.Rota",
        object_label=f"{scheme} rota {start} to {end}",
        summary=(
            f"Generated a rota of {len(visits)} visits ({len(plan.unfilled)} unfilled), "
            f"seed {seed}, at most {max_pair_repeats} visits per pair"
        ),
        after={"visit_ids": [v.pk for v in visits], "seed": seed},
    )
    return RotaResult(visits=visits, unfilled=plan.unfilled, seed=seed)


@transaction.atomic
def visit_adjust(
    *,
    visit: Visit,
    scheduled_on: datetime.date,
    time_of_day: str,
    first_visitor: Volunteer,
    second_visitor: Volunteer,
    max_pair_repeats: int,
    actor: Any,
) -> Visit:
    """The co-ordinator moves a planned visit or changes its pair; the rota's rules still hold:
    both are available then, neither has another visit that day, and the pair would not
    visit together more than `max_pair_repeats` times in any year-long stretch, counting
    their visits after the new day as well as before it (`rota.move_problems`)."""
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be changed.")
    if visit.site.archived_at is not None:
        raise ValidationError(f"{visit.site.name} is archived: cancel this visit instead.")
    if first_visitor == second_visitor:
        raise ValidationError({"second_visitor": "Choose two different volunteers."})
    others = Visit.objects.exclude(pk=visit.pk).exclude(status=VisitStatus.CANCELLED)
    problems = [
        f"{v.reference} is not available on {scheduled_on:%A} {time_of_day}s."
        for v in (first_visitor, second_visitor)
        if (scheduled_on.weekday(), time_of_day) not in availability_slots(v)
    ]
    window = datetime.timedelta(days=PAIR_HISTORY_DAYS)
    nearby = others.filter(
        scheduled_on__gt=scheduled_on - window, scheduled_on__lt=scheduled_on + window
    ).filter(
        Q(first_visitor__in=[first_visitor, second_visitor])
        | Q(second_visitor__in=[first_visitor, second_visitor])
    )
    problems += rota.move_problems(
        rota.PlannedVisit(
            site_id=visit.site_id,
            day=scheduled_on,
            time_of_day=time_of_day,
            pair=(first_visitor.pk, second_visitor.pk),
        ),
        [
            rota.PlannedVisit(
                v.site_id, v.scheduled_on, v.time_of_day, (v.first_visitor_id, v.second_visitor_id)
            )
            for v in nearby
        ],
        max_pair_repeats=max_pair_repeats,
        window_days=PAIR_HISTORY_DAYS,
        names={v.pk: v.reference for v in (first_visitor, second_visitor)},
    )
    if problems:
        raise ValidationError(problems)
    before = audit_snapshot(visit)
    visit.scheduled_on = scheduled_on
    visit.time_of_day = time_of_day
    visit.first_visitor = first_visitor
    visit.second_visitor = second_visitor
    visit.full_clean()
    visit.save()
    audit_change(actor=actor, instance=visit, summary="Changed a planned visit", before=before)
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor: Any) -> Visit:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be cancelled.")
    before = audit_snapshot(visit)
    visit.status = VisitStatus.CANCELLED
    visit.save()
    audit_change(actor=actor, instance=visit, summary="Cancelled a planned visit", before=before)
    return visit


# Visit reports ----------------------------------------------------------------------------


def _require_draft(visit: Visit) -> None:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("This report has been filed and can no longer be changed.")


@transaction.atomic
def visit_report_save(*, visit: Visit, report: dict[str, Any], actor: Any) -> Visit:
    """Saves the report's counts and observations as a draft, checking they add up."""
    _require_draft(visit)
    before = audit_snapshot(visit)
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
    audit_change(actor=actor, instance=visit, summary="Saved a visit report (draft)", before=before)
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
    _audited_save(check, actor=actor, summary="Recorded a detainee seen", created=True)
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
    _audited_save(issue, actor=actor, summary="Raised an issue on a visit", created=True)
    # The log says when and what status; the description stays on the issue (personal).
    IssueEvent.objects.create(issue=issue, at=timezone.now(), actor=actor, status=IssueStatus.OPEN)
    return issue


@transaction.atomic
def visit_file(*, visit: Visit, actor: Any) -> Visit:
    """Files the report: from now on the site's organisation and the OPCC see it."""
    _require_draft(visit)
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
    before = audit_snapshot(visit)
    visit.status = VisitStatus.FILED
    visit.filed_at = timezone.now()
    visit.filed_by = actor
    visit.save()
    audit_change(actor=actor, instance=visit, summary="Filed a visit report", before=before)
    return visit


@transaction.atomic
def issue_respond(*, issue: VisitIssue, response: str, resolved: bool, actor: Any) -> VisitIssue:
    """The constabulary's response; resolving closes the issue, a later response reopens it."""
    if not response.strip():
        raise ValidationError({"response": "Enter the response."})
    before = audit_snapshot(issue)
    now = timezone.now()
    issue.response = response
    issue.responded_at = now
    issue.status = IssueStatus.RESOLVED if resolved else IssueStatus.RESPONDED
    issue.resolved_at = now if resolved else None
    issue.save()
    IssueEvent.objects.create(issue=issue, at=now, actor=actor, status=issue.status)
    audit_change(
        actor=actor,
        instance=issue,
        summary=f"Issue {issue.get_status_display().lower()}",
        before=before,
    )
    return issue


def declined_reason_fields() -> list[tuple[str, str]]:
    return [(f"declined_{value}", label) for value, label in DeclineReason.choices]


# Panels -----------------------------------------------------------------------------------


@transaction.atomic
def panel_save(*, panel: Panel, actor: Any, member_accounts: Iterable[Any] | None = None) -> Panel:
    """Sets up or changes a panel and, if `member_accounts` is given, who serves on it with
    an account: those added join, those left out leave (their membership is archived)."""
    created = panel.pk is None
    if created:
        panel.created_by = actor
    _audited_save(
        panel,
        actor=actor,
        summary=f"{'Set up' if created else 'Changed'} the panel {panel.name}",
        created=created,
    )
    if member_accounts is not None:
        panel_members_set(panel=panel, users=member_accounts, actor=actor)
    return panel


@transaction.atomic
def panel_members_set(*, panel: Panel, users: Iterable[Any], actor: Any) -> list[PanelMember]:
    """Makes `users` the panel's members who sign in; each must hold a role that may serve
    (`selectors.PANEL_MEMBER_ROLES`) unless already serving. Audited with who joined and left."""
    wanted = {user.pk: user for user in users}
    serving = {m.user_id: m for m in panel.memberships.filter(archived_at__isnull=True)}
    eligible = set(
        selectors.panel_member_candidates()
        .filter(pk__in=set(wanted) - set(serving))
        .values_list("pk", flat=True)
    )
    refused = [str(wanted[pk]) for pk in sorted(set(wanted) - set(serving) - eligible)]
    if refused:
        raise ValidationError(
            {"member_accounts": f"Not able to serve on a panel: {', '.join(refused)}."}
        )
    joined, left = [], []
    now = timezone.now()
    for user_id, user in wanted.items():
        if user_id not in serving:
            member = PanelMember(panel=panel, user=user, created_by=actor)
            member.full_clean()
            member.save()
            joined.append(user_id)
    for user_id, member in serving.items():
        if user_id not in wanted:
            member.archived_at = now
            member.save()
            left.append(user_id)
    if joined or left:
        # Members by account id: an account's e-mail is personal, and is erased with it.
        before = audit_snapshot(panel)
        before["member_accounts"] = sorted(serving)
        after = audit_snapshot(panel)
        after.update(member_accounts=sorted(wanted), joined=sorted(joined), left=sorted(left))
        audit_change(
            actor=actor,
            instance=panel,
            summary=f"Panel members: {len(joined)} joined, {len(left)} left",
            before=before,
            after=after,
        )
    return list(panel.memberships.filter(archived_at__isnull=True).select_related("user"))


@transaction.atomic
def meeting_save(*, meeting: PanelMeeting, actor: Any) -> PanelMeeting:
    created = meeting.pk is None
    _audited_save(meeting, actor=actor, summary="Saved a panel meeting", created=created)
    return meeting


@dataclass(frozen=True)
class CaseLoad:
    added: int
    skipped: list[str]


@transaction.atomic
def cases_add(*, panel: Panel, lines: Iterable[str], actor: Any) -> CaseLoad:
    """Adds anonymised cases from lines of `reference,agency,type`. A reference already held
    is skipped and reported; a malformed line stops the whole load with its line number."""
    added, skipped = 0, []
    held = set(panel.cases.values_list("reference", flat=True))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) > 3 or not parts[0]:
            raise ValidationError(
                {"cases": f"Line {number}: expected reference,agency,type but got {line!r}."}
            )
        reference, agency, case_type = [*parts, "", ""][:3]
        if reference in held:
            skipped.append(f"Line {number}: {reference} is already held")
            continue
        case = PanelCase(panel=panel, reference=reference, agency=agency, case_type=case_type)
        case.created_by = actor
        case.full_clean()
        case.save()
        held.add(reference)
        added += 1
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=panel,
        summary=f"Added {added} cases to the panel ({len(skipped)} skipped)",
    )
    return CaseLoad(added=added, skipped=skipped)


@transaction.atomic
def sample_draw(
    *, meeting: PanelMeeting, size: int, seed: int, case_type: str, actor: Any
) -> sampling.CaseSample:
    """Draws the meeting's cases from the panel's unreviewed cases (of one type, if given)
    and records the rule and seed on the meeting."""
    if meeting.cases.exists():
        raise ValidationError("Cases have already been drawn for this meeting.")
    eligible = meeting.panel.cases.filter(meeting__isnull=True)
    criteria = "cases not yet reviewed"
    if case_type:
        eligible = eligible.filter(case_type__iexact=case_type)
        criteria += f", type {case_type}"
    try:
        sample = sampling.draw_sample(
            references=list(eligible.values_list("reference", flat=True)),
            size=size,
            seed=seed,
            criteria=criteria,
        )
    except ValueError as error:
        raise ValidationError({"size": str(error)}) from error
    before = audit_snapshot(meeting)
    for case in eligible.filter(reference__in=sample.references):
        case.meeting = meeting
        case.save()
    meeting.sample_seed = seed
    meeting.sample_rule = sample.rule
    meeting.save()
    after = audit_snapshot(meeting)
    after["references"] = list(sample.references)
    audit_change(
        actor=actor,
        instance=meeting,
        summary=f"Drew {size} cases for review",
        before=before,
        after=after,
    )
    return sample


@transaction.atomic
def case_findings_record(
    *,
    case: PanelCase,
    outcome: str,
    observations: str,
    rights: dict[str, str],
    actor: Any,
) -> PanelCase:
    """A Victims' Code case is found per right; other panels find one of the four outcomes."""
    before = audit_snapshot(case)
    if case.panel.kind == PanelKind.VICTIMS_CODE:
        if set(rights) != set(VictimsRight.values):
            raise ValidationError("Record a finding for every right.")
        for right, compliance in rights.items():
            RightFinding.objects.update_or_create(
                case=case, right=right, defaults={"compliance": compliance}
            )
    elif not outcome:
        raise ValidationError({"outcome": "Choose the panel's finding."})
    case.outcome = outcome
    case.observations = observations
    case.full_clean()
    case.save()
    after = audit_snapshot(case)
    after["rights"] = rights
    audit_change(
        actor=actor,
        instance=case,
        summary="Recorded the panel's findings",
        before=before,
        after=after,
    )
    return case


@transaction.atomic
def action_add(
    *,
    panel: Panel,
    meeting: PanelMeeting | None,
    description: str,
    owner: str,
    due_on: datetime.date,
    actor: Any,
) -> PanelAction:
    action = PanelAction(
        panel=panel,
        meeting=meeting,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    _audited_save(action, actor=actor, summary="Added a panel action", created=True)
    return action


@transaction.atomic
def action_close(*, action: PanelAction, status: str, note: str, actor: Any) -> PanelAction:
    if status not in {ActionStatus.DONE, ActionStatus.DROPPED}:
        raise ValidationError({"status": "Choose done or dropped."})
    before = audit_snapshot(action)
    action.status = status
    action.closed_on = timezone.localdate()
    action.closing_note = note
    action.save()
    audit_change(
        actor=actor,
        instance=action,
        summary=f"Closed a panel action ({action.get_status_display().lower()})",
        before=before,
    )
    return action


# Annual reports ---------------------------------------------------------------------------


def report_figures(*, kind: str, year: int) -> dict[str, Any]:
    """The figures an annual report shows, as JSON, so a published report is frozen."""
    if kind == ReportKind.ICV:
        return {"icv": [row.as_dict() for row in selectors.icv_figures(year=year)]}
    findings = selectors.right_findings(year=year)

    def rows(by: str) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "met": r.met,
                "not_met": r.not_met,
                "not_assessed": r.not_assessed,
                "rate_percent": r.rate_percent,
            }
            for r in figures.compliance_by(findings, by=by)
        ]

    return {
        "by_right": rows("right"),
        "by_agency": rows("agency"),
        "outcomes": [[period, cells] for period, cells in selectors.panel_outcomes()],
        "vetting_outcomes": [
            [period, cells] for period, cells in selectors.panel_outcomes(kind=PanelKind.VETTING)
        ],
    }


@transaction.atomic
def report_publish(*, kind: str, year: int, introduction: str, actor: Any) -> PublishedReport:
    if PublishedReport.objects.filter(kind=kind, year=year).exists():
        raise ValidationError({"year": "This year's report is already published."})
    report = PublishedReport(
        kind=kind,
        year=year,
        introduction=introduction,
        published_at=timezone.now(),
        figures=report_figures(kind=kind, year=year),
        created_by=actor,
    )
    _audited_save(report, actor=actor, summary=f"Published {report}", created=True)
    return report


# Retention and erasure ---------------------------------------------------------------------

ERASED = "[erased]"


@transaction.atomic
def volunteer_erase(*, volunteer: Volunteer, actor: Any, reason: str) -> list[str]:
    """Erases a volunteer's details (name, contact, availability, vetting), keeping the
    reference and status their visits and the annual figures need. Returns what was erased."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    before = audit_snapshot(volunteer)
    erased = erase_personal_values(volunteer, placeholder=ERASED)
    if erased:
        volunteer.save()
        audit_change(
            actor=actor,
            instance=volunteer,
            before=before,
            summary=f"Volunteer {volunteer.reference}: personal details erased ({reason})",
        )
    return erased


@transaction.atomic
def visit_personal_erase(*, visit: Visit, actor: Any, reason: str) -> int:
    """Erases what a visit report says about the detainees seen (the visitors' notes, each
    detainee check's custody number, answers and concerns), keeping the counts the annual
    figures are made of. Returns how many records held something."""
    records: list[Visit | DetaineeCheck] = [visit, *visit.detainee_checks.all()]
    changed = 0
    for record in records:
        before = audit_snapshot(record)
        if erase_personal_values(record, placeholder=ERASED):
            record.save()
            audit_change(
                actor=actor,
                instance=record,
                before=before,
                summary=f"Visit {visit.pk}: what it says about detainees erased ({reason})",
            )
            changed += 1
    return changed


@transaction.atomic
def issue_erase(*, issue: VisitIssue, actor: Any, reason: str) -> list[str]:
    """Erases an issue's description and response and its log's notes, keeping its category,
    dates and status."""
    before = audit_snapshot(issue)
    erased = erase_personal_values(issue, placeholder=ERASED)
    if erased:
        issue.save()
    # The log's notes once copied the texts; its dates and statuses stay.
    notes = issue.events.exclude(note="").update(note="")
    if erased or notes:
        audit_change(
            actor=actor,
            instance=issue,
            before=before,
            summary=f"Issue {issue.pk}: its texts erased ({reason})",
        )
    return erased
