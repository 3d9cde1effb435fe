"""Revisions of a plan's content: what the plan said after each import or edit, and what
changed since the revision before, in plain words.

A revision keeps the plan in the plan file's shape (`planfile.document_from_spec`) without
its actions: actions change through their own progress updates, which keep their own record,
and carry the names of the people who own them.
"""

from typing import Any

from django.db.models import Max

from . import planfile
from .models import Plan, PlanRevision
from .richtext import plain_text

ITEM_KINDS = (("delivered", "delivered item"), ("next", "next item"))
QUOTE_LENGTH = 80


def plan_content(spec: planfile.PlanSpec) -> dict[str, Any]:
    """The plan's content as a revision keeps it: the plan file's document, no actions."""
    document = planfile.document_from_spec(spec)
    document.pop("actions", None)
    return document


def content_spec(content: dict[str, Any], *, number: int) -> planfile.PlanSpec:
    """A revision's content read back as a plan (for showing an earlier version)."""
    return planfile.spec_from_document(content, file=f"revision {number}")


def _quote(text: str) -> str:
    text = " ".join(plain_text(text).split()) if "<" in text else " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def _list_changes(what: str, before: list[str], after: list[str]) -> list[str]:
    lines = [f"{what} added: {_quote(t)}" for t in after if t not in before]
    lines += [f"{what} removed: {_quote(t)}" for t in before if t not in after]
    if not lines and before != after:
        lines.append(f"{what}s reordered")
    return lines


def _item(entry: Any) -> dict[str, Any]:
    return {"text": entry} if isinstance(entry, str) else dict(entry)


def _item_changes(prefix: str, label: str, before: list[Any], after: list[Any]) -> list[str]:
    old = {i["text"]: i for i in map(_item, before)}
    new = {i["text"]: i for i in map(_item, after)}
    lines = [f"{prefix}: {label} added: {_quote(t)}" for t in new if t not in old]
    lines += [f"{prefix}: {label} removed: {_quote(t)}" for t in old if t not in new]
    for text in (t for t in new if t in old):
        fields = [
            name
            for name in ("evidence", "references", "when")
            if old[text].get(name) != new[text].get(name)
        ]
        if fields:
            lines.append(f"{prefix}: {label} changed ({', '.join(fields)}): {_quote(text)}")
    if not lines and list(old) != list(new):
        lines.append(f"{prefix}: {label}s reordered")
    return lines


def _priority_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    prefix = f"Priority {after['code']}"
    lines = []
    if before.get("title") != after.get("title"):
        lines.append(f"{prefix}: title changed to {_quote(after.get('title', ''))}")
    if before.get("aim", "") != after.get("aim", ""):
        lines.append(f"{prefix}: aim changed")
    lines += _list_changes(
        f"{prefix}: commitment", before.get("commitments", []), after.get("commitments", [])
    )
    for key, label in ITEM_KINDS:
        lines += _item_changes(prefix, label, before.get(key, []), after.get(key, []))
    return lines


def _plan_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = []
    for key, label in (
        ("name", "Name"),
        ("term_start", "Start of the term"),
        ("term_end", "End of the term"),
        ("scrutinised_by", "Scrutiny body"),
        ("foreword", "Foreword"),
        ("foreword_by", "Foreword's author"),
        ("introduction", "Introduction"),
    ):
        if before.get(key, "") != after.get(key, ""):
            lines.append(f"{label} changed")
    lines += _list_changes(
        "Golden thread", before.get("golden_threads", []), after.get("golden_threads", [])
    )
    lines += _list_changes(
        "Due regard line", before.get("due_regard", []), after.get("due_regard", [])
    )
    if before.get("report_frameworks", []) != after.get("report_frameworks", []):
        shown = ", ".join(after.get("report_frameworks", [])) or "none"
        lines.append(f"Performance tables of the report changed to: {shown}")
    old, new = before.get("glossary", {}), after.get("glossary", {})
    lines += [f"Glossary: {a} added ({_quote(new[a])})" for a in new if a not in old]
    lines += [f"Glossary: {a} removed" for a in old if a not in new]
    lines += [
        f"Glossary: {a} changed to {_quote(new[a])}" for a in new if a in old and old[a] != new[a]
    ]
    return lines


def content_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """What changed from one revision's content to the next, one plain line each."""
    if before is None:
        return ["First revision of the plan"]
    lines = _plan_changes(before, after)
    old = {p["code"]: p for p in before.get("priorities", [])}
    new = {p["code"]: p for p in after.get("priorities", [])}
    lines += [f"Priority {c} added: {_quote(new[c]['title'])}" for c in new if c not in old]
    lines += [f"Priority {c} removed: {_quote(old[c]['title'])}" for c in old if c not in new]
    for code in (c for c in new if c in old):
        lines += _priority_changes(old[code], new[code])
    if before.get("funding", []) != after.get("funding", []):
        lines.append("Funding changed")
    return lines


def revision_create(
    *, plan: Plan, spec: planfile.PlanSpec, actor: Any, note: str = ""
) -> PlanRevision | None:
    """Records the plan's content as its next revision, with what changed since the last;
    None (nothing written) when nothing changed. Call inside the service's transaction."""
    content = plan_content(spec)
    latest = PlanRevision.objects.filter(plan=plan).order_by("-number").first()
    changes = content_changes(latest.content if latest else None, content)
    if latest is not None and not changes:
        return None
    number = (PlanRevision.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanRevision.objects.create(
        plan=plan,
        number=number,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note.strip()[:500],
        content=content,
        changes=changes,
    )
