"""A performance table as a report prints it: headings, rows of printed cells, verdicts and notes.

`report_table(slug)` reads the framework's latest stored version and the stored data through
the same cached computation as the performance pages (`computed.computed_table`), so a report
and the pages cannot disagree. `report_table_from(table)` does the same from a computed table
alone (no database), which is what the golden tests use.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import commentary, selectors
from .computed import computed_table
from .constants import ALPHA, Aim, MeasureKind, Verdict
from .engine import MeasureRow, Table, ordinal
from .framework import COMPARATORS, Framework
from .models import Framework as FrameworkRecord

SIGNIFICANCE = (
    "Verdict: whether a change is larger than chance alone would be expected to give, tested "
    f'at the {ALPHA:.0%} level. "No significant change" means the change could be chance, '
    'even where the aim is met or missed; "not testable" says why no test was possible (for '
    "example, a survey's sample sizes were not published, or a target is not a sample)."
)


@dataclass(frozen=True)
class Column:
    key: str  # the key of ReportRow.cells
    heading: str
    period: str  # "baseline", "current", or "" for a column spanning both (a change)


@dataclass(frozen=True)
class ShareRow:
    """One component's share of the row's total, printed under it ("Pers: 40.01%")."""

    measure_id: str
    name: str
    force_baseline: str
    group_baseline: str
    force_current: str
    group_current: str
    force_change: str  # percentage points
    group_change: str
    verdict: str
    verdict_reason: str


@dataclass(frozen=True)
class ReportRow:
    measure_id: str
    measure: str
    kind: str  # count | percentage | share | target | rank | duration
    section: str  # a heading the row sits under ("" for none)
    aim: str  # "Reduce", "Increase", "Improve (1 = best)"
    cells: Mapping[str, str]  # column key → printed text ("" where not held)
    aim_met: str  # "Yes", "No" or "" (with aim_met_reason)
    aim_met_reason: str
    verdict: str  # the test of chance
    verdict_reason: str  # why it is not testable ("" when tested)
    p_value: str
    priorities: tuple[str, ...]
    period_note: str  # the row's data period where it differs from the table's
    shares: tuple[ShareRow, ...] = ()
    commentary: str = ""


@dataclass(frozen=True)
class ReportTable:
    slug: str
    title: str
    source: str
    force: str
    baseline_label: str
    current_label: str
    columns: tuple[Column, ...]
    rows: tuple[ReportRow, ...]
    priorities: Mapping[str, str]  # code → title, in the framework's order
    notes: tuple[str, ...]  # the framework's notes, then the computation's
    significance: str = SIGNIFICANCE
    version: int | None = None
    as_at: datetime.datetime | None = None
    sections: tuple[str, ...] = field(default=())

    @property
    def commentary(self) -> tuple[tuple[str, str], ...]:
        """(measure name, comment) for each row that has one."""
        return tuple((row.measure, row.commentary) for row in self.rows if row.commentary)


# -- columns ----------------------------------------------------------------------------------


def _figure_word(kinds: set[MeasureKind]) -> tuple[str, str]:
    """How the figure and change columns are headed, by the kinds of the table's rows."""
    if kinds <= {MeasureKind.COUNT}:
        return "Number", "% change"
    if kinds <= {MeasureKind.PERCENTAGE}:
        return "%", "Difference (percentage points)"
    if kinds <= {MeasureKind.TARGET, MeasureKind.RANK}:
        return "Figure", ""
    return "Figure", "Change"


