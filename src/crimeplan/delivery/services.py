"""Changes to delivery plans. Each service validates, saves, writes the audit trail in the
same transaction, and returns what it changed."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.accounts.models import Organisation, User
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import AuditSnapshot, audit_change, audit_record, audit_snapshot
from crimeplan.geography.models import District

from . import evidence as evidence_files
from . import revisions
from .constants import ActionStatus, ItemKind
from .models import (
    Action,
    Board,
    Commitment,
    Evidence,
    FundingItem,
    GoldenThread,
    Milestone,
    PerformanceSnapshot,
    Plan,
    Priority,
    PriorityItem,
    ProgressUpdate,
)
from .planfile import (
    ActionSpec,
    FundingSpec,
    ItemSpec,
    MilestoneSpec,
    PlanFileError,
    PlanSpec,
    PrioritySpec,
)
from .references import reference_errors
from .richtext import clean_html

ACTION_M2M = ("shared_with", "districts", "golden_threads", "funding")


# The plan file ---------------------------------------------------------------------------


@dataclass
class _Lookups:
    """Organisations, people and districts a plan file names, resolved once."""

    file: str
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)

    @classmethod
    def load(cls, file: str) -> "_Lookups":
        return cls(
            file=file,
            organisations={o.slug: o for o in Organisation.objects.all()},
            people={u.email.lower(): u for u in User.objects.all()},
            districts={d.code: d for d in District.objects.all()},
        )

    def organisation(self, number: int, name: str, slug: str) -> Organisation:
        if slug not in self.organisations:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field=name,
                message=f"no organisation has the slug {slug!r}",
            )
        return self.organisations[slug]

    def person(self, number: int, email: str) -> User | None:
        if not email:
            return None
        if email not in self.people:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field="owner_person",
                message=f"no one has the e-mail address {email!r}",
            )
        return self.people[email]

    def district(self, number: int, code: str) -> District:
        if code not in self.districts:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field="districts",
                message=f"{code!r} is not a district code (e.g. E07000078)",
            )
        return self.districts[code]


def _create_priority(plan: Plan, position: int, spec: PrioritySpec) -> Priority:
    priority = Priority.objects.create(
        plan=plan, code=spec.code, title=spec.title, aim=spec.aim, position=position
    )
    Commitment.objects.bulk_create(
        Commitment(priority=priority, text=text, position=n)
        for n, text in enumerate(spec.commitments, start=1)
    )
    for kind, items in ((ItemKind.DELIVERED, spec.delivered), (ItemKind.NEXT, spec.next)):
        PriorityItem.objects.bulk_create(
            PriorityItem(
                priority=priority,
                kind=kind,
                text=i.text,
                evidence=i.evidence,
                references=i.references,
                when=i.when,
                position=n,
            )
            for n, i in enumerate(items, start=1)
        )
    return priority


def _create_action(
    plan: Plan, number: int, spec: ActionSpec, lookups: _Lookups, funding: list[FundingItem]
) -> Action:
    commitment = Commitment.objects.get(
        priority__plan=plan, priority__code=spec.priority, position=spec.commitment
    )
    action = Action.objects.create(
        commitment=commitment,
        title=spec.title,
        description=spec.description,
        owner_organisation=lookups.organisation(number, "owner", spec.owner),
        owner_person=lookups.person(number, spec.owner_person),
        start_date=spec.start,
        due_date=spec.due,
        status=spec.status,
        baseline=spec.baseline,
        target=spec.target,
        measure_ids=spec.measures,
        completed_on=spec.completed_on,
        is_fictional=spec.fictional,
    )
    action.shared_with.set(
        [lookups.organisation(number, "shared_with", s) for s in spec.shared_with]
    )
    action.districts.set([lookups.district(number, code) for code in spec.districts])
    action.golden_threads.set(plan.golden_threads.filter(name__in=spec.golden_threads))
    action.funding.set([funding[position - 1] for position in spec.funding])
    Milestone.objects.bulk_create(
        Milestone(action=action, title=m.title, due_date=m.due, done_on=m.done)
        for m in spec.milestones
    )
    return action


@transaction.atomic
def plan_import(*, spec: PlanSpec, actor: Any, file: str = "") -> Plan:
    """Creates the plan a plan file describes, all or nothing. A plan with the same slug must
    not exist already (its actions carry progress that a file must not overwrite)."""
    if Plan.objects.filter(slug=spec.slug).exists():
        raise PlanFileError(
            file=file, where="plan", field="slug", message=f"a plan {spec.slug!r} already exists"
        )
    lookups = _Lookups.load(file)
    plan = Plan.objects.create(
        slug=spec.slug,
        name=spec.name,
        force_id=spec.force,
        term_start=spec.term_start,
        term_end=spec.term_end,
        scrutinised_by=spec.scrutinised_by,
        update_interval_days=spec.update_interval_days,
        foreword=clean_html(spec.foreword),
        foreword_by=spec.foreword_by,
        introduction=clean_html(spec.introduction),
        due_regard=spec.due_regard,
        glossary=spec.glossary,
        report_frameworks=spec.report_frameworks,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    GoldenThread.objects.bulk_create(
        GoldenThread(plan=plan, name=name, position=n)
        for n, name in enumerate(spec.golden_threads, start=1)
    )
    Board.objects.bulk_create(
        Board(plan=plan, name=name, position=n)
        for n, name in enumerate(spec.monitored_with, start=1)
    )
    priorities = {
        p.code: _create_priority(plan, n, p) for n, p in enumerate(spec.priorities, start=1)
    }
    funding = [
        FundingItem.objects.create(
            plan=plan,
            fund=f.fund,
            round=f.round,
            years=f.years,
            bids=f.bids,
            amount_pence=f.amount_pence,
            priority=priorities.get(f.priority),
            award_reference=f.award_reference,
            position=n,
        )
        for n, f in enumerate(spec.funding, start=1)
    ]
    for number, action_spec in enumerate(spec.actions, start=1):
        _create_action(plan, number, action_spec, lookups, funding)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=plan,
        summary=(
            f"Imported plan {plan.slug} from {file or 'a plan file'}: {len(spec.priorities)} "
            f"priorities, {len(spec.funding)} funding rows, {len(spec.actions)} actions"
        ),
    )
    revisions.revision_create(
        plan=plan,
        spec=plan_spec(plan=plan),
        actor=actor,
        note=f"Imported from {file or 'a plan file'}",
    )
    return plan


def _action_spec(action: Action, funding_positions: dict[int, int]) -> ActionSpec:
    return ActionSpec(
        priority=action.commitment.priority.code,
        commitment=action.commitment.position,
        title=action.title,
        owner=action.owner_organisation.slug,
        start=action.start_date,
        due=action.due_date,
        status=action.status,
        description=action.description,
        owner_person=action.owner_person.email if action.owner_person else "",
        shared_with=sorted(o.slug for o in action.shared_with.all()),
        districts=sorted(d.code for d in action.districts.all()),
        golden_threads=[t.name for t in action.golden_threads.order_by("position")],
        baseline=action.baseline,
        target=action.target,
        measures=list(action.measure_ids),
        funding=sorted(funding_positions[f.pk] for f in action.funding.all()),
        completed_on=action.completed_on,
        fictional=action.is_fictional,
        milestones=[
            MilestoneSpec(title=m.title, due=m.due_date, done=m.done_on)
            for m in action.milestones.all()
        ],
    )


def _item_spec(item: PriorityItem) -> ItemSpec:
    return ItemSpec(
        text=item.text, evidence=item.evidence, references=list(item.references), when=item.when
    )


def plan_spec(*, plan: Plan) -> PlanSpec:
    """The whole plan as a plan file describes it, for export."""
    funding = list(plan.funding.select_related("priority"))
    positions = {f.pk: n for n, f in enumerate(funding, start=1)}
    priorities = []
    for p in plan.priorities.prefetch_related("commitments", "items"):
        items = sorted(p.items.all(), key=lambda i: i.position)
        priorities.append(
            PrioritySpec(
                code=p.code,
                title=p.title,
                aim=p.aim,
                commitments=[c.text for c in p.commitments.all()],
                delivered=[_item_spec(i) for i in items if i.kind == ItemKind.DELIVERED],
                next=[_item_spec(i) for i in items if i.kind == ItemKind.NEXT],
            )
        )
    actions = (
        Action.objects.filter(commitment__priority__plan=plan)
        .select_related("commitment__priority", "owner_organisation", "owner_person")
        .prefetch_related("shared_with", "districts", "golden_threads", "funding", "milestones")
        .order_by("commitment__priority__position", "commitment__position", "pk")
    )
    return PlanSpec(
        slug=plan.slug,
        name=plan.name,
        force=plan.force_id,
        term_start=plan.term_start,
        term_end=plan.term_end,
        golden_threads=[t.name for t in plan.golden_threads.all()],
        monitored_with=[b.name for b in plan.boards.all()],
        scrutinised_by=plan.scrutinised_by,
        update_interval_days=plan.update_interval_days,
        foreword=plan.foreword,
        foreword_by=plan.foreword_by,
        introduction=plan.introduction,
        due_regard=list(plan.due_regard),
        glossary=dict(plan.glossary),
        report_frameworks=list(plan.report_frameworks),
        priorities=priorities,
        funding=[
            FundingSpec(
                fund=f.fund,
                amount_pence=f.amount_pence,
                round=f.round,
                years=f.years,
                bids=f.bids,
                priority=f.priority.code if f.priority else "",
                award_reference=f.award_reference,
            )
            for f in funding
        ],
        actions=[_action_spec(a, positions) for a in actions],
    )


# Editing the plan's content ---------------------------------------------------------------


@dataclass
class ItemEdit:
    """One row of a priority's delivered or next items as an editor left it: `item_id` is
    the item it changes (None for a new one)."""

    text: str
    evidence: str = ""
    references: list[str] = field(default_factory=list)
    when: str = ""
    item_id: int | None = None


def _golden_threads_set(plan: Plan, names: list[str]) -> None:
    """Keeps the threads named (in their order), adds new ones and removes the rest; a
    thread an action is tagged with is never removed, so no tag disappears unseen."""
    existing = {t.name: t for t in plan.golden_threads.all()}
    removed = [t for name, t in existing.items() if name not in names]
    tagged = [t.name for t in removed if t.actions.exists()]
    if tagged:
        raise ValidationError(
            {
                "golden_threads": [
                    f"{name!r} is a golden thread of actions: untag them before removing it."
                    for name in tagged
                ]
            }
        )
    for thread in removed:
        thread.delete()
    for position, name in enumerate(names, start=1):
        thread = existing.get(name) or GoldenThread(plan=plan, name=name)
        if thread.pk is None or thread.position != position:
            thread.position = position
            thread.save()


def _check_plan_content(
    due_regard: list[str], golden_threads: list[str], glossary: dict[str, str]
) -> None:
    errors: dict[str, list[str]] = {}
    for name, lines in (("due_regard", due_regard), ("golden_threads", golden_threads)):
        repeated = sorted({line for line in lines if lines.count(line) > 1})
        if repeated:
            errors[name] = [f"{line!r} is given twice." for line in repeated]
    if any(not a.strip() or not e.strip() for a, e in glossary.items()):
        errors["glossary"] = ["Every glossary line needs an acronym and what it stands for."]
    if errors:
        raise ValidationError(errors)


def _report_frameworks_checked(plan: Plan, slugs: list[str]) -> list[str]:
    """The frameworks the report prints: each one of the plan's force, named once."""
    from crimeplan.performance.models import Framework

    slugs = [slug.strip() for slug in slugs if slug.strip()]
    known = set(
        Framework.objects.filter(force__police_uk_id=plan.force_id).values_list("slug", flat=True)
    )
    problems = [
        f"{slug!r} is not a performance framework of this force"
        for slug in slugs
        if slug not in known
    ]
    problems += [f"{slug!r} is listed twice" for slug in set(slugs) if slugs.count(slug) > 1]
    if problems:
        raise ValidationError({"report_frameworks": problems})
    return slugs


