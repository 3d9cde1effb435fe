"""Editing the plan's content: the plan's own text, and each priority's commitments and
delivered and next items; each edit records a new revision of the plan."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import (
    audited_change,
    audited_delete,
)

from .. import revisions
from ..constants import ItemKind
from ..models import (
    Commitment,
    GoldenThread,
    Plan,
    Priority,
    PriorityItem,
)
from ..references import reference_errors
from ..richtext import clean_html
from .plan_files import plan_spec


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
    with audited_change(
        plan,
        actor=actor,
        summary=f"Changed the content of plan {plan.slug}",
        only_if_changed=True,
    ) as change:
        if change.before is not None:  # always: the plan is saved
            change.before["golden_threads"] = [t.name for t in plan.golden_threads.all()]
        plan.foreword = clean_html(foreword)
        plan.foreword_by = foreword_by.strip()
        plan.introduction = clean_html(introduction)
        plan.due_regard = due_regard
        plan.glossary = {a.strip(): e.strip() for a, e in glossary.items()}
        if report_frameworks is not None:
            plan.report_frameworks = _report_frameworks_checked(plan, report_frameworks)
        plan.save()
        _golden_threads_set(plan, golden_threads)
        change.after_extra["golden_threads"] = golden_threads
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
        audited_delete(
            commitment,
            actor=actor,
            summary=f"Removed commitment {commitment.position} of {priority.code}",
        )
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
        commitment = found or Commitment(priority=priority, text=text)
        with audited_change(
            commitment,
            actor=actor,
            summary=f"{'Added' if found is None else 'Moved'} commitment {position} of "
            f"{priority.code}",
        ) as change:
            if change.before is not None:
                # Where it was before it was moved out of the way above.
                change.before["position"] = old_positions[commitment.pk]
            commitment.position = position
            commitment.save()


def _items_set(priority: Priority, kind: str, rows: list[ItemEdit], actor: Any) -> None:
    existing = {i.pk: i for i in priority.items.filter(kind=kind)}
    kept_ids = {row.item_id for row in rows if row.item_id is not None}
    unknown = kept_ids - set(existing)
    if unknown:
        raise ValidationError(f"Item {sorted(unknown)[0]} is not one of {priority.code}'s items.")
    label = ItemKind(kind).label
    for item in (i for pk, i in existing.items() if pk not in kept_ids):
        audited_delete(item, actor=actor, summary=f"Removed an item from {priority.code} ({label})")
    for position, row in enumerate(rows, start=1):
        found = existing.get(row.item_id) if row.item_id else None
        item = found or PriorityItem(priority=priority, kind=kind)
        with audited_change(
            item,
            actor=actor,
            summary=f"{'Added' if found is None else 'Changed'} an item of {priority.code} "
            f"({label})",
            only_if_changed=True,
        ) as change:
            item.text, item.evidence = row.text.strip(), row.evidence.strip()
            item.references = [r.strip() for r in row.references if r.strip()]
            item.when, item.position = row.when.strip(), position
            if change.differs():
                item.save()


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
    with audited_change(
        priority,
        actor=actor,
        summary=f"Changed priority {priority.code} of plan {priority.plan.slug}",
        only_if_changed=True,
    ) as change:
        priority.title, priority.aim = title.strip(), aim.strip()
        if change.differs():
            priority.save()
    _commitments_set(priority, commitments, actor)
    _items_set(priority, ItemKind.DELIVERED, delivered, actor)
    _items_set(priority, ItemKind.NEXT, next_items, actor)
    revisions.revision_create(
        plan=priority.plan, spec=plan_spec(plan=priority.plan), actor=actor, note=note
    )
    return priority
