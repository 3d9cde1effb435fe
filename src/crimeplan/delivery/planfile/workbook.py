"""The plan as a spreadsheet: one sheet per table, lists in a cell separated by "; "; written
from a `PlanSpec` and read back into a document of TOML's shape."""

import datetime
import io
from typing import Any

import openpyxl

from crimeplan.core import exports

from .spec import ITEM_KEYS, LIST_SEPARATOR, PlanFileError, PlanSpec
from .writing import document_from_spec

# The spreadsheet: one sheet per table; lists in a cell are separated by "; ".
PLAN_KEYS = [
    "slug", "name", "force", "term_start", "term_end", "scrutinised_by", "update_interval_days",
    "foreword", "foreword_by", "introduction",
]  # fmt: skip
SHEETS: dict[str, list[str]] = {
    "Golden threads": ["name"],
    "Boards": ["name"],
    "Due regard": ["text"],
    "Glossary": ["acronym", "expansion"],
    "Report tables": ["framework"],
    "Priorities": ["code", "title", "aim"],
    "Commitments": ["priority", "text"],
    "Items": ["priority", "kind", "text", "evidence", "references", "when"],
    "Funding": ["fund", "round", "years", "bids", "amount", "priority", "award_reference"],
    "Actions": [
        "number", "priority", "commitment", "title", "description", "owner", "owner_person",
        "shared_with", "districts", "golden_threads", "start", "due", "status", "baseline",
        "target", "measures", "funding", "completed_on", "fictional",
    ],
    "Milestones": ["action", "title", "due", "done"],
}  # fmt: skip


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else ""
    return value


def _sheet_rows(spec: PlanSpec) -> dict[str, list[list[Any]]]:
    document = document_from_spec(spec)
    rows: dict[str, list[list[Any]]] = {name: [] for name in SHEETS}
    rows["Golden threads"] = [[n] for n in spec.golden_threads]
    rows["Boards"] = [[n] for n in spec.monitored_with]
    rows["Due regard"] = [[t] for t in spec.due_regard]
    rows["Glossary"] = [[a, e] for a, e in spec.glossary.items()]
    rows["Report tables"] = [[slug] for slug in spec.report_frameworks]
    for p in spec.priorities:
        rows["Priorities"].append([p.code, p.title, p.aim])
        rows["Commitments"] += [[p.code, c] for c in p.commitments]
        for kind, items in (("delivered", p.delivered), ("next", p.next)):
            rows["Items"] += [
                [p.code, kind, i.text, i.evidence, "\n".join(i.references), i.when] for i in items
            ]
    for f in document.get("funding", []):
        rows["Funding"].append([_cell(f.get(c)) for c in SHEETS["Funding"]])
    for number, a in enumerate(document.get("actions", []), start=1):
        a = a | {"number": number}
        rows["Actions"].append([_cell(a.get(c)) for c in SHEETS["Actions"]])
        for m in a.get("milestones", []):
            rows["Milestones"].append([number, m["title"], _cell(m["due"]), _cell(m.get("done"))])
    return rows


def xlsx_bytes(spec: PlanSpec) -> bytes:
    """The plan as a workbook, every text a text cell (never a formula: a title beginning
    with "=" reads back as that title)."""
    document = document_from_spec(spec)
    plan = [[key, _cell(document.get(key, ""))] for key in PLAN_KEYS]
    tables = _sheet_rows(spec)
    return exports.xlsx_bytes(
        [
            exports.Sheet("Plan", ["key", "value"], plan),
            *(
                exports.Sheet(
                    name, columns, [["" if v is None else v for v in r] for r in tables[name]]
                )
                for name, columns in SHEETS.items()
            ),
        ]
    )


def _sheet_tables(workbook: Any, name: str, file: str) -> list[dict[str, Any]]:
    if name not in workbook.sheetnames:
        return []
    rows = workbook[name].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in SHEETS[name]]
    if unknown:
        raise PlanFileError(
            file=file, where=f"sheet {name}, row 1", field=unknown[0], message="unknown column"
        )
    tables = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or v == "" for v in values):
            continue
        # A value under no heading would otherwise be left out without a word.
        for position, value in enumerate(values):
            if value not in (None, "") and (position >= len(header) or not header[position]):
                raise PlanFileError(
                    file=file,
                    where=f"sheet {name}, row {number}",
                    field=f"column {position + 1}",
                    message=f"a value ({value}) in a column with no heading",
                )
        table = {h: v for h, v in zip(header, values, strict=False) if h and v not in (None, "")}
        table["_where"] = f"sheet {name}, row {number}"
        tables.append(table)
    return tables


def _open_workbook(content: bytes, file: str) -> Any:
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise PlanFileError(
            file=file, where="file", field="", message=f"is not a readable .xlsx workbook ({error})"
        ) from error