@transaction.atomic
def plan_content_update(
    *,
    plan: Plan,
    actor: Any,
    foreword: str,
    foreword_by: str,
    introduction: str,
    due_regard: list[str],
    golden_threads: list[str],
    glossary: dict[str, str],
    report_frameworks: list[str] | None = None,
    note: str = "",
) -> Plan:
    """Saves the plan's foreword, introduction, due regard, golden threads and glossary
    (rich text cleaned to its subset), audits what changed and records a revision."""
    due_regard = [line.strip() for line in due_regard if line.strip()]
    golden_threads = [line.strip() for line in golden_threads if line.strip()]
    _check_plan_content(due_regard, golden_threads, glossary)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = audit_snapshot(plan)
    before["golden_threads"] = [t.name for t in plan.golden_threads.all()]
    plan.foreword = clean_html(foreword)
    plan.foreword_by = foreword_by.strip()
    plan.introduction = clean_html(introduction)
    plan.due_regard = due_regard
    plan.glossary = {a.strip(): e.strip() for a, e in glossary.items()}
    if report_frameworks is not None:
        plan.report_frameworks = _report_frameworks_checked(plan, report_frameworks)
    plan.save()
    _golden_threads_set(plan, golden_threads)
    after = audit_snapshot(plan)
    after["golden_threads"] = golden_threads
    audit_change(
        actor=actor,
        instance=plan,
        summary=f"Changed the content of plan {plan.slug}",
        before=before,
        after=after,
        only_if_changed=True,
    )
    revisions.revision_create(plan=plan, spec=plan_spec(plan=plan), actor=actor, note=note)
    return plan


