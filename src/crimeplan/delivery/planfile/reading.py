"""Reading a plan document (TOML's shape) into a checked `PlanSpec`, naming the file, the
place and the field of every problem."""

import datetime
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from crimeplan.core.money import pounds_to_pence

from ..constants import ActionStatus
from ..references import reference_syntax_error
from .spec import (
    ITEM_KEYS,
    MONTH,
    SLUG,
    WHEN_MAX,
    ActionSpec,
    FundingSpec,
    ItemSpec,
    MilestoneSpec,
    PlanFileError,
    PlanSpec,
    PrioritySpec,
)
from .workbook import read_workbook


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