def _plan_keys(workbook: Any, file: str) -> dict[str, Any]:
    if "Plan" not in workbook.sheetnames:
        raise PlanFileError(file=file, where="sheet Plan", field="", message="is missing")
    document: dict[str, Any] = {"_where": "sheet Plan"}
    rows = workbook["Plan"].iter_rows(min_row=2, values_only=True)
    for number, cells in enumerate(rows, start=2):
        row: list[Any] = [*cells, None, None]
        key, value, rest = row[0], row[1], row[2:]
        if any(v not in (None, "") for v in rest):
            raise PlanFileError(
                file=file,
                where=f"sheet Plan, row {number}",
                field=str(key),
                message="holds more than a key and its value",
            )
        if key is None:
            continue
        if str(key) not in PLAN_KEYS:
            raise PlanFileError(
                file=file, where=f"sheet Plan, row {number}", field=str(key), message="unknown key"
            )
        if value not in (None, ""):
            document[str(key)] = value
    return document


def _sheet_priorities(workbook: Any, file: str) -> list[dict[str, Any]]:
    priorities: dict[str, dict[str, Any]] = {}
    for table in _sheet_tables(workbook, "Priorities", file):
        table.update(commitments=[], delivered=[], next=[])
        priorities[str(table.get("code", ""))] = table
    for table in _sheet_tables(workbook, "Commitments", file):
        _owner(priorities, table, file)["commitments"].append(str(table.get("text", "")))
    for table in _sheet_tables(workbook, "Items", file):
        kind = table.get("kind")
        if kind not in {"delivered", "next"}:
            raise PlanFileError(
                file=file, where=table["_where"], field="kind", message="must be delivered or next"
            )
        item: dict[str, Any] = {k: table[k] for k in ITEM_KEYS if k in table}
        item["_where"] = table["_where"]
        _owner(priorities, table, file)[kind].append(item)
    return list(priorities.values())


def _sheet_actions(workbook: Any, file: str) -> list[dict[str, Any]]:
    actions: dict[str, dict[str, Any]] = {}
    for table in _sheet_tables(workbook, "Actions", file):
        table["milestones"] = []
        actions[str(table.pop("number", len(actions) + 1))] = table
    for table in _sheet_tables(workbook, "Milestones", file):
        owner = actions.get(str(table.pop("action", "")))
        if owner is None:
            raise PlanFileError(
                file=file, where=table["_where"], field="action", message="names no action's number"
            )
        owner["milestones"].append(table)
    return list(actions.values())


def read_workbook(content: bytes, *, file: str) -> dict[str, Any]:
    """A plan spreadsheet as a document of TOML's shape (each table says its sheet and row)."""
    workbook = _open_workbook(content, file)
    # A sheet of another name (a typing slip: "Action") would otherwise not be read at all.
    unknown = [n for n in workbook.sheetnames if n != "Plan" and n not in SHEETS]
    if unknown:
        raise PlanFileError(
            file=file,
            where=f"sheet {unknown[0]}",
            field="",
            message=f"is not a sheet of a plan file (they are Plan, {', '.join(SHEETS)})",
        )
    document = _plan_keys(workbook, file)
    for key, sheet in (("golden_threads", "Golden threads"), ("monitored_with", "Boards")):
        document[key] = [t["name"] for t in _sheet_tables(workbook, sheet, file) if "name" in t]
    document["due_regard"] = [
        t["text"] for t in _sheet_tables(workbook, "Due regard", file) if "text" in t
    ]
    document["report_frameworks"] = [
        t["framework"] for t in _sheet_tables(workbook, "Report tables", file) if "framework" in t
    ]
    glossary = {"_where": "sheet Glossary"}
    for table in _sheet_tables(workbook, "Glossary", file):
        acronym, expansion = table.get("acronym"), table.get("expansion")
        if acronym in (None, "") or expansion in (None, ""):
            raise PlanFileError(
                file=file,
                where=table["_where"],
                field="acronym" if acronym in (None, "") else "expansion",
                message="is required",
            )
        if str(acronym).strip() in glossary:
            raise PlanFileError(
                file=file,
                where=table["_where"],
                field="acronym",
                message=f"{acronym!r} is repeated",
            )
        glossary[str(acronym).strip()] = str(expansion)
    document["glossary"] = glossary
    document["priorities"] = _sheet_priorities(workbook, file)
    document["funding"] = _sheet_tables(workbook, "Funding", file)
    document["actions"] = _sheet_actions(workbook, file)
    return document


def _owner(priorities: dict[str, Any], table: dict[str, Any], file: str) -> dict[str, Any]:
    code = str(table.get("priority", ""))
    if code not in priorities:
        raise PlanFileError(
            file=file,
            where=table["_where"],
            field="priority",
            message=f"{code!r} is not a priority",
        )
    return priorities[code]