def _commitments_set(priority: Priority, texts: list[str], actor: Any) -> None:
    """Matches commitments by their words, so an action stays with the commitment it was
    made for when lines move; a commitment with actions is never removed."""
    existing = list(priority.commitments.all())
    by_text = {c.text: c for c in existing}
    removed = [c for c in existing if c.text not in texts]
    with_actions = [c for c in removed if c.actions.exists()]
    if with_actions:
        raise ValidationError(
            {
                "commitments": [
                    f"Commitment {c.position} ({c.text[:60]!r}) has actions: move them to "
                    "another commitment before removing it."
                    for c in with_actions
                ]
            }
        )
    for commitment in removed:
        audit_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=commitment,
            summary=f"Removed commitment {commitment.position} of {priority.code}",
            before=audit_snapshot(commitment),
        )
        commitment.delete()
    # Positions are unique: move those that change out of the way before numbering them.
    offset = len(existing) + len(texts) + 1
    old_positions = {c.pk: c.position for c in existing}
    moving = [by_text[t] for t in texts if t in by_text]
    for kept in (c for c in moving if c.position != texts.index(c.text) + 1):
        kept.position += offset
        kept.save()
    for position, text in enumerate(texts, start=1):
        found = by_text.get(text)
        if found is not None and found.position == position:
            continue
        before = None
        if found is None:
            commitment = Commitment(priority=priority, text=text)
        else:
            commitment = found
            before = audit_snapshot(commitment)
            before["position"] = old_positions[commitment.pk]
        commitment.position = position
        commitment.save()
        audit_change(
            actor=actor,
            instance=commitment,
            summary=f"{'Moved' if before else 'Added'} commitment {position} of {priority.code}",
            before=before,
        )


