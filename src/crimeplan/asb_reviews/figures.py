"""The annual ASB Case Review figures, from the facts of each case: pure, no ORM.

The four the law requires — applications received, applications where the threshold was
not met, reviews carried out, reviews that led to recommendations — plus the channel, the
working days to each stage, repeat applicants and repeat locations, by district and month.
Each figure counts an event in the period it happened: an application in the month it was
received, a threshold decision in the month it was made, a review in the month it was held.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from crimeplan.core.working_days import working_days_between

from .threshold import normalise_location

ALL_DISTRICTS = "All districts"
WHOLE_YEAR = "all"
CHANNELS = ("web", "phone", "email", "post")
STAGES = ("acknowledge", "threshold_decision", "review", "outcome")
COLUMNS = (
    "year",
    "month",
    "district",
    "applications_received",
    "threshold_not_met",
    "reviews_carried_out",
    "reviews_with_recommendations",
    *(f"received_by_{channel}" for channel in CHANNELS),
    "repeat_applicants",
    "repeat_locations",
    *(f"median_working_days_to_{stage}" for stage in STAGES),
)


@dataclass(frozen=True)
class CaseFacts:
    received_on: datetime.date
    channel: str
    district: str
    acknowledged_on: datetime.date | None = None
    threshold_decided_on: datetime.date | None = None
    threshold_met: bool | None = None
    review_held_on: datetime.date | None = None
    outcome_sent_on: datetime.date | None = None
    recommendations: int = 0
    applicant_key: str = ""
    location: str = ""


@dataclass
class _Cell:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    days: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def _repeats(cases: list[CaseFacts]) -> tuple[set[int], set[int]]:
    """Indexes of applications by someone who had applied before, and of applications about
    a place (in the same district) someone had applied about before."""
    seen_applicants: set[str] = set()
    seen_places: set[tuple[str, str]] = set()
    repeat_applicants, repeat_locations = set(), set()
    order = sorted(range(len(cases)), key=lambda i: cases[i].received_on)
    for index in order:
        case = cases[index]
        if case.applicant_key:
            if case.applicant_key in seen_applicants:
                repeat_applicants.add(index)
            seen_applicants.add(case.applicant_key)
        place = (case.district, normalise_location(case.location))
        if place[1]:
            if place in seen_places:
                repeat_locations.add(index)
            seen_places.add(place)
    return repeat_applicants, repeat_locations


def _events(
    case: CaseFacts, *, repeat_applicant: bool, repeat_location: bool
) -> Iterable[tuple[datetime.date, str, int | None]]:
    """(date, what, working days it took) for each counted event of one case."""
    yield case.received_on, "applications_received", None
    yield case.received_on, f"received_by_{case.channel}", None
    if repeat_applicant:
        yield case.received_on, "repeat_applicants", None
    if repeat_location:
        yield case.received_on, "repeat_locations", None
    if case.acknowledged_on:
        days = working_days_between(case.received_on, case.acknowledged_on)
        yield case.acknowledged_on, "acknowledge", days
    if case.threshold_decided_on:
        days = working_days_between(case.received_on, case.threshold_decided_on)
        yield case.threshold_decided_on, "threshold_decision", days
        if case.threshold_met is False:
            yield case.threshold_decided_on, "threshold_not_met", None
    if case.review_held_on:
        start = case.threshold_decided_on or case.received_on
        yield case.review_held_on, "review", working_days_between(start, case.review_held_on)
        yield case.review_held_on, "reviews_carried_out", None
        if case.recommendations:
            yield case.review_held_on, "reviews_with_recommendations", None
    if case.outcome_sent_on and case.review_held_on:
        days = working_days_between(case.review_held_on, case.outcome_sent_on)
        yield case.outcome_sent_on, "outcome", days


def annual_figures(cases: Iterable[CaseFacts], *, year: int) -> list[dict[str, object]]:
    """One row per district and month with any activity, then each district's year, then
    every district's year (always present, so a year with no applications says 0)."""
    facts = list(cases)
    repeat_applicants, repeat_locations = _repeats(facts)
    cells: dict[tuple[str, str], _Cell] = defaultdict(_Cell)
    for index, case in enumerate(facts):
        for day, what, days in _events(
            case,
            repeat_applicant=index in repeat_applicants,
            repeat_location=index in repeat_locations,
        ):
            if day.year != year:
                continue
            for key in (
                (case.district, f"{day.month:02d}"),
                (case.district, WHOLE_YEAR),
                (ALL_DISTRICTS, WHOLE_YEAR),
            ):
                if days is None:
                    cells[key].counts[what] += 1
                else:
                    cells[key].days[what].append(days)
    cells[(ALL_DISTRICTS, WHOLE_YEAR)]

    def order(key: tuple[str, str]) -> tuple[bool, str, bool, str]:
        district, month = key
        return (district == ALL_DISTRICTS, district, month == WHOLE_YEAR, month)

    return [
        _row(year, month, district, cells[(district, month)])
        for district, month in sorted(cells, key=order)
    ]


def _row(year: int, month: str, district: str, cell: _Cell) -> dict[str, object]:
    row: dict[str, object] = {"year": year, "month": month, "district": district}
    for column in COLUMNS[3:]:
        if column.startswith("median_working_days_to_"):
            values = cell.days.get(column.removeprefix("median_working_days_to_"), [])
            row[column] = statistics.median(values) if values else ""
        else:
            row[column] = cell.counts.get(column, 0)
    return row
