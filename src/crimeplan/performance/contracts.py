"""What other apps read of performance, as types: the published reports' tables (versioned),
the tables a plan update prints, printed tables loaded as published (read from their CSV by
`read_printed_table_file`, kept by `services.printed_table_load`), and the long-run chart.

A published report's table is stored as the JSON document written when it was published
(`outputs.to_json` with each measure's comment and chart). Other apps never read that document
as a dictionary: `published_table` reads it into a `PublishedTable`, checking its schema
version, so a change to the document's layout is a new schema version that this module learns
to read, never a silent `KeyError` or empty verdict elsewhere. Documents published before the
version was written are version 1.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .longrun import LongRunChart, longrun_chart
from .models import Framework, PrintedTable, Snapshot
from .printed import PrintedTableFileError, read_printed_table, read_printed_table_file
from .selectors import snapshot_list
from .tables import Column, ReportRow, ReportTable, ShareRow, report_table

__all__ = [
    "SCHEMA_VERSION",
    "Column",
    "FrameworkNotFound",
    "LongRunChart",
    "PrintedTable",
    "PrintedTableFileError",
    "PublishedRow",
    "PublishedTable",
    "ReportRow",
    "ReportTable",
    "ShareRow",
    "UnknownSchemaVersion",
    "latest_printed_table",
    "latest_published_tables",
    "longrun_chart",
    "printed_report_table",
    "published_table",
    "read_document",
    "read_printed_table",
    "read_printed_table_file",
    "report_table",
]

# The layout of a published report's document this version of crimeplan writes, and those it
# reads.
SCHEMA_VERSION = 1
READABLE_SCHEMA_VERSIONS = frozenset({1})

# report_table(slug) raises this for a slug no framework has.
FrameworkNotFound = Framework.DoesNotExist


class UnknownSchemaVersion(ValueError):
    """A published document whose layout this version of crimeplan does not know."""

    def __init__(self, *, where: str, version: object) -> None:
        readable = ", ".join(str(v) for v in sorted(READABLE_SCHEMA_VERSIONS))
        super().__init__(
            f"{where}: schema version {version!r} is not one this version of crimeplan reads "
            f"({readable}); upgrade crimeplan to read it"
        )
        self.version = version


# -- published reports --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRow:
    measure_id: str
    name: str
    aim: str  # the aim as the document gives it ("reduce", "increase", ...; "" if not held)
    aim_met: bool | None  # None: the aim is not assessed (no figure, or a monitor measure)
    verdict: str  # the test of chance, as printed ("" where not held)
    priorities: tuple[str, ...]


@dataclass(frozen=True)
class PublishedTable:
    schema_version: int
    framework: str  # the framework's slug
    number: int  # the report's number within its framework
    title: str
    published_at: datetime.datetime | None
    baseline_period: str  # the periods' labels ("2019", "12 months to September 2023")
    period: str  # the current period's label
    rows: tuple[PublishedRow, ...]

    def row(self, measure_id: str) -> PublishedRow | None:
        return next((r for r in self.rows if r.measure_id == measure_id), None)


_AIM_MET = {"yes": True, "no": False}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _period_label(periods: object, name: str) -> str:
    if not isinstance(periods, Mapping):
        return ""
    period = periods.get(name)
    return _text(period.get("label")) if isinstance(period, Mapping) else ""


def _row(raw: Mapping[str, Any]) -> PublishedRow:
    measure_id = _text(raw.get("id"))
    priorities = raw.get("priorities", "")
    return PublishedRow(
        measure_id=measure_id,
        name=_text(raw.get("measure")) or measure_id,
        aim=_text(raw.get("aim")),
        aim_met=_AIM_MET.get(_text(raw.get("aim_met"))),
        verdict=_text(raw.get("verdict")),
        priorities=tuple(priorities.split()) if isinstance(priorities, str) else (),
    )


def read_document(
    document: object,
    *,
    framework: str,
    number: int,
    title: str = "",
    published_at: datetime.datetime | None = None,
) -> PublishedTable:
    """A published report's document as a `PublishedTable`; UnknownSchemaVersion if its
    schema version is not one this module reads (or the document is not one at all)."""
    where = f"published report {number} of {framework}"
    if not isinstance(document, Mapping):
        raise UnknownSchemaVersion(where=where, version=None)
    version = document.get("schema_version", 1)
    if isinstance(version, bool) or version not in READABLE_SCHEMA_VERSIONS:
        raise UnknownSchemaVersion(where=where, version=version)
    measures = document.get("measures", [])
    rows = tuple(
        _row(raw)
        for raw in (measures if isinstance(measures, list) else [])
        if isinstance(raw, Mapping) and _text(raw.get("id"))
    )
    periods = document.get("periods", {})
    return PublishedTable(
        schema_version=version,
        framework=framework,
        number=number,
        title=title,
        published_at=published_at,
        baseline_period=_period_label(periods, "baseline"),
        period=_period_label(periods, "current"),
        rows=rows,
    )


def published_table(snapshot: Snapshot) -> PublishedTable:
    return read_document(
        snapshot.document,
        framework=snapshot.framework.slug,
        number=snapshot.number,
        title=snapshot.title,
        published_at=snapshot.published_at,
    )


def latest_published_tables(limit: int) -> list[PublishedTable]:
    """The `limit` latest published reports' tables, newest first."""
    return [published_table(s) for s in snapshot_list().order_by("-published_at")[:limit]]


