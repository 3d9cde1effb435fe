"""The crime-data page's chart: crimes and anti-social behaviour incidents by month, drawn as
accessible SVG once for each state of the data (kept in a memo shared through the cache, so a
page view reads it rather than rendering it), with its summary in words and its data table."""

import datetime
from dataclasses import dataclass
from typing import Any

import altair as alt

from crimeplan.core.charts import MONTHS_SCALE, month_axis, render_svg
from crimeplan.core.figures import grouped
from crimeplan.core.memo import Memo
from crimeplan.geography.models import Force

from . import selectors
from .fetch import months_between

# police.uk files anti-social behaviour incidents as a crime type of their own.
ASB_TYPE = "Anti-social behaviour"
# Each series told apart by colour, point shape and dash, never by colour alone.
SERIES = (
    ("Crimes", "#1d70b8", "circle", [1, 0]),
    ("Anti-social behaviour", "#4c2c92", "square", [6, 3]),
)


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    crimes: int
    asb: int

    @property
    def label(self) -> str:
        return _month_name(self.month)

    @property
    def total(self) -> int:
        return self.crimes + self.asb


@dataclass(frozen=True)
class MonthlyChart:
    svg: str
    summary: str
    rows: tuple[MonthRow, ...]


def month_rows(counts: list[dict[str, Any]]) -> tuple[MonthRow, ...]:
    """Counts by month and crime type (`selectors.crime_summary`) as one row per month, in
    month order: anti-social behaviour apart from every other type."""
    crimes: dict[str, int] = {}
    asb: dict[str, int] = {}
    for row in counts:
        into = asb if row["crime_type"] == ASB_TYPE else crimes
        into[row["month"]] = into.get(row["month"], 0) + row["count"]
    months = sorted(crimes.keys() | asb.keys())
    return tuple(MonthRow(m, crimes.get(m, 0), asb.get(m, 0)) for m in months)


def _month_name(month: str) -> str:
    return datetime.date.fromisoformat(f"{month}-01").strftime("%B %Y")


def months_spanned(rows: tuple[MonthRow, ...]) -> list[str]:
    """Every month (YYYY-MM) from the first row's to the last's, held or not."""
    return months_between(rows[0].month, rows[-1].month) if rows else []


def summary(rows: tuple[MonthRow, ...]) -> str:
    """The chart in words: the latest month's figures, the range of each series, and any
    month within the span for which nothing is held."""
    if not rows:
        return "No crimes or anti-social behaviour incidents are held for these months."
    latest = rows[-1]
    incidents = _counted(
        latest.asb, "anti-social behaviour incident", "anti-social behaviour incidents"
    )
    text = (
        f"In {latest.label}, {_counted(latest.crimes, 'crime', 'crimes')} and {incidents} "
        "were recorded."
    )
    if len(rows) == 1:
        return text
    parts = []
    for name, value in (("crimes", lambda r: r.crimes), ("incidents", lambda r: r.asb)):
        low = min(rows, key=value)
        high = max(rows, key=value)
        parts.append(
            f"{name} ranged from {grouped(value(low))} ({low.label}) to {grouped(value(high))} "
            f"({high.label})"
        )
    spanned = months_spanned(rows)
    text = (
        f"{text} Over the {len(spanned)} months from {rows[0].label} to {latest.label}: "
        f"{'; '.join(parts)}."
    )
    held = {r.month for r in rows}
    missing = [_month_name(m) for m in spanned if m not in held]
    if missing:
        text += f" No figures are held for {', '.join(missing)}: the chart leaves a gap."
    return text


def _counted(n: int, one: str, many: str) -> str:
    return f"{grouped(n)} {one if n == 1 else many}"


def chart_spec(rows: tuple[MonthRow, ...]) -> dict[str, Any]:
    by_month = {r.month: r for r in rows}
    spanned = months_spanned(rows)
    # A month not held is drawn as a gap (a null count breaks the line), never bridged.
    values = [
        {"month": month, "series": name, "count": count}
        for month in spanned
        for name, count in (
            (SERIES[0][0], by_month[month].crimes if month in by_month else None),
            (SERIES[1][0], by_month[month].asb if month in by_month else None),
        )
    ]
    names = [s[0] for s in SERIES]
    legend = alt.Legend(title=None, orient="bottom")
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:T", title="Month", scale=MONTHS_SCALE, axis=month_axis(len(spanned), False)
            ),
            y=alt.Y("count:Q", title="Count"),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=names, range=[s[1] for s in SERIES]),
                legend=legend,
            ),
            shape=alt.Shape(
                "series:N",
                scale=alt.Scale(domain=names, range=[s[2] for s in SERIES]),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=names, range=[s[3] for s in SERIES]),
                legend=legend,
            ),
        )
        .properties(width=560, height=240)
    )
    return chart.to_dict()


CHARTS: Memo[MonthlyChart] = Memo(size=64, shared="crime-data-chart", version=2)


def monthly_chart(
    *, force: Force, start: datetime.date | None = None, end: datetime.date | None = None
) -> MonthlyChart | None:
    """The force's monthly chart over the months asked for; None when none are held."""
    rows = month_rows(
        selectors.crime_summary(force=force, by=["month", "crime_type"], start=start, end=end)
    )
    if not rows:
        return None
    title = f"{force.name}: crimes and anti-social behaviour incidents by month"

    def make() -> MonthlyChart:
        said = summary(rows)
        svg = render_svg(chart_spec(rows), title=title, description=said, ident="crime-chart")
        return MonthlyChart(svg=svg, summary=said, rows=rows)

    return CHARTS.get_or_make((title, rows), make)
