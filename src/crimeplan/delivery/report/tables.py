"""The performance tables the report prints: the frameworks the plan names (through
performance's contracts), else the latest printed table loaded; and their figures by
placeholder name, for prose bound to the tables."""

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext

from crimeplan.performance import contracts as performance
from crimeplan.performance.contracts import ReportTable

from .. import figures
from ..models import Plan

logger = logging.getLogger("crimeplan.delivery.report")


def latest_snapshot() -> performance.PrintedTable | None:
    """The latest table loaded with `delivery load-snapshot` (a printed table, as published),
    used when the plan names no performance framework."""
    return performance.latest_printed_table()


def snapshot_table(snapshot: performance.PrintedTable) -> ReportTable:
    """A printed table loaded with `delivery load-snapshot`, in the shape of the framework
    tables: its figures exactly as published, with no test of chance (none was published)."""
    return performance.printed_report_table(snapshot)


def plan_tables(
    plan: Plan,
    problems: list[str] | None = None,
    *,
    welsh: bool = False,
    say: Callable[[str, str], str] | None = None,
) -> list[ReportTable]:
    """The performance tables the plan's report prints, in its order: the frameworks the
    plan names, else the latest printed table loaded for the report. The Welsh copy's
    (`welsh`) are worded in Welsh; `say` gives the Welsh of the framework's English that its
    file has none for."""
    tables = []
    for slug in plan.report_frameworks:
        try:
            if welsh:
                tables.append(performance.report_table(slug, welsh=True, say=_table_say(say, slug)))
            else:
                tables.append(performance.report_table(slug))
        except performance.FrameworkNotFound:
            if problems is not None:
                problems.append(
                    f"The plan names a performance framework {slug!r} that does not exist."
                )
        except Exception as error:  # a framework without a saved version, or its data
            logger.warning("Performance table %s could not be computed: %s", slug, error)
            if problems is not None:
                problems.append(f"The performance table {slug!r} could not be made: {error}")
    if not tables and not plan.report_frameworks:
        snapshot = latest_snapshot()
        if snapshot is not None:
            printed = snapshot_table(snapshot)
            tables.append(said_table(printed, _table_say(say, "printed")) if welsh else printed)
    return tables


def said_table(table: ReportTable, say: Callable[[str, str], str]) -> ReportTable:
    """A printed table (loaded as published, in English) for the Welsh copy: its figures as
    they are, its words said through `say` (the translation memory), yes and no in Welsh."""

    def said(text: str, where: str) -> str:
        return say(text, where) if text else text

    def aim_met(text: str) -> str:
        return {"Yes": gettext("Yes"), "No": gettext("No")}.get(text) or said(text, "aim met")

    rows = tuple(
        dataclasses.replace(
            row,
            measure=said(row.measure, f"the measure {row.measure_id}"),
            aim=said(row.aim, f"the measure {row.measure_id}: its aim"),
            aim_met=aim_met(row.aim_met),
            aim_met_reason=said(row.aim_met_reason, f"the measure {row.measure_id}: aim met"),
            verdict_reason=said(row.verdict_reason, "why a change is not tested"),
            period_note=said(row.period_note, f"the measure {row.measure_id}: its data period"),
            commentary=said(row.commentary, f"the comment on the measure {row.measure_id}"),
            shares=tuple(
                dataclasses.replace(share, name=said(share.name, f"the share {share.measure_id}"))
                for share in row.shares
            ),
        )
        for row in table.rows
    )
    return dataclasses.replace(
        table,
        title=said(table.title, "the table's title"),
        source=said(table.source, "the table's source"),
        baseline_label=said(table.baseline_label, "the baseline period"),
        current_label=said(table.current_label, "the current period"),
        columns=tuple(
            dataclasses.replace(column, heading=said(column.heading, "a column's heading"))
            for column in table.columns
        ),
        rows=rows,
        notes=tuple(said(note, f"the table's note {n}") for n, note in enumerate(table.notes, 1)),
        significance=said(table.significance, "reading the test of chance"),
    )


def _figure_lookup(tables: Sequence[ReportTable]) -> figures.Lookup:
    """A measure's printed figures by placeholder name, for prose bound to the tables."""
    by_key: dict[tuple[str, str], Mapping[str, str]] = {}
    for table in tables:
        for row in table.rows:
            values = {key: text for key, text in row.cells.items() if text}
            verdict = gettext(row.verdict)  # in the report's language
            values |= {"measure": row.measure, "aim_met": row.aim_met, "verdict": verdict}
            values |= {"baseline_label": table.baseline_label, "current_label": table.current_label}
            by_key[(table.slug, row.measure_id)] = values
            by_key.setdefault(("", row.measure_id), values)

    def lookup(framework: str, measure: str) -> Mapping[str, str] | None:
        return by_key.get((framework, measure))

    return lookup


def _table_say(say: Callable[[str, str], str] | None, slug: str) -> Callable[[str, str], str]:
    """`say`, with where a piece is named by its table."""

    def said(text: str, where: str) -> str:
        return say(text, f"The table {slug!r}: {where}") if say is not None else text

    return said
