"""The monthly chart's month axis: each month labelled once, on its own tick (issue 22, item 5)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from crimeplan.performance import charts
from crimeplan.performance.constants import Aim
from crimeplan.performance.spc import next_month, xmr

pytestmark = pytest.mark.django_db

MONTH_LABEL = re.compile(r"<text[^>]*>((?:[A-Z][a-z]+) \d{4})</text>")


def _months(first: datetime.date, count: int) -> list[datetime.date]:
    months = [first]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def _labels(count: int, *, first: datetime.date = datetime.date(2024, 1, 1)) -> list[str]:
    months = _months(first, count)
    values = [Decimal(10 + (i * 7) % 5) for i in range(count)]
    chart = charts.xmr_chart(xmr(months, values, aim=Aim.REDUCE), title="T", description="D")
    return MONTH_LABEL.findall(chart.svg)


@pytest.mark.parametrize("count", [2, 4, 5, 12])
def test_a_short_series_labels_each_month_once_in_order(count: int) -> None:
    """Four or five months once printed "Jan 2024" four times, a May point over "Apr"."""
    months = _months(datetime.date(2024, 1, 1), count)
    assert _labels(count) == [f"{m:%b %Y}" for m in months]


@pytest.mark.parametrize(
    ("count", "step"), [(13, 2), (24, 2), (36, 3), (60, 6), (144, 12), (180, 24), (300, 36)]
)
def test_a_long_series_labels_every_few_months_at_most_twelve_times(count: int, step: int) -> None:
    first = datetime.date(2021, 1, 1)
    labels = _labels(count, first=first)
    expected = [
        f"{m:%b %Y}"
        for m in _months(first, count)
        if ((m.year * 12 + m.month - 1) % step == 0 if step > 12 else (m.month - 1) % step == 0)
    ]
    assert labels == expected
    assert len(labels) <= 12 and len(set(labels)) == len(labels)


def test_a_welsh_chart_labels_each_month_once_in_welsh() -> None:
    months = _months(datetime.date(2024, 1, 1), 5)
    result = xmr(months, [Decimal(v) for v in (10, 12, 11, 9, 13)], aim=Aim.REDUCE)
    with translation.override("cy"):
        chart = charts.xmr_chart(result, title="T", description="D", translated=True)
    labels = re.findall(r"<text[^>]*>([^<]+ 2024)</text>", chart.svg)
    assert labels == ["Ion 2024", "Chw 2024", "Maw 2024", "Ebr 2024", "Mai 2024"]