# -- printed tables loaded as published ---------------------------------------------------------


def latest_printed_table() -> PrintedTable | None:
    """The latest table loaded with `delivery load-snapshot` (a printed table, as published)."""
    return PrintedTable.objects.order_by("-created_at", "-pk").first()


PRINTED_COLUMNS = (
    Column("force_baseline", "Number: force", "baseline"),
    Column("group_baseline", "Number: group", "baseline"),
    Column("force_rate_baseline", "Rate per 1,000: force", "baseline"),
    Column("group_rate_baseline", "Rate per 1,000: group", "baseline"),
    Column("force_current", "Number: force", "current"),
    Column("group_current", "Number: group", "current"),
    Column("force_rate_current", "Rate per 1,000: force", "current"),
    Column("group_rate_current", "Rate per 1,000: group", "current"),
    Column("force_change", "% change: force", ""),
    Column("group_change", "% change: group", ""),
)


def printed_report_table(printed: PrintedTable) -> ReportTable:
    """A printed table loaded as published, in the shape of the framework tables: its figures
    exactly as published, with no test of chance (none was published)."""
    rows = tuple(
        ReportRow(
            measure_id=f"row-{number}",
            measure=str(row["measure"]),
            kind="count",
            section="",
            aim=str(row["aim"]),
            cells={
                "force_baseline": row["force_count_baseline"],
                "group_baseline": row["msg_count_baseline"],
                "force_rate_baseline": row["force_rate_baseline"],
                "group_rate_baseline": row["msg_rate_baseline"],
                "force_current": row["force_count_current"],
                "group_current": row["msg_count_current"],
                "force_rate_current": row["force_rate_current"],
                "group_rate_current": row["msg_rate_current"],
                "force_change": f"{row['force_pct_change']}%",
                "group_change": f"{row['msg_pct_change']}%",
            },
            aim_met=str(row["aim_achieved"]),
            aim_met_reason="",
            verdict="not testable",
            verdict_reason="a printed table loaded as published carries no test of the change",
            p_value="",
            priorities=tuple(row["priorities"]),
            period_note="",
        )
        for number, row in enumerate(printed.rows, start=1)
    )
    return ReportTable(
        slug=f"snapshot-{printed.pk or 0}",
        title=printed.title,
        source=printed.source,
        force="",
        baseline_label=printed.baseline_label,
        current_label=printed.current_label,
        columns=PRINTED_COLUMNS,
        rows=rows,
        priorities={},
        notes=(),
    )
