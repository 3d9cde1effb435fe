"""Writing a `PlanSpec` back as a TOML document, without loss."""

from typing import Any

import tomli_w

from crimeplan.core.money import pence_to_pounds

from .spec import ItemSpec, PlanSpec


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], False)}


def _item_out(item: ItemSpec) -> str | dict[str, Any]:
    if not (item.evidence or item.references or item.when):
        return item.text
    return _drop_empty(
        {
            "text": item.text,
            "evidence": item.evidence,
            "references": item.references,
            "when": item.when,
        }
    )


def document_from_spec(spec: PlanSpec) -> dict[str, Any]:
    """The plan in the TOML file's shape."""
    document: dict[str, Any] = {
        "slug": spec.slug,
        "name": spec.name,
        "force": spec.force,
        "term_start": spec.term_start.strftime("%Y-%m"),
        "term_end": spec.term_end.strftime("%Y-%m"),
        "golden_threads": spec.golden_threads,
        "monitored_with": spec.monitored_with,
        "scrutinised_by": spec.scrutinised_by,
        "update_interval_days": spec.update_interval_days,
        "foreword": spec.foreword,
        "foreword_by": spec.foreword_by,
        "introduction": spec.introduction,
        "due_regard": spec.due_regard,
        "glossary": dict(spec.glossary),
        "report_frameworks": spec.report_frameworks,
    }
    document["priorities"] = [
        _drop_empty(
            {
                "code": p.code,
                "title": p.title,
                "aim": p.aim,
                "commitments": p.commitments,
                "delivered": [_item_out(i) for i in p.delivered],
                "next": [_item_out(i) for i in p.next],
            }
        )
        for p in spec.priorities
    ]
    document["funding"] = [
        _drop_empty(
            {
                "fund": f.fund,
                "round": f.round,
                "years": f.years,
                "bids": f.bids,
                "amount": pence_to_pounds(f.amount_pence),
                "priority": f.priority,
                "award_reference": f.award_reference,
            }
        )
        | {"amount": pence_to_pounds(f.amount_pence)}
        for f in spec.funding
    ]
    document["actions"] = [
        _drop_empty(
            {
                "priority": a.priority,
                "commitment": a.commitment,
                "title": a.title,
                "description": a.description,
                "owner": a.owner,
                "owner_person": a.owner_person,
                "shared_with": a.shared_with,
                "districts": a.districts,
                "golden_threads": a.golden_threads,
                "start": a.start,
                "due": a.due,
                "status": a.status,
                "baseline": a.baseline,
                "target": a.target,
                "measures": a.measures,
                "funding": a.funding,
                "completed_on": a.completed_on,
                "fictional": a.fictional,
                "milestones": [
                    _drop_empty({"title": m.title, "due": m.due, "done": m.done})
                    for m in a.milestones
                ],
            }
        )
        for a in spec.actions
    ]
    # The glossary is a table: TOML writes it after the plain keys, so it goes last.
    glossary = document.pop("glossary")
    return (
        _drop_empty(document) | {"slug": spec.slug} | ({"glossary": glossary} if glossary else {})
    )


def toml_bytes(spec: PlanSpec) -> bytes:
    return tomli_w.dumps(document_from_spec(spec)).encode("utf-8")