def _columns(table: Table, rows: list[MeasureRow]) -> tuple[Column, ...]:
    kinds = {row.measure.kind for row in rows}
    figure, change = _figure_word(kinds)
    counts = MeasureKind.COUNT in kinds
    columns = []
    for period in ("baseline", "current"):
        columns += [
            Column(f"force_{period}", f"{figure}: force", period),
            Column(f"group_{period}", f"{figure}: group", period),
        ]
        if counts:
            columns += [
                Column(f"force_rate_{period}", "Rate per 1,000: force", period),
                Column(f"group_rate_{period}", "Rate per 1,000: group", period),
            ]
    if counts:
        columns.append(Column("force_difference", "Difference in number: force", ""))
    if change:
        columns += [
            Column("force_change", f"{change}: force", ""),
            Column("group_change", f"{change}: group", ""),
        ]
    if counts:
        columns += [
            Column("force_rate_change", "Change in rate: force", ""),
            Column("group_rate_change", "Change in rate: group", ""),
        ]
    if MeasureKind.TARGET in kinds:
        columns.append(Column("target", "Target", ""))
    columns += _comparator_columns(rows)
    return tuple(columns)


def _comparator_columns(rows: list[MeasureRow]) -> list[Column]:
    columns = []
    for area, label in COMPARATORS.items():
        if not any(area in row.comparators for row in rows):
            continue
        key = area.replace("-", "_")
        rates = any(r.measure.kind == MeasureKind.COUNT and area in r.comparators for r in rows)
        what = "Rate per 1,000" if rates else "Figure"
        columns += [
            Column(f"{key}_baseline", f"{what}: {label}", "baseline"),
            Column(f"{key}_current", f"{what}: {label}", "current"),
            Column(f"{key}_change", f"Change: {label}", ""),
        ]
    return columns


# -- cells ------------------------------------------------------------------------------------


def _with_unit(text: str, unit: str) -> str:
    return f"{text}{unit}" if text else ""


def _difference(row: MeasureRow) -> str:
    baseline, current = row.force.baseline, row.force.current
    if baseline is None or current is None:
        return ""
    return row.value_text(current - baseline)


def _cells(row: MeasureRow) -> dict[str, str]:
    printed = row.printed() | row.printed_extra()
    kind = row.measure.kind
    cells = {key: printed[key] for key in printed}
    if kind == MeasureKind.PERCENTAGE:
        for key in ("force_baseline", "group_baseline", "force_current", "group_current"):
            cells[key] = _with_unit(printed[key], "%")
    elif kind == MeasureKind.COUNT:
        cells["force_difference"] = _difference(row)
        for key in ("force_change", "group_change"):
            cells[key] = _with_unit(printed[key], "%")
    elif kind == MeasureKind.RANK:
        of = row.measure.rank_of
        for key in ("force_baseline", "group_baseline", "force_current", "group_current"):
            cells[key] = f"{ordinal(int(printed[key]))} of {of}" if printed[key] else ""
    _comparator_cells(row, printed, cells)
    return cells


def _comparator_cells(row: MeasureRow, printed: Mapping[str, str], cells: dict[str, str]) -> None:
    for area in COMPARATORS:
        key = area.replace("-", "_")
        if row.measure.kind == MeasureKind.COUNT:
            cells[f"{key}_baseline"] = printed[f"{key}_rate_baseline"]
            cells[f"{key}_current"] = printed[f"{key}_rate_current"]
            cells[f"{key}_change"] = _with_unit(printed[f"{key}_change"], "%")
        elif row.measure.kind == MeasureKind.PERCENTAGE:
            for part in ("baseline", "current"):
                cells[f"{key}_{part}"] = _with_unit(printed[f"{key}_{part}"], "%")


def _aim(row: MeasureRow) -> str:
    if row.measure.kind == MeasureKind.RANK:
        return "Improve (1 = best)"
    if row.measure.aim is Aim.MONITOR:
        return "No aim (shown for context)"
    return row.measure.aim.value.capitalize()


def _aim_met(row: MeasureRow) -> tuple[str, str]:
    if row.aim_met is not None:
        return ("Yes" if row.aim_met else "No"), ""
    m = row.measure
    if m.aim is Aim.MONITOR:
        return "", "no aim is set for this measure"
    if m.kind == MeasureKind.RANK and row.force.current is not None:
        return "", "only one rank is published, so no improvement can be seen yet"
    return "", "the figures for both periods are not all held"


