"""The long-run series for a force, its Most Similar Group, its region and England and Wales,
from the figures crimeplan holds: the chart, the plain-English summary and the data table a
report shows; in Welsh too, for the plan update's Welsh copy (`longrun_chart(welsh=True)`):
every word goes through `gettext`, in English unless a Welsh chart is asked for."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import altair as alt
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext

from crimeplan.core.languages import ENGLISH, WELSH
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


# The regions' names (reading.REGIONS), marked to be said in Welsh.
REGION_WORDS = (
    gettext_noop("North East"),
    gettext_noop("North West"),
    gettext_noop("Yorkshire and The Humber"),
    gettext_noop("East Midlands"),
    gettext_noop("West Midlands"),
    gettext_noop("East of England"),
    gettext_noop("London"),
    gettext_noop("South East"),
    gettext_noop("South West"),
    gettext_noop("Wales"),
)


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
    label = (
        gettext("Comparison group (illustrative)")
        if group.illustrative
        else gettext("Most Similar Group")
    )
    source = (
        f"Sum of the incidents of the group's {len(members)} member forces per 1,000 of their "
        f"ONS mid-year populations; group: {group.source.strip()}"
    )  # a source is named as it is published, in English
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
            gettext("Most Similar Group"),
            held.filter(area_kind=AsbAreaKind.MSG, area_code=force.police_uk_id),
        ),
    ]
    if region:
        series.append(
            _series_of(
                AsbAreaKind.REGION.value,
                gettext("%(region)s region") % {"region": gettext(REGIONS[region])}
                if region != "W92000004"
                else gettext("Wales"),
                held.filter(area_kind=AsbAreaKind.REGION, area_code=region),
            )
        )
    series.append(
        _series_of(
            AsbAreaKind.ENGLAND_AND_WALES.value,
            gettext(ENGLAND_AND_WALES[1]),
            held.filter(area_kind=AsbAreaKind.ENGLAND_AND_WALES),
        )
    )
    return series


def _listed(items: Sequence[object]) -> str:
    words = [str(item) for item in items]
    if len(words) == 1:
        return words[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _rate(value: Decimal) -> str:
    return f"{value:,.2f}"


def _change(first: Decimal, last: Decimal) -> str:
    difference = last - first
    if difference == 0:
        return gettext("no change")
    words = {"amount": _rate(abs(difference))}
    if first:
        words["percent"] = f"{abs(difference) / first * 100:.1f}"
        if difference < 0:
            return gettext("a fall of %(amount)s per 1,000 (%(percent)s%%)") % words
        return gettext("a rise of %(amount)s per 1,000 (%(percent)s%%)") % words
    if difference < 0:
        return gettext("a fall of %(amount)s per 1,000") % words
    return gettext("a rise of %(amount)s per 1,000") % words


def _line_text(series: Series) -> str:
    years = sorted(series.rates)
    first, last = years[0], years[-1]
    if first == last:
        return gettext("%(area)s: %(rate)s in the year ending March %(year)s.") % {
            "area": series.label,
            "rate": _rate(series.rates[first]),
            "year": first,
        }
    text = gettext(
        "%(area)s: %(first_rate)s in the year ending March %(first)s and %(last_rate)s in the "
        "year ending March %(last)s, %(change)s."
    ) % {
        "area": series.label,
        "first_rate": _rate(series.rates[first]),
        "first": first,
        "last_rate": _rate(series.rates[last]),
        "last": last,
        "change": _change(series.rates[first], series.rates[last]),
    }
    if first in series.incidents and last in series.incidents:
        before, after = series.incidents[first], series.incidents[last]
        if before:
            words = {
                "area": series.label,
                "before": f"{before:,}",
                "after": f"{after:,}",
                "percent": f"{abs(after - before) / before * 100:.1f}",
            }
            if after < before:
                text += (
                    " "
                    + gettext(
                        "%(area)s's recorded incidents went from %(before)s to %(after)s "
                        "(%(percent)s%% fewer)."
                    )
                    % words
                )
            else:
                text += (
                    " "
                    + gettext(
                        "%(area)s's recorded incidents went from %(before)s to %(after)s "
                        "(%(percent)s%% more)."
                    )
                    % words
                )
    return text


def _named(series: Series) -> str:
    """The series' name inside a sentence: "the Most Similar Group", "England and Wales"."""
    if series.kind == AsbAreaKind.MSG.value:
        if series.label == gettext("Comparison group (illustrative)"):
            return gettext("the comparison group (illustrative)")
        return gettext("the Most Similar Group")
    if series.kind == AsbAreaKind.REGION.value and series.label != gettext("Wales"):
        return pgettext("in a sentence", "the %(region)s") % {"region": series.label}
    return series.label


