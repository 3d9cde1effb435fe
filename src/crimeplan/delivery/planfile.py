"""The plan file: a Police and Crime Plan as TOML or as a spreadsheet, read into a checked
`PlanSpec` and written back without loss. Pure: no database.

The TOML layout is that of `shared/fixtures/plan/gloucestershire-2021-25.toml`, extended with
optional keys (`slug`, `update_interval_days`, the plan's `foreword`, `foreword_by`,
`introduction`, `due_regard` and `[glossary]`, a priority's `next`, items with evidence,
references and when, funding's `priority` and `award_reference`, and `[[actions]]` with their
`[[actions.milestones]]`); docs/how-to/delivery.md describes every key. The spreadsheet holds
the same content, one sheet per table.
"""

import datetime
import io
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

import openpyxl
import tomli_w

from crimeplan.core import exports

from .constants import ActionStatus
from .references import reference_syntax_error

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LIST_SEPARATOR = "; "
ITEM_KEYS = frozenset({"text", "evidence", "references", "when"})
WHEN_MAX = 100


class PlanFileError(Exception):
    """A problem in a plan file, naming the file, the place in it and the field."""

    def __init__(self, *, file: str, where: str, field: str, message: str) -> None:
        self.file, self.where, self.field, self.message = file, where, field, message
        super().__init__(f"{file}: {where}: {field}: {message}")


@dataclass
class MilestoneSpec:
    title: str
    due: datetime.date
    done: datetime.date | None = None


@dataclass
class ActionSpec:
    priority: str
    commitment: int  # the commitment's position (1-based) within its priority
    title: str
    owner: str  # organisation slug
    start: datetime.date
    due: datetime.date
    status: str = ActionStatus.NOT_STARTED
    description: str = ""
    owner_person: str = ""  # e-mail address
    shared_with: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    golden_threads: list[str] = field(default_factory=list)
    baseline: str = ""
    target: str = ""
    measures: list[str] = field(default_factory=list)
    funding: list[int] = field(default_factory=list)  # positions (1-based) in the funding list
    completed_on: datetime.date | None = None
    fictional: bool = False
    milestones: list[MilestoneSpec] = field(default_factory=list)


@dataclass
class ItemSpec:
    text: str
    evidence: str = ""
    references: list[str] = field(default_factory=list)
    when: str = ""


@dataclass
class PrioritySpec:
    code: str
    title: str
    aim: str = ""
    commitments: list[str] = field(default_factory=list)
    delivered: list[ItemSpec] = field(default_factory=list)
    next: list[ItemSpec] = field(default_factory=list)


@dataclass
class FundingSpec:
    fund: str
    amount_pence: int
    round: str = ""
    years: str = ""
    bids: int | None = None
    priority: str = ""
    award_reference: str = ""


@dataclass
class PlanSpec:
    slug: str
    name: str
    force: str
    term_start: datetime.date  # first day of the first month
    term_end: datetime.date  # first day of the last month
    golden_threads: list[str] = field(default_factory=list)
    monitored_with: list[str] = field(default_factory=list)
    scrutinised_by: str = ""
    update_interval_days: int = 30
    foreword: str = ""  # rich text (delivery.richtext), cleaned when saved
    foreword_by: str = ""
    introduction: str = ""
    due_regard: list[str] = field(default_factory=list)
    glossary: dict[str, str] = field(default_factory=dict)
    # The performance frameworks (slugs) whose tables the plan update prints, in order.
    report_frameworks: list[str] = field(default_factory=list)
    priorities: list[PrioritySpec] = field(default_factory=list)
    funding: list[FundingSpec] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)


# Money -----------------------------------------------------------------------------------


def pounds_to_pence(value: object) -> int:
    """Pounds as printed (an integer or at most two decimals) to integer pence."""
    if isinstance(value, bool):
        raise ValueError("must be an amount in pounds, not true or false")
    try:
        pounds = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation as error:
        raise ValueError(f"{value!r} is not an amount in pounds") from error
    pence = pounds * 100
    if not pence.is_finite() or pence != pence.to_integral_value():
        raise ValueError(f"{value!r} has more than two decimal places")
    if pence < 0:
        raise ValueError(f"{value!r} is negative")
    return int(pence)


