"""The long-run series for a force, its Most Similar Group, its region and England and Wales,
from the figures crimeplan holds: the chart, the plain-English summary and the data table a
report shows."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import altair as alt

from crimeplan.geography.models import ComparisonGroup, Force, ForcePopulation

from ..charts import _render
from ..models import AsbAreaKind, AsbYearFigure
from .reading import ENGLAND_AND_WALES, FORCE_REGION, RATE_PLACES, REGIONS


@dataclass(frozen=True)
class Series:
    """One area's line: its rate per 1,000 by year ending March, and where each came from."""

    kind: str
    label: str
    rates: dict[int, Decimal]
    incidents: dict[int, int] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class LongRunChart:
    svg: str
    summary: str
    columns: list[str]
    rows: list[list[str]]
    source: str


KIND_STYLES = {  # colour, dash, point shape: told apart without colour too
    AsbAreaKind.FORCE.value: ("#1d70b8", [1, 0], "circle"),
    AsbAreaKind.MSG.value: ("#f47738", [8, 4], "square"),
    AsbAreaKind.REGION.value: ("#00703c", [2, 3], "triangle-up"),
    AsbAreaKind.ENGLAND_AND_WALES.value: ("#0b0c0c", [12, 3, 2, 3], "diamond"),
}


def _series_of(kind: str, label: str, figures: Iterable[AsbYearFigure]) -> Series:
    figures = list(figures)
    return Series(
        kind=kind,
        label=label,
        rates={
            f.year_ending_march: f.rate_per_1000 for f in figures if f.rate_per_1000 is not None
        },
        incidents={f.year_ending_march: f.incidents for f in figures if f.incidents is not None},
        sources=tuple(sorted({f.source for f in figures})),
    )


def _group_from_members(force: Force) -> Series | None:
    """The group's rate from its members' incidents and populations, for the years every
    member has both; None when the force has no group or no such year."""
    group = ComparisonGroup.objects.filter(force=force).prefetch_related("members").first()
    members = [m.police_uk_id for m in group.members.all()] if group else []
    if not group or not members:
        return None
    incidents: dict[int, dict[str, int]] = {}
    for figure in AsbYearFigure.objects.filter(
        area_kind=AsbAreaKind.FORCE, area_code__in=members, incidents__isnull=False
    ):
        if figure.incidents is not None:
            by_member = incidents.setdefault(figure.year_ending_march, {})
            by_member[figure.area_code] = figure.incidents
    populations = {
        (p.force.police_uk_id, p.year): p.population
        for p in ForcePopulation.objects.select_related("force").filter(
            force__police_uk_id__in=members
        )
    }
    rates, totals = {}, {}
    for year, by_member in incidents.items():
        pops = [populations.get((m, year - 1)) for m in members]
        if len(by_member) == len(members) and all(pops):
            total = sum(by_member.values())
            rates[year] = (Decimal(total) * 1000 / sum(p for p in pops if p)).quantize(
                RATE_PLACES, rounding=ROUND_HALF_UP
            )
            totals[year] = total
    if not rates:
        return None
    label = "Comparison group (illustrative)" if group.illustrative else "Most Similar Group"
    source = (
        f"Sum of the incidents of the group's {len(members)} member forces per 1,000 of their "
        f"ONS mid-year populations; group: {group.source.strip()}"
    )
    return Series(AsbAreaKind.MSG.value, label, rates, totals, (source,))


def longrun_series(force: Force) -> list[Series]:
    """The force's line and each comparator's that crimeplan holds figures for."""
    held = AsbYearFigure.objects.all()
    region = FORCE_REGION.get(force.police_uk_id)
    series = [
        _series_of(
            AsbAreaKind.FORCE.value,
            force.short_name,
            held.filter(area_kind=AsbAreaKind.FORCE, area_code=force.police_uk_id),
        ),
        _group_from_members(force)
        or _series_of(
            AsbAreaKind.MSG.value,
            "Most Similar Group",
            held.filter(area_kind=AsbAreaKind.MSG, area_code=force.police_uk_id),
        ),
    ]
    if region:
        series.append(
            _series_of(
                AsbAreaKind.REGION.value,
                f"{REGIONS[region]} region" if region != "W92000004" else "Wales",
                held.filter(area_kind=AsbAreaKind.REGION, area_code=region),
            )
        )
    series.append(
        _series_of(
            AsbAreaKind.ENGLAND_AND_WALES.value,
            ENGLAND_AND_WALES[1],
            held.filter(area_kind=AsbAreaKind.ENGLAND_AND_WALES),
        )
    )
    return series