def _items_set(priority: Priority, kind: str, rows: list[ItemEdit], actor: Any) -> None:
    existing = {i.pk: i for i in priority.items.filter(kind=kind)}
    kept_ids = {row.item_id for row in rows if row.item_id is not None}
    unknown = kept_ids - set(existing)
    if unknown:
        raise ValidationError(f"Item {sorted(unknown)[0]} is not one of {priority.code}'s items.")
    label = ItemKind(kind).label
    for item in (i for pk, i in existing.items() if pk not in kept_ids):
        audit_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=item,
            summary=f"Removed an item from {priority.code} ({label})",
            before=audit_snapshot(item),
        )
        item.delete()
    for position, row in enumerate(rows, start=1):
        found = existing.get(row.item_id) if row.item_id else None
        before = audit_snapshot(found) if found else None
        item = found or PriorityItem(priority=priority, kind=kind)
        item.text, item.evidence = row.text.strip(), row.evidence.strip()
        item.references = [r.strip() for r in row.references if r.strip()]
        item.when, item.position = row.when.strip(), position
        if before is None or audit_snapshot(item) != before:
            item.save()
        audit_change(
            actor=actor,
            instance=item,
            summary=f"{'Changed' if before else 'Added'} an item of {priority.code} ({label})",
            before=before,
            only_if_changed=True,
        )


