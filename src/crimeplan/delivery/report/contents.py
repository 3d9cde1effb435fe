"""What the report holds: its priorities with what was done and what comes next, the
performance lines that serve each, the contact, and the performance tables laid out for the page
(with the anchors that link a measure to its row)."""

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from crimeplan.performance import contracts as performance
from crimeplan.performance.contracts import ReportRow, ReportTable

from ..models import FundingItem, Plan, Priority
from .welsh import Translator


@dataclass
class Reference:
    label: str
    url: str


@dataclass
class DoneItem:
    text: str
    evidence: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    funding: list[FundingItem] = field(default_factory=list)
    completed_on: datetime.date | None = None


@dataclass
class NextItem:
    text: str
    owner: str = ""
    due: datetime.date | None = None
    when: str = ""
    references: list[Reference] = field(default_factory=list)
    late: bool = False  # its date has passed with it not done: said, not listed as if on time


@dataclass
class PerformanceLine:
    """A row of one of the report's tables that serves a priority."""

    table: ReportTable
    row: ReportRow

    @property
    def anchor(self) -> str:
        return row_anchor(self.table.slug, self.row.measure_id)


@dataclass
class ReportPriority:
    number: int
    priority: Priority
    title: str  # the priority's title and aim in the report's language
    aim: str
    commitments: list[str]
    done: list[DoneItem]
    next: list[NextItem]
    performance: list[PerformanceLine]
    funding: list[FundingItem]

    @property
    def anchor(self) -> str:
        return f"priority-{self.priority.code.lower()}"

    @property
    def funding_pence(self) -> int:
        return sum(f.amount_pence for f in self.funding)


@dataclass
class Contact:
    name: str
    email: str
    phone: str = ""
    address: str = ""
    website: str = ""


@dataclass
class PlanReport:
    plan: Plan
    title: str
    as_of: datetime.date
    foreword: SafeString
    foreword_by: str
    introduction: SafeString
    golden_threads: list[str]
    due_regard: list[str]
    plan_page_svg: SafeString
    priorities: list[ReportPriority]
    funding: list[FundingItem]
    tables: list[ReportTable]  # in the plan's order
    long_run: performance.LongRunChart | None
    contact: Contact
    problems: list[str] = field(default_factory=list)  # found while building
    glossary: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    previous_version: int | None = None
    scrutinised_by: str = ""
    # Says typed text in the report's language: the Welsh copy's notes the pieces it prints
    # and those lacking Welsh (delivery.report.welsh).
    translator: Translator = field(default_factory=Translator)

    @property
    def welsh(self) -> bool:
        return self.translator.welsh

    @property
    def lang(self) -> str:
        return "cy" if self.welsh else "en-GB"

    @property
    def funding_pence(self) -> int:
        return sum(f.amount_pence for f in self.funding)

    @property
    def printed_tables(self) -> "list[PrintedTable]":
        return [printed_table(table) for table in self.tables]

    @property
    def significance(self) -> str:
        return self.tables[0].significance if self.tables else ""


@dataclass
class PrintedRow:
    anchor: str
    header: str
    period_note: str
    aim: str
    cells: list[str]
    aim_met: str
    aim_met_reason: str
    verdict: str
    verdict_reason: str
    priorities: str
    share: bool = False


@dataclass
class PrintedTable:
    """A performance table laid out for the page: one heading per column, each naming its
    period, and the rows with any shares printed under their total."""

    table: ReportTable
    headings: list[str]
    rows: list[PrintedRow]

    @property
    def anchor(self) -> str:
        return table_anchor(self.table.slug)


def printed_table(table: ReportTable) -> PrintedTable:
    labels = {"baseline": table.baseline_label, "current": table.current_label}
    headings = [
        f"{c.heading}, {labels[c.period]}" if labels.get(c.period) else c.heading
        for c in table.columns
    ]
    rows = []
    for row in table.rows:
        rows.append(
            PrintedRow(
                anchor=row_anchor(table.slug, row.measure_id),
                header=row.measure,
                period_note=row.period_note,
                aim=row.aim,
                cells=[row.cells.get(c.key, "") for c in table.columns],
                aim_met=row.aim_met,
                aim_met_reason=row.aim_met_reason,
                verdict=row.verdict,
                verdict_reason=row.verdict_reason,
                priorities=", ".join(row.priorities),
            )
        )
        for share in row.shares:
            by_key = {
                "force_baseline": share.force_baseline,
                "group_baseline": share.group_baseline,
                "force_current": share.force_current,
                "group_current": share.group_current,
            }
            rows.append(
                PrintedRow(
                    anchor=row_anchor(table.slug, share.measure_id),
                    header=gettext("%(name)s (share of the total)") % {"name": share.name},
                    period_note="",
                    aim="",
                    cells=[by_key.get(c.key, "") for c in table.columns],
                    aim_met="",
                    aim_met_reason="",
                    verdict=share.verdict,
                    verdict_reason=share.verdict_reason,
                    priorities="",
                    share=True,
                )
            )
    return PrintedTable(table, headings, rows)


def table_anchor(slug: str) -> str:
    return f"table-{slug}"


def row_anchor(slug: str, measure_id: str) -> str:
    return f"table-{slug}-{measure_id}"