def _listed(items: Sequence[object]) -> str:
    words = [str(item) for item in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _rate(value: Decimal) -> str:
    return f"{value:,.2f}"


def _change(first: Decimal, last: Decimal) -> str:
    difference = last - first
    if difference == 0:
        return "no change"
    direction = "a fall" if difference < 0 else "a rise"
    text = f"{direction} of {_rate(abs(difference))} per 1,000"
    if first:
        text += f" ({abs(difference) / first * 100:.1f}%)"
    return text


def _line_text(series: Series) -> str:
    years = sorted(series.rates)
    first, last = years[0], years[-1]
    if first == last:
        return f"{series.label}: {_rate(series.rates[first])} in the year ending March {first}."
    text = (
        f"{series.label}: {_rate(series.rates[first])} in the year ending March {first} and "
        f"{_rate(series.rates[last])} in the year ending March {last}, "
        f"{_change(series.rates[first], series.rates[last])}."
    )
    if first in series.incidents and last in series.incidents:
        before, after = series.incidents[first], series.incidents[last]
        if before:
            fewer = "fewer" if after < before else "more"
            text += (
                f" {series.label}'s recorded incidents went from {before:,} to {after:,} "
                f"({abs(after - before) / before * 100:.1f}% {fewer})."
            )
    return text


def _named(series: Series) -> str:
    """The series' name inside a sentence: "the Most Similar Group", "England and Wales"."""
    if series.kind in {AsbAreaKind.MSG.value, AsbAreaKind.REGION.value}:
        label = series.label
        return "the " + (label[0].lower() + label[1:] if label.startswith("Comparison") else label)
    return series.label


def _comparison_text(force: Series, other: Series) -> str:
    shared = sorted(set(force.rates) & set(other.rates))
    if not shared:
        return f"{force.label} and {_named(other)} have no year with figures for both."
    parts = []
    for year in [shared[-1], shared[0]] if len(shared) > 1 else shared:
        gap = force.rates[year] - other.rates[year]
        relation = "higher" if gap > 0 else "lower" if gap < 0 else "the same"
        amount = f"{_rate(abs(gap))} per 1,000 " if gap else ""
        parts.append(f"{amount}{relation} in the year ending March {year}")
    return f"Compared with {_named(other)}, {force.label}'s rate was " + " and ".join(parts) + "."


def summary_text(series: Sequence[Series], years: Sequence[int]) -> str:
    """Plain English: each line's first and last year and change, how the force compares with
    each comparator held, and the gaps."""
    force, comparators = series[0], series[1:]
    held = [s for s in series if s.rates]
    sentences = [
        "Anti-social behaviour incidents recorded by the police per 1,000 people, years "
        f"ending March {years[0]} to {years[-1]}."
    ]
    sentences += [_line_text(s) for s in held]
    if force.rates:
        sentences += [_comparison_text(force, other) for other in comparators if other.rates]
    gaps: dict[tuple[int, ...], list[str]] = {}
    for line in held:
        missing = tuple(y for y in years if y not in line.rates)
        if missing:
            gaps.setdefault(missing, []).append(_named(line))
    for missing, names in gaps.items():
        plural = "years" if len(missing) > 1 else "year"
        sentences.append(
            f"No figure is held for {' or '.join(names)} for the {plural} ending March "
            f"{_listed(missing)}."
        )
    for line in series:
        unrated = sorted(set(line.incidents) - set(line.rates))
        if unrated:
            counts = _listed(
                [f"{line.incidents[y]:,} in the year ending March {y}" for y in unrated]
            )
            sentences.append(
                f"{line.label} also has recorded incidents with no population held to make a "
                f"rate per 1,000, so they are not charted: {counts}."
            )
    absent = [_named(s) for s in series if not s.rates]
    if absent:
        sentences.append(
            "No figures are held for "
            + _listed(absent)
            + ", so the chart has no line for "
            + ("it." if len(absent) == 1 else "them.")
        )
    return " ".join(sentences)


def table_rows(series: Sequence[Series], years: Sequence[int]) -> tuple[list[str], list[list[str]]]:
    held = [s for s in series if s.rates]
    columns = ["Year ending March", *(f"{s.label} (per 1,000)" for s in held)]
    rows = [
        [str(year), *(_rate(s.rates[year]) if year in s.rates else "not held" for s in held)]
        for year in years
    ]
    return columns, rows


def chart_spec(series: Sequence[Series], years: Sequence[int]) -> dict[str, Any]:
    """Lines per area (broken where a year is missing), points, years ending March on x."""
    held = [s for s in series if s.rates]
    values = [
        {
            "year": str(year),
            "area": s.label,
            "rate": float(s.rates[year]) if year in s.rates else None,
        }
        for s in held
        for year in years
    ]
    labels = [s.label for s in held]
    styles = [KIND_STYLES[s.kind] for s in held]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X(
            "year:O",
            title="Year ending March",
            sort=[str(y) for y in years],
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("rate:Q", title="ASB incidents per 1,000 people", scale=alt.Scale(zero=True)),
        color=alt.Color(
            "area:N",
            scale=alt.Scale(domain=labels, range=[s[0] for s in styles]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
    )
    lines = base.mark_line(invalid="break-paths-show-domains", strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash(
            "area:N", scale=alt.Scale(domain=labels, range=[s[1] for s in styles]), legend=None
        )
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        shape=alt.Shape(
            "area:N", scale=alt.Scale(domain=labels, range=[s[2] for s in styles]), legend=None
        ),
        tooltip=["area:N", "year:O", alt.Tooltip("rate:Q", format=".2f")],
    )
    return alt.layer(lines, points).properties(width=560, height=280).to_dict()


def longrun_chart(force_id: str) -> LongRunChart | None:
    """The long-run chart, its summary and its data table for a force; None when crimeplan
    holds no figure for the force or any comparator. The SVG is rendered once per data."""
    force = Force.objects.filter(police_uk_id=force_id).first()
    if force is None:
        return None
    series = longrun_series(force)
    held_years = sorted({y for s in series for y in s.rates})
    if not held_years:
        return None
    years = list(range(held_years[0], held_years[-1] + 1))
    summary = summary_text(series, years)
    columns, rows = table_rows(series, years)
    title = f"ASB incidents per 1,000 people by year ending March: {force.short_name}"
    rendered = _render(chart_spec(series, years), title, summary)
    sources = sorted({source for s in series if s.rates for source in s.sources})
    return LongRunChart(rendered.svg, summary, columns, rows, "; ".join(sources))