def _check_items(priority: Priority, kind: str, rows: list[ItemEdit]) -> dict[str, list[str]]:
    label = ItemKind(kind).label
    problems = []
    for number, row in enumerate(rows, start=1):
        if not row.text.strip():
            problems.append(f"{label}, item {number}: give the item's text.")
        if len(row.when.strip()) > PriorityItem._meta.get_field("when").max_length:  # type: ignore[operator]
            problems.append(f"{label}, item {number}: 'when' is too long.")
        for problem in reference_errors(row.references, plan=priority.plan):
            problems.append(f"{label}, item {number} ({row.text[:60]!r}): reference {problem}")
    return {kind: problems} if problems else {}


@transaction.atomic
def priority_update(
    *,
    priority: Priority,
    actor: Any,
    title: str,
    aim: str,
    commitments: list[str],
    delivered: list[ItemEdit],
    next_items: list[ItemEdit],
    note: str = "",
) -> Priority:
    """Saves a priority's title, aim, commitments and its delivered and next items; every
    reference must resolve. Audits each record changed and records a plan revision."""
    Plan.objects.select_for_update().get(pk=priority.plan_id)
    priority = Priority.objects.select_related("plan").get(pk=priority.pk)
    commitments = [c.strip() for c in commitments if c.strip()]
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Give the priority's title."]
    repeated = sorted({c for c in commitments if commitments.count(c) > 1})
    if repeated:
        errors["commitments"] = [f"{c[:60]!r} is given twice." for c in repeated]
    errors |= _check_items(priority, ItemKind.DELIVERED, delivered)
    errors |= _check_items(priority, ItemKind.NEXT, next_items)
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(priority)
    priority.title, priority.aim = title.strip(), aim.strip()
    if audit_snapshot(priority) != before:
        priority.save()
    audit_change(
        actor=actor,
        instance=priority,
        summary=f"Changed priority {priority.code} of plan {priority.plan.slug}",
        before=before,
        only_if_changed=True,
    )
    _commitments_set(priority, commitments, actor)
    _items_set(priority, ItemKind.DELIVERED, delivered, actor)
    _items_set(priority, ItemKind.NEXT, next_items, actor)
    revisions.revision_create(
        plan=priority.plan, spec=plan_spec(plan=priority.plan), actor=actor, note=note
    )
    return priority


# Actions ---------------------------------------------------------------------------------


def _check_action(action: Action) -> None:
    errors: dict[str, list[str]] = {}
    if action.due_date < action.start_date:
        errors["due_date"] = ["The due date must be on or after the start date."]
    if action.status == ActionStatus.COMPLETE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.status != ActionStatus.COMPLETE:
        action.completed_on = None
    if errors:
        raise ValidationError(errors)


def _action_state(action: Action) -> AuditSnapshot:
    state = audit_snapshot(action)
    for name in ACTION_M2M:
        state[name] = sorted(getattr(action, name).values_list("pk", flat=True))
    return state


@transaction.atomic
def action_create(*, commitment: Commitment, actor: Any, **fields: Any) -> Action:
    relations = {name: fields.pop(name) for name in ACTION_M2M if name in fields}
    action = Action(commitment=commitment, created_by=actor, **fields)
    _check_action(action)
    action.save()
    for name, values in relations.items():
        getattr(action, name).set(values)
    audit_change(
        actor=actor,
        instance=action,
        organisation_id=action.owner_organisation_id,
        summary=f"Added action {action.title!r} to {commitment.priority.code}",
        after=_action_state(action),
    )
    return action