def _share_row(row: MeasureRow) -> ShareRow:
    extra = row.printed_extra()
    printed = row.printed()
    return ShareRow(
        measure_id=row.measure.id,
        name=row.measure.name,
        force_baseline=_with_unit(extra["force_share_baseline"], "%"),
        group_baseline=_with_unit(extra["group_share_baseline"], "%"),
        force_current=_with_unit(extra["force_share_current"], "%"),
        group_current=_with_unit(extra["group_share_current"], "%"),
        force_change=printed["force_change"],
        group_change=printed["group_change"],
        verdict=row.test.verdict.value,
        verdict_reason=row.test.reason,
    )


def report_row(
    row: MeasureRow, shares: tuple[MeasureRow, ...] = (), commentary: str = ""
) -> ReportRow:
    met, met_reason = _aim_met(row)
    return ReportRow(
        measure_id=row.measure.id,
        measure=row.measure.name,
        kind=row.measure.kind.value,
        section=row.measure.section,
        aim=_aim(row),
        cells=_cells(row),
        aim_met=met,
        aim_met_reason=met_reason,
        verdict=row.test.verdict.value,
        verdict_reason=row.test.reason,
        p_value=row.printed()["p_value"],
        priorities=row.measure.priorities,
        period_note=row.measure.period_note,
        shares=tuple(_share_row(share) for share in shares),
        commentary=commentary,
    )


# -- the table --------------------------------------------------------------------------------


def report_table_from(
    table: Table,
    *,
    slug: str = "",
    notes: tuple[str, ...] = (),
    comments: Mapping[str, str] | None = None,
    version: int | None = None,
    as_at: datetime.datetime | None = None,
) -> ReportTable:
    """The printable table from a computed one. Share measures are printed under the total
    they are a share of, not as rows of their own; `comments` are rendered comment texts by
    measure id."""
    framework: Framework = table.framework
    comments = comments or {}
    shares: dict[str, list[MeasureRow]] = {}
    main: list[MeasureRow] = []
    for row in table.rows:
        if row.measure.kind == MeasureKind.SHARE and row.measure.share_of:
            shares.setdefault(row.measure.share_of, []).append(row)
        else:
            main.append(row)
    rows = tuple(
        report_row(row, tuple(shares.get(row.measure.id, ())), comments.get(row.measure.id, ""))
        for row in main
    )
    return ReportTable(
        slug=slug,
        title=framework.name,
        source=framework.source,
        force=table.force,
        baseline_label=framework.baseline.label,
        current_label=framework.current.label,
        columns=_columns(table, main),
        rows=rows,
        priorities=dict(framework.priorities),
        notes=tuple(dict.fromkeys((*framework.notes, *table.notes, *notes))),
        version=version,
        as_at=as_at,
        sections=tuple(dict.fromkeys(row.section for row in rows if row.section)),
    )


def report_table(framework_slug: str) -> ReportTable:
    """The framework's table from its latest stored version and the stored data, with its
    commentary (figures filled in from the table). Raises Framework.DoesNotExist for an
    unknown slug and FrameworkVersion.DoesNotExist when it has no saved definition."""
    record = FrameworkRecord.objects.get(slug=framework_slug)
    computed = computed_table(record)
    texts = {measure_id: c.text for measure_id, c in selectors.comments(record).items()}
    rendered = commentary.rendered_comments(texts, computed.table.rows, computed.table.framework)
    return report_table_from(
        computed.table,
        slug=framework_slug,
        notes=computed.notes,
        comments=rendered,
        version=computed.version.number,
        as_at=computed.as_at,
    )


def verdict_counts(table: ReportTable) -> dict[str, int]:
    """How many rows have each verdict: for a summary line above the table."""
    counts: dict[str, int] = {v.value: 0 for v in Verdict}
    for row in table.rows:
        counts[row.verdict] += 1
    return {verdict: n for verdict, n in counts.items() if n}


__all__ = [
    "SIGNIFICANCE",
    "Column",
    "ReportRow",
    "ReportTable",
    "ShareRow",
    "report_row",
    "report_table",
    "report_table_from",
    "verdict_counts",
]
