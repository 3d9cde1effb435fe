"""Survey charts, drawn once when the estimates change (Vega-Altair rendered to SVG by
vl-convert, no JavaScript in the browser), each with a summary in words for the page."""

from typing import Any

import altair as alt

from crimeplan.core.charts import render_svg

from .models import SurveyChart, SurveyEstimate, SurveyQuestion


def _label(estimate: SurveyEstimate) -> str:
    return estimate.district.name if estimate.district else "County (all districts)"


def chart_svg(*, key: str, title: str, description: str, rows: list[dict[str, Any]]) -> str:
    """Points with 95% interval bars, one row per area; accessible SVG."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("area:N", sort=None, title=None),
    )
    bars = base.mark_rule(strokeWidth=2, color="#505a5f").encode(
        x=alt.X("lower:Q", title="Per cent (with 95% interval)", scale=alt.Scale(domain=[0, 100])),
        x2="upper:Q",
    )
    points = base.mark_point(filled=True, size=80, color="#1d70b8").encode(x="percent:Q")
    chart = (bars + points).properties(width=420, height=max(60, 28 * len(rows)))
    return render_svg(chart.to_dict(), title=title, description=description, ident=key)


def _summary(question: SurveyQuestion, shown: list[SurveyEstimate]) -> str:
    parts = [
        f"{_label(e)}: {e.percent:.1f}% (95% interval {e.lower:.1f}% to {e.upper:.1f}%)"
        for e in shown
        if e.percent is not None and e.lower is not None and e.upper is not None
    ]
    held_back = [_label(e) for e in shown if e.percent is None]
    text = f"{question.positive_label} ({question.code}). " + "; ".join(parts) + "."
    if held_back:
        text += f" Not shown (too few respondents): {', '.join(held_back)}."
    return text


def charts_rebuild(*, question: SurveyQuestion) -> int:
    """One chart for the county (every district) and one per district against the county."""
    all_estimates = list(question.estimates.select_related("district").order_by("district__name"))
    county = [e for e in all_estimates if e.district is None]
    districts = [e for e in all_estimates if e.district is not None]
    question.charts.all().delete()
    groups = [(None, districts + county)] + [(e.district, [e, *county]) for e in districts]
    made = []
    for district, shown in groups:
        rows = [
            {"area": _label(e), "percent": e.percent, "lower": e.lower, "upper": e.upper}
            for e in shown
            if e.percent is not None
        ]
        summary = _summary(question, shown)
        title = f"{question.positive_label}, {question.survey.year}"
        made.append(
            SurveyChart(
                question=question,
                district=district,
                svg=chart_svg(
                    key=f"chart-{question.pk}-{district.code if district else 'county'}",
                    title=title,
                    description=summary,
                    rows=rows,
                ),
                summary=summary,
            )
        )
    SurveyChart.objects.bulk_create(made)
    return len(made)