@transaction.atomic
def action_update(*, action: Action, actor: Any, **changes: Any) -> Action:
    """Changes the fields given. Saved through the model (never a bulk update) so the
    history and the audit trail see it."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    before = _action_state(action)
    relations = {name: changes.pop(name) for name in ACTION_M2M if name in changes}
    for name, value in changes.items():
        setattr(action, name, value)
    _check_action(action)
    action.save()
    for name, values in relations.items():
        getattr(action, name).set(values)
    audit_change(
        actor=actor,
        instance=action,
        organisation_id=action.owner_organisation_id,
        summary=f"Changed action {action.title!r}",
        before=before,
        after=_action_state(action),
        only_if_changed=True,
    )
    return action


@transaction.atomic
def milestone_save(
    *,
    action: Action,
    actor: Any,
    title: str,
    due_date: datetime.date,
    done_on: datetime.date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": ["The done date cannot be in the future."]})
    before = audit_snapshot(milestone) if milestone else None
    milestone = milestone or Milestone(action=action)
    if milestone.action_id != action.pk:
        raise ValidationError("The milestone belongs to another action.")
    milestone.title, milestone.due_date, milestone.done_on = title, due_date, done_on
    milestone.save()
    audit_change(
        actor=actor,
        instance=milestone,
        organisation_id=action.owner_organisation_id,
        summary=f"{'Changed' if before else 'Added'} milestone {title!r} of {action.title!r}",
        before=before,
    )
    return milestone


def _clean_links(links: list[str]) -> list[str]:
    cleaned = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        if not link.startswith(("https://", "http://")):
            raise ValidationError({"links": [f"{link!r} is not a web address (https://…)."]})
        cleaned.append(link)
    return cleaned


def progress_update_add(
    *,
    action: Action,
    actor: Any,
    reported_on: datetime.date,
    status: str,
    summary: str,
    links: list[str] | None = None,
    files: list[Any] | None = None,
) -> ProgressUpdate:
    """Records a dated update with its evidence and moves the action to the update's status.
    Files are checked by content; a rejected file rejects the whole update."""
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": ["An update cannot be dated in the future."]})
    if not summary.strip():
        raise ValidationError({"summary": ["Say what has happened since the last update."]})
    cleaned_links = _clean_links(links or [])
    stored: list[tuple[Any, evidence_files.StoredFile]] = []
    try:
        for upload in files or []:
            stored.append((upload, evidence_files.store_upload(upload)))
    except evidence_files.EvidenceRejected as error:
        _remove(stored)
        raise ValidationError({"evidence": [str(error)]}) from error
    try:
        with transaction.atomic():
            return _save_update(action, actor, reported_on, status, summary, cleaned_links, stored)
    except Exception:
        _remove(stored)
        raise


def _remove(stored: list[tuple[Any, evidence_files.StoredFile]]) -> None:
    for _, file in stored:
        evidence_files.evidence_path(file.stored_name).unlink(missing_ok=True)


def _save_update(
    action: Action,
    actor: Any,
    reported_on: datetime.date,
    status: str,
    summary: str,
    links: list[str],
    stored: list[tuple[Any, evidence_files.StoredFile]],
) -> ProgressUpdate:
    update = ProgressUpdate.objects.create(
        action=action,
        reported_on=reported_on,
        status=status,
        summary=summary.strip(),
        links=links,
        created_by=actor,
    )
    for upload, file in stored:
        Evidence.objects.create(
            update=update,
            original_name=str(upload.name)[:255],
            stored_name=file.stored_name,
            content_type=file.kind.content_type,
            size=file.size,
            sha256=file.sha256,
            created_by=actor,
        )
    after = audit_snapshot(update)
    after["evidence"] = [f.stored_name for _, f in stored]
    audit_change(
        actor=actor,
        instance=update,
        organisation_id=action.owner_organisation_id,
        summary=f"Progress update on {action.title!r} with {len(stored)} evidence files",
        after=after,
    )
    changes: dict[str, Any] = {"status": status}
    if status == ActionStatus.COMPLETE and action.completed_on is None:
        changes["completed_on"] = reported_on
    action_update(action=action, actor=actor, **changes)
    return update


def snapshot_load(
    *,
    rows: list[dict[str, object]],
    title: str,
    source: str,
    baseline_label: str,
    current_label: str,
    actor: Any,
) -> PerformanceSnapshot:
    """Keeps a published performance table (rows as read by `snapshot.read_snapshot`)."""
    loaded = PerformanceSnapshot.objects.create(
        title=title,
        source=source,
        baseline_label=baseline_label,
        current_label=current_label,
        rows=rows,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=loaded,
        summary=f"Loaded performance snapshot {title!r} ({len(rows)} rows)",
    )
    return loaded