def _comparison_text(force: Series, other: Series) -> str:
    shared = sorted(set(force.rates) & set(other.rates))
    if not shared:
        return gettext("%(force)s and %(other)s have no year with figures for both.") % {
            "force": force.label,
            "other": _named(other),
        }
    parts = []
    for year in [shared[-1], shared[0]] if len(shared) > 1 else shared:
        gap = force.rates[year] - other.rates[year]
        words = {"amount": _rate(abs(gap)), "year": year}
        if gap > 0:
            parts.append(
                gettext("%(amount)s per 1,000 higher in the year ending March %(year)s") % words
            )
        elif gap < 0:
            parts.append(
                gettext("%(amount)s per 1,000 lower in the year ending March %(year)s") % words
            )
        else:
            parts.append(gettext("the same in the year ending March %(year)s") % words)
    return gettext("Compared with %(other)s, %(force)s's rate was %(parts)s.") % {
        "other": _named(other),
        "force": force.label,
        "parts": gettext(" and ").join(parts),
    }


def summary_text(series: Sequence[Series], years: Sequence[int]) -> str:
    """Plain English: each line's first and last year and change, how the force compares with
    each comparator held, and the gaps."""
    force, comparators = series[0], series[1:]
    held = [s for s in series if s.rates]
    sentences = [
        gettext(
            "Anti-social behaviour incidents recorded by the police per 1,000 people, years "
            "ending March %(first)s to %(last)s."
        )
        % {"first": years[0], "last": years[-1]}
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
        words = {"areas": gettext(" or ").join(names), "years": _listed(missing)}
        if len(missing) > 1:
            sentence = gettext(
                "No figure is held for %(areas)s for the years ending March %(years)s."
            )
        else:
            sentence = gettext(
                "No figure is held for %(areas)s for the year ending March %(years)s."
            )
        sentences.append(sentence % words)
    for line in series:
        unrated = sorted(set(line.incidents) - set(line.rates))
        if unrated:
            counts = _listed(
                [
                    gettext("%(count)s in the year ending March %(year)s")
                    % {"count": f"{line.incidents[y]:,}", "year": y}
                    for y in unrated
                ]
            )
            sentences.append(
                gettext(
                    "%(area)s also has recorded incidents with no population held to make a "
                    "rate per 1,000, so they are not charted: %(counts)s."
                )
                % {"area": line.label, "counts": counts}
            )
    absent = [_named(s) for s in series if not s.rates]
    if absent:
        if len(absent) == 1:
            sentence = gettext(
                "No figures are held for %(areas)s, so the chart has no line for it."
            )
        else:
            sentence = gettext(
                "No figures are held for %(areas)s, so the chart has no line for them."
            )
        sentences.append(sentence % {"areas": _listed(absent)})
    return " ".join(sentences)


def table_rows(series: Sequence[Series], years: Sequence[int]) -> tuple[list[str], list[list[str]]]:
    held = [s for s in series if s.rates]
    columns = [
        gettext("Year ending March"),
        *(gettext("%(area)s (per 1,000)") % {"area": s.label} for s in held),
    ]
    rows = [
        [
            str(year),
            *(_rate(s.rates[year]) if year in s.rates else gettext("not held") for s in held),
        ]
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
            title=gettext("Year ending March"),
            sort=[str(y) for y in years],
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y(
            "rate:Q",
            title=gettext("ASB incidents per 1,000 people"),
            scale=alt.Scale(zero=True),
        ),
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


def longrun_chart(force_id: str, *, welsh: bool = False) -> LongRunChart | None:
    """The long-run chart, its summary and its data table for a force, worded in Welsh for a
    `welsh` one; None when crimeplan holds no figure for the force or any comparator. The SVG
    is rendered once per data (and language)."""
    with translation.override(WELSH if welsh else ENGLISH):
        return _longrun_chart(force_id)


def _longrun_chart(force_id: str) -> LongRunChart | None:
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
    title = gettext("ASB incidents per 1,000 people by year ending March: %(force)s") % {
        "force": force.short_name
    }
    rendered = _render(chart_spec(series, years), title, summary)
    sources = sorted({source for s in series if s.rates for source in s.sources})
    return LongRunChart(rendered.svg, summary, columns, rows, "; ".join(sources))
