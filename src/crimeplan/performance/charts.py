"""Charts as accessible SVG: Vega-Altair specs rendered server-side by vl-convert, stored under
the hash of their data so that each is rendered once when its data changes."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import altair as alt
from django.utils.translation import gettext, gettext_noop

from crimeplan.core.charts import MONTHS_SCALE, month_axis, render_svg

from .constants import PointType
from .models import Chart
from .spc import SpcResult

POINT_COLOURS = {
    PointType.IMPROVEMENT.value: "#1d70b8",  # GOV.UK blue, as Making Data Count uses blue
    PointType.CONCERN.value: "#f47738",  # orange
    PointType.NEUTRAL.value: "#4c2c92",  # purple
    PointType.COMMON_CAUSE.value: "#505a5f",  # grey
}
# The point types as the chart's legend names them (marked here to be said in Welsh).
POINT_WORDS = (
    gettext_noop("improvement"),
    gettext_noop("concern"),
    gettext_noop("neutral"),
    gettext_noop("common_cause"),
)
# The chart's own words (axes and legend), marked to be said in Welsh.
CHART_WORDS = (gettext_noop("Month"), gettext_noop("Count"), gettext_noop("Variation"))
POINT_SHAPES = {
    PointType.IMPROVEMENT.value: "triangle-up",
    PointType.CONCERN.value: "triangle-down",
    PointType.NEUTRAL.value: "diamond",
    PointType.COMMON_CAUSE.value: "circle",
}


@dataclass(frozen=True)
class RenderedChart:
    svg: str
    key: str


def _render(spec: dict[str, Any], title: str, description: str) -> RenderedChart:
    payload = json.dumps({"spec": spec, "title": title, "desc": description}, sort_keys=True)
    key = hashlib.sha256(payload.encode()).hexdigest()
    stored = Chart.objects.filter(key=key).values_list("svg", flat=True).first()
    if stored is not None:
        return RenderedChart(stored, key)
    svg = render_svg(spec, title=title, description=description, ident=f"chart-{key[:10]}")
    Chart.objects.get_or_create(key=key, defaults={"svg": svg})
    return RenderedChart(svg, key)


def xmr_chart(
    result: SpcResult,
    *,
    title: str,
    description: str,
    annotations: list[tuple[str, str]] | None = None,
    translated: bool = False,
) -> RenderedChart:
    """The XmR chart: values, mean and process limits per segment, points by their type, and
    annotated months as labelled rules. `translated`: its words (axes, legend, months) in the
    active language, for a copy of a report in Welsh; otherwise in English."""
    say = gettext if translated else str
    types = {t: say(t) for t in POINT_COLOURS}
    rows = [
        {
            "month": f"{p.month:%Y-%m}",
            "value": float(p.value),
            "mean": float(p.mean),
            "lower": float(p.lower_limit),
            "upper": float(p.upper_limit),
            "segment": p.segment,
            "type": types[p.point_type.value],
        }
        for p in result.points
    ]
    data = alt.Data(values=rows)
    x = alt.X(
        "month:T", title=say("Month"), scale=MONTHS_SCALE, axis=month_axis(len(rows), translated)
    )
    base = alt.Chart(data).encode(x=x)
    line = base.mark_line(color="#505a5f").encode(y=alt.Y("value:Q", title=say("Count")))
    limits = [
        base.mark_line(strokeDash=dash, color=colour).encode(y=f"{field}:Q", detail="segment:N")
        for field, dash, colour in (
            ("mean", [1, 0], "#0b0c0c"),
            ("lower", [6, 4], "#505a5f"),
            ("upper", [6, 4], "#505a5f"),
        )
    ]
    points = base.mark_point(filled=True, size=60).encode(
        y="value:Q",
        color=alt.Color(
            "type:N",
            scale=alt.Scale(
                domain=[types[t] for t in POINT_COLOURS], range=list(POINT_COLOURS.values())
            ),
            title=say("Variation"),
        ),
        shape=alt.Shape(
            "type:N",
            scale=alt.Scale(
                domain=[types[t] for t in POINT_SHAPES], range=list(POINT_SHAPES.values())
            ),
            title=say("Variation"),
        ),
    )
    layers: list[Any] = [line, *limits, points]
    if annotations:
        notes = alt.Data(values=[{"month": m, "text": t} for m, t in annotations])
        marks = alt.Chart(notes).encode(x=alt.X("month:T", scale=MONTHS_SCALE))
        layers += [
            marks.mark_rule(color="#d4351c", strokeDash=[2, 2]),
            marks.mark_text(align="left", dx=3, dy=-90, color="#d4351c").encode(text="text:N"),
        ]
    chart = alt.layer(*layers).properties(width=640, height=260)
    return _render(chart.to_dict(), title, description)


def bar_chart(
    rows: list[dict[str, Any]], *, category: str, value: str, title: str, description: str
) -> RenderedChart:
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1d70b8")
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title="Rate per 1,000"),
        )
        .properties(width=560, height=max(60, 24 * len(rows)))
    )
    return _render(chart.to_dict(), title, description)
