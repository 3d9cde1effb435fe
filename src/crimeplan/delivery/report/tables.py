"""The performance tables the report prints: the frameworks the plan names (through
performance's contracts), else the latest printed table loaded; and their figures by
placeholder name, for prose bound to the tables."""

import logging
from collections.abc import Callable, Mapping, Sequence

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
            tables.append(snapshot_table(snapshot))
    return tables


def _figure_lookup(tables: Sequence[ReportTable]) -> figures.Lookup:
    """A measure's printed figures by placeholder name, for prose bound to the tables."""
    by_key: dict[tuple[str, str], Mapping[str, str]] = {}
    for table in tables:
        for row in table.rows:
            values = {key: text for key, text in row.cells.items() if text}
            values |= {"measure": row.measure, "aim_met": row.aim_met, "verdict": row.verdict}
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