def pence_to_pounds(pence: int) -> int | float:
    """Whole pounds as an integer, otherwise pounds with the pence as decimals."""
    if pence % 100 == 0:
        return pence // 100
    return float(Decimal(pence) / 100)


# Reading ---------------------------------------------------------------------------------


class _Reader:
    """Checks one table of a document, naming where a problem is."""

    def __init__(self, file: str, where: str, table: Any) -> None:
        self.file = file
        self.where = table.get("_where", where) if isinstance(table, dict) else where
        if not isinstance(table, dict):
            self.fail("", "must be a table")
        self.table: dict[str, Any] = table

    def fail(self, name: str, message: str) -> NoReturn:
        raise PlanFileError(file=self.file, where=self.where, field=name, message=message)

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.table.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(name, "must be text")
        return str(value).strip()

    def texts(self, name: str) -> list[str]:
        value = self.table.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, str):  # a spreadsheet cell holds a list as "a; b; c"
            return [part.strip() for part in value.split(";") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "must be a list of text")
        return [v.strip() for v in value]

    def integer(self, name: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.table.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, f"must be a whole number, not {value!r}")
        if value < minimum:
            self.fail(name, f"must be at least {minimum}")
        return int(value)

    def integers(self, name: str) -> list[int]:
        value = self.table.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = [value]
        if isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        out = []
        for item in value:
            try:
                number = int(item)
            except (TypeError, ValueError):
                self.fail(name, f"must be a list of whole numbers, not {item!r}")
            if number < 1:
                self.fail(name, "numbers count from 1")
            out.append(number)
        return out

    def date(self, name: str, *, required: bool = False) -> datetime.date | None:
        value = self.table.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(name, f"must be a date (YYYY-MM-DD), not {value!r}")

    def required_date(self, name: str) -> datetime.date:
        value = self.date(name, required=True)
        if value is None:
            self.fail(name, "is required")
        return value

    def month(self, name: str) -> datetime.date:
        value = self.table.get(name)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = MONTH.match(str(value or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.fail(name, f"must be a month as YYYY-MM, not {value!r}")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def boolean(self, name: str) -> bool:
        value = self.table.get(name)
        if value is None or value == "":
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {
            "true",
            "yes",
            "1",
            "false",
            "no",
            "0",
        }:
            return value.strip().lower() in {"true", "yes", "1"}
        self.fail(name, f"must be true or false, not {value!r}")

    def tables(self, name: str) -> list[Any]:
        value = self.table.get(name, [])
        if not isinstance(value, list):
            self.fail(name, "must be a list of tables")
        return value


def _items(reader: _Reader, name: str) -> list[ItemSpec]:
    value = reader.table.get(name, [])
    if not isinstance(value, list):
        reader.fail(name, "must be a list")
    items = []
    for number, entry in enumerate(value, start=1):
        if isinstance(entry, str):
            items.append(ItemSpec(text=entry.strip()))
            continue
        where = f"{reader.where}, {name}[{number}]"
        if not isinstance(entry, dict):
            reader.fail(name, f"entry {number} must be text or a table")
        where = str(entry.get("_where", where))
        item = _Reader(reader.file, where, {k: v for k, v in entry.items() if k != "_where"})
        for unknown in sorted(set(item.table) - ITEM_KEYS):
            item.fail(unknown, f"is not a key of an item (they are {', '.join(sorted(ITEM_KEYS))})")
        references = _references(item)
        for reference in references:
            problem = reference_syntax_error(reference)
            if problem:
                item.fail("references", f"{reference!r} {problem}")
        when = item.text("when")
        if len(when) > WHEN_MAX:
            item.fail("when", f"must be at most {WHEN_MAX} characters")
        items.append(
            ItemSpec(
                text=item.text("text", required=True),
                evidence=item.text("evidence"),
                references=references,
                when=when,
            )
        )
    return items


def _references(item: _Reader) -> list[str]:
    """A list in TOML; in a spreadsheet cell, one a line (an address may hold ";")."""
    value = item.table.get("references")
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return item.texts("references")


def _glossary(reader: _Reader) -> dict[str, str]:
    value = reader.table.get("glossary", {})
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        reader.fail("glossary", 'must be a table of ACRONYM = "what it stands for"')
    glossary = {}
    for acronym, expansion in value.items():
        if acronym == "_where":
            continue
        if not str(acronym).strip():
            reader.fail("glossary", "an acronym is empty")
        if not isinstance(expansion, str) or not expansion.strip():
            reader.fail(f"glossary.{acronym}", "must be the text the acronym stands for")
        glossary[str(acronym).strip()] = expansion.strip()
    return glossary


def _priority(file: str, number: int, table: Any) -> PrioritySpec:
    reader = _Reader(file, f"priorities[{number}]", table)
    code = reader.text("code", required=True)
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,15}", code):
        reader.fail("code", f"must be capital letters or digits (up to 16), not {code!r}")
    return PrioritySpec(
        code=code,
        title=reader.text("title", required=True),
        aim=reader.text("aim"),
        commitments=reader.texts("commitments"),
        delivered=_items(reader, "delivered"),
        next=_items(reader, "next"),
    )


def _funding(file: str, number: int, table: Any, codes: set[str]) -> FundingSpec:
    reader = _Reader(file, f"funding[{number}]", table)
    if reader.table.get("amount") in (None, ""):
        reader.fail("amount", "is required")
    try:
        pence = pounds_to_pence(reader.table["amount"])
    except ValueError as error:
        reader.fail("amount", str(error))
    priority = reader.text("priority")
    if priority and priority not in codes:
        reader.fail("priority", f"{priority!r} is not one of the plan's priorities")
    return FundingSpec(
        fund=reader.text("fund", required=True),
        amount_pence=pence,
        round=reader.text("round"),
        years=reader.text("years"),
        bids=reader.integer("bids"),
        priority=priority,
        award_reference=reader.text("award_reference"),
    )


def _milestone(file: str, where: str, table: Any) -> MilestoneSpec:
    reader = _Reader(file, where, table)
    return MilestoneSpec(
        title=reader.text("title", required=True),
        due=reader.required_date("due"),
        done=reader.date("done"),
    )


def _action(file: str, number: int, table: Any, spec: PlanSpec) -> ActionSpec:
    reader = _Reader(file, f"actions[{number}]", table)
    code = reader.text("priority", required=True)
    priorities = {p.code: p for p in spec.priorities}
    if code not in priorities:
        reader.fail("priority", f"{code!r} is not one of the plan's priorities")
    commitment = reader.integer("commitment", required=True, minimum=1) or 0
    if commitment > len(priorities[code].commitments):
        reader.fail(
            "commitment",
            f"{code} has {len(priorities[code].commitments)} commitments, not {commitment}",
        )
    status = reader.text("status") or ActionStatus.NOT_STARTED
    if status not in ActionStatus.values:
        reader.fail("status", f"must be one of {', '.join(ActionStatus.values)}, not {status!r}")
    start = reader.required_date("start")
    due = reader.required_date("due")
    if due < start:
        reader.fail("due", "is before the start")
    completed_on = reader.date("completed_on")
    if completed_on and status != ActionStatus.COMPLETE:
        reader.fail("completed_on", "is given but the status is not complete")
    threads = reader.texts("golden_threads")
    for thread in threads:
        if thread not in spec.golden_threads:
            reader.fail("golden_threads", f"{thread!r} is not one of the plan's golden threads")
    funding = reader.integers("funding")
    for position in funding:
        if position > len(spec.funding):
            reader.fail("funding", f"the plan has {len(spec.funding)} funding rows, not {position}")
    milestones = [
        _milestone(file, f"{reader.where}, milestones[{n}]", m)
        for n, m in enumerate(reader.tables("milestones"), start=1)
    ]
    return ActionSpec(
        priority=code,
        commitment=commitment,
        title=reader.text("title", required=True),
        owner=reader.text("owner", required=True),
        start=start,
        due=due,
        status=status,
        description=reader.text("description"),
        owner_person=reader.text("owner_person").lower(),
        shared_with=reader.texts("shared_with"),
        districts=reader.texts("districts"),
        golden_threads=threads,
        baseline=reader.text("baseline"),
        target=reader.text("target"),
        measures=reader.texts("measures"),
        funding=funding,
        completed_on=completed_on,
        fictional=reader.boolean("fictional"),
        milestones=milestones,
    )


def _lines(reader: _Reader, name: str) -> list[str]:
    """A list of text whose entries may hold ";" (a sentence), so never split."""
    value = reader.table.get(name)
    if value is None or value == "":
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.fail(name, "must be a list of text")
    lines = [v.strip() for v in value]
    if "" in lines:
        reader.fail(name, f"entry {lines.index('') + 1} is empty")
    return lines


def _unique(file: str, where: str, name: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PlanFileError(
                file=file, where=where, field=name, message=f"{value!r} is repeated"
            )
        seen.add(value)


def spec_from_document(document: dict[str, Any], *, file: str, slug: str = "") -> PlanSpec:
    """Checks a document (TOML's shape) and returns the plan it describes. `slug` is used
    when the document has none (the fixture's slug is its file name)."""
    reader = _Reader(file, "plan", document)
    slug = reader.text("slug") or slug
    if not SLUG.match(slug):
        reader.fail("slug", f"must be lower-case words joined by hyphens, not {slug!r}")
    spec = PlanSpec(
        slug=slug,
        name=reader.text("name", required=True),
        force=reader.text("force", required=True),
        term_start=reader.month("term_start"),
        term_end=reader.month("term_end"),
        golden_threads=reader.texts("golden_threads"),
        monitored_with=reader.texts("monitored_with"),
        scrutinised_by=reader.text("scrutinised_by"),
        update_interval_days=reader.integer("update_interval_days", minimum=1) or 30,
        foreword=reader.text("foreword"),
        foreword_by=reader.text("foreword_by"),
        introduction=reader.text("introduction"),
        due_regard=_lines(reader, "due_regard"),
        glossary=_glossary(reader),
        report_frameworks=_lines(reader, "report_frameworks"),
    )
    for number, slug in enumerate(spec.report_frameworks, start=1):
        if not SLUG.match(slug):
            reader.fail(
                "report_frameworks",
                f"entry {number} ({slug!r}) is not a framework's id (lowercase letters, digits "
                "and hyphens)",
            )
    if spec.term_end < spec.term_start:
        reader.fail("term_end", "is before term_start")
    _unique(file, "plan", "golden_threads", spec.golden_threads)
    _unique(file, "plan", "monitored_with", spec.monitored_with)
    _unique(file, "plan", "due_regard", spec.due_regard)
    _unique(file, "plan", "report_frameworks", spec.report_frameworks)
    spec.priorities = [
        _priority(file, n, t) for n, t in enumerate(reader.tables("priorities"), start=1)
    ]
    _unique(file, "plan", "priorities.code", [p.code for p in spec.priorities])
    codes = {p.code for p in spec.priorities}
    spec.funding = [
        _funding(file, n, t, codes) for n, t in enumerate(reader.tables("funding"), start=1)
    ]
    spec.actions = [
        _action(file, n, t, spec) for n, t in enumerate(reader.tables("actions"), start=1)
    ]
    known = set(document) - {"_where"}
    allowed = {
        "slug", "name", "force", "term_start", "term_end", "golden_threads", "monitored_with",
        "scrutinised_by", "update_interval_days", "priorities", "funding", "actions",
        "foreword", "foreword_by", "introduction", "due_regard", "glossary",
        "report_frameworks",
    }  # fmt: skip
    for unknown in sorted(known - allowed):
        reader.fail(unknown, "is not a key of a plan file (see docs/how-to/delivery.md)")
    return spec


def read_plan_file(path: Path, *, slug: str = "") -> PlanSpec:
    """Reads a `.toml` or `.xlsx` plan file. The slug defaults to the file's name."""
    name = path.name
    slug = slug or path.stem
    if path.suffix.lower() == ".toml":
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise PlanFileError(file=name, where="file", field="", message=str(error)) from error
        except RecursionError:
            raise PlanFileError(
                file=name, where="file", field="", message="is nested too deeply to read"
            ) from None
        except UnicodeDecodeError as error:
            raise PlanFileError(
                file=name, where="file", field="", message="is not UTF-8 text"
            ) from error
        return spec_from_document(document, file=name, slug=slug)
    if path.suffix.lower() == ".xlsx":
        return spec_from_document(read_workbook(path.read_bytes(), file=name), file=name, slug=slug)
    raise PlanFileError(
        file=name, where="file", field="", message="must be a .toml or .xlsx plan file"
    )


# Writing ---------------------------------------------------------------------------------


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
