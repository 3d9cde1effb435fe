"""The rota of unannounced visits: pairs of volunteers spread across sites, days and times of
day, nights and weekends included. Pure: data in, visits out, the same for the same seed.

A visit goes to the time of day, weekday and day least used so far (in that order), so
nights and weekends get their share; its pair is the available pair that has visited
together least, then the two who have visited least. A pair never visits together more than
`max_pair_repeats` times in any `window_days`-long stretch (`pairs_over_limit` states the
rule; the visits already planned or made, before and after the rota, count too), and nobody
has two visits on one day. A visit no pair can make is reported as unfilled, never dropped
silently.
"""

import bisect
import datetime
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")
WEEKEND = frozenset({5, 6})
# The stretch the pair limit counts in: a year, as 365 days whether or not it holds 29 February.
PAIR_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Visitor:
    """A volunteer as the rota sees them: when they can visit, as (weekday 0-6, time of day)."""

    volunteer_id: int
    available: frozenset[tuple[int, str]]


@dataclass(frozen=True)
class PlannedVisit:
    site_id: int
    day: datetime.date
    time_of_day: str
    pair: tuple[int, int]

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() in WEEKEND

    @property
    def is_night(self) -> bool:
        return self.time_of_day == "night"


@dataclass(frozen=True)
class UnfilledVisit:
    site_id: int
    reason: str


@dataclass
class Rota:
    visits: list[PlannedVisit] = field(default_factory=list)
    unfilled: list[UnfilledVisit] = field(default_factory=list)
    seed: int = 0


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def always_available(volunteer_id: int) -> Visitor:
    return Visitor(volunteer_id, frozenset(itertools.product(range(7), TIMES_OF_DAY)))


@dataclass
class _Tally:
    window_days: int
    time_of_day: Counter[str] = field(default_factory=Counter)
    weekday: Counter[int] = field(default_factory=Counter)
    day: Counter[datetime.date] = field(default_factory=Counter)
    pair_days: defaultdict[tuple[int, int], list[datetime.date]] = field(
        default_factory=lambda: defaultdict(list)
    )
    visits: Counter[int] = field(default_factory=Counter)
    booked: set[tuple[int, datetime.date]] = field(default_factory=set)


def generate_rota(
    *,
    visitors: Sequence[Visitor],
    site_ids: Sequence[int],
    start: datetime.date,
    end: datetime.date,
    visit_count: int,
    max_pair_repeats: int,
    seed: int,
    previous_visits: Iterable[PlannedVisit] = (),
    window_days: int = PAIR_WINDOW_DAYS,
) -> Rota:
    """Plans `visit_count` visits between `start` and `end` inclusive, sites in turn.

    `previous_visits` are the visits already planned or made (not cancelled) that could share
    a `window_days` stretch with this rota, before or after it: they count towards the pair
    limit, and their volunteers are not sent again on their days."""
    if end < start:
        raise ValueError("The rota ends before it starts.")
    if visit_count < 0 or max_pair_repeats < 1 or window_days < 1:
        raise ValueError(
            "Visits must be zero or more, pairs allowed at least one visit, "
            "and the pair limit's stretch at least a day."
        )
    if not site_ids and visit_count:
        raise ValueError("A rota needs at least one site.")
    rng = random.Random(seed)  # noqa: S311 - a reproducible rota, not a secret
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    slots = [(day, tod) for day in days for tod in TIMES_OF_DAY]
    sites = list(site_ids)
    rng.shuffle(sites)
    tally = _Tally(window_days=window_days)
    for visit in previous_visits:
        tally.pair_days[pair_key(*visit.pair)].append(visit.day)
        tally.booked.update((volunteer_id, visit.day) for volunteer_id in visit.pair)
    ordered_visitors = sorted(visitors, key=lambda v: v.volunteer_id)
    rota = Rota(seed=seed)
    for number in range(visit_count):
        site_id = sites[number % len(sites)]
        planned = _place_visit(site_id, slots, ordered_visitors, max_pair_repeats, tally, rng)
        if planned is None:
            rota.unfilled.append(
                UnfilledVisit(site_id, "No two available volunteers on any free day and time.")
            )
            continue
        _book(planned, tally)
        rota.visits.append(planned)
    rota.visits.sort(key=lambda v: (v.day, TIMES_OF_DAY.index(v.time_of_day), v.site_id))
    return rota


def _place_visit(
    site_id: int,
    slots: list[tuple[datetime.date, str]],
    visitors: Sequence[Visitor],
    max_pair_repeats: int,
    tally: _Tally,
    rng: random.Random,
) -> PlannedVisit | None:
    tiebreak = {slot: rng.random() for slot in slots}
    ranked = sorted(
        slots,
        key=lambda slot: (
            tally.time_of_day[slot[1]],
            tally.weekday[slot[0].weekday()],
            tally.day[slot[0]],
            tiebreak[slot],
        ),
    )
    for day, tod in ranked:
        pair = _choose_pair(day, tod, visitors, max_pair_repeats, tally, rng)
        if pair is not None:
            return PlannedVisit(site_id=site_id, day=day, time_of_day=tod, pair=pair)
    return None


def _choose_pair(
    day: datetime.date,
    tod: str,
    visitors: Sequence[Visitor],
    max_pair_repeats: int,
    tally: _Tally,
    rng: random.Random,
) -> tuple[int, int] | None:
    free = [
        v.volunteer_id
        for v in visitors
        if (day.weekday(), tod) in v.available and (v.volunteer_id, day) not in tally.booked
    ]
    best: tuple[tuple[int, int, float], tuple[int, int]] | None = None
    for a, b in itertools.combinations(free, 2):
        key = pair_key(a, b)
        pair_days = tally.pair_days[key]
        if (
            most_together_in_window(day, pair_days, window_days=tally.window_days)
            > max_pair_repeats
        ):
            continue
        score = (len(pair_days), tally.visits[a] + tally.visits[b], rng.random())
        if best is None or score < best[0]:
            best = (score, key)
    return best[1] if best else None


def _book(visit: PlannedVisit, tally: _Tally) -> None:
    tally.time_of_day[visit.time_of_day] += 1
    tally.weekday[visit.day.weekday()] += 1
    tally.day[visit.day] += 1
    tally.pair_days[visit.pair].append(visit.day)
    for volunteer_id in visit.pair:
        tally.visits[volunteer_id] += 1
        tally.booked.add((volunteer_id, visit.day))


def rota_problems(
    visits: Iterable[PlannedVisit],
    visitors: Sequence[Visitor],
    *,
    max_pair_repeats: int,
    previous_visits: Iterable[PlannedVisit] = (),
    window_days: int = PAIR_WINDOW_DAYS,
) -> list[str]:
    """What is wrong with a rota (say, after the co-ordinator adjusted it): its pairs too
    often together in some `window_days` stretch, someone booked twice in a day, someone sent
    when they said they cannot go. `previous_visits` (planned or made) count as well."""
    visits = list(visits)
    previous_visits = list(previous_visits)
    available = {v.volunteer_id: v.available for v in visitors}
    in_rota = {pair_key(*visit.pair) for visit in visits}
    booked: Counter[tuple[int, datetime.date]] = Counter(
        (volunteer_id, visit.day) for visit in previous_visits for volunteer_id in visit.pair
    )
    problems = []
    for visit in visits:
        a, b = visit.pair
        if a == b:
            problems.append(f"{visit.day}: the same volunteer twice in one pair.")
        for volunteer_id in visit.pair:
            booked[(volunteer_id, visit.day)] += 1
            if (visit.day.weekday(), visit.time_of_day) not in available.get(volunteer_id, ()):
                problems.append(
                    f"{visit.day} {visit.time_of_day}: volunteer {volunteer_id} is not available."
                )
    over = pairs_over_limit(
        [*previous_visits, *visits], max_pair_repeats=max_pair_repeats, window_days=window_days
    )
    problems += [
        f"Volunteers {a} and {b} are paired {n} times within {window_days} days "
        f"(at most {max_pair_repeats})."
        for (a, b), n in sorted(over.items())
        if (a, b) in in_rota
    ]
    rota_days = {(volunteer_id, visit.day) for visit in visits for volunteer_id in visit.pair}
    problems += [
        f"{day}: volunteer {volunteer_id} has {n} visits in one day."
        for (volunteer_id, day), n in sorted(booked.items())
        if n > 1 and (volunteer_id, day) in rota_days
    ]
    return problems


def busiest_stretch(days: Iterable[datetime.date], *, window_days: int) -> int:
    """The most of `days` (a day given twice counts twice) inside any `window_days`-long
    stretch. The busiest stretch can always be taken to start on one of the days."""
    ordered = sorted(days)
    span = datetime.timedelta(days=window_days - 1)
    return max(
        (bisect.bisect_right(ordered, first + span) - index for index, first in enumerate(ordered)),
        default=0,
    )


def pairs_over_limit(
    visits: Iterable[PlannedVisit], *, max_pair_repeats: int, window_days: int
) -> dict[tuple[int, int], int]:
    """The pair limit, stated once: the pairs that visit together more than
    `max_pair_repeats` times in some `window_days`-long stretch, each with its busiest
    stretch's count. The generator, the checks on an adjusted rota and the tests hold visits
    to this rule."""
    pair_days: defaultdict[tuple[int, int], list[datetime.date]] = defaultdict(list)
    for visit in visits:
        pair_days[pair_key(*visit.pair)].append(visit.day)
    busiest = {
        pair: busiest_stretch(days, window_days=window_days) for pair, days in pair_days.items()
    }
    return {pair: n for pair, n in busiest.items() if n > max_pair_repeats}


def most_together_in_window(
    day: datetime.date, pair_days: Iterable[datetime.date], *, window_days: int
) -> int:
    """The most visits a pair would make together in any `window_days`-long stretch that
    includes a visit on `day`, counting that visit and `pair_days` (their other visits,
    before and after it)."""
    # As in `busiest_stretch`, the busiest such stretch starts on a visit: on `day` or on
    # one of the pair's visits less than `window_days` before it.
    days = sorted([*pair_days, day])
    span = datetime.timedelta(days=window_days - 1)
    starts = days[bisect.bisect_left(days, day - span) : bisect.bisect_right(days, day)]
    return max(
        bisect.bisect_right(days, first + span) - bisect.bisect_left(days, first)
        for first in starts
    )


def move_problems(
    moved: PlannedVisit,
    others: Iterable[PlannedVisit],
    *,
    max_pair_repeats: int,
    window_days: int,
    names: Mapping[int, str] | None = None,
) -> list[str]:
    """What stops moving a visit (or changing its pair) to `moved`, given the other planned
    and made visits: either volunteer already visiting that day, or the pair then visiting
    together more than `max_pair_repeats` times in some `window_days` stretch, counting
    their visits after the new day as well as before it. `names` words the problems."""
    a, b = moved.pair

    def name(volunteer_id: int) -> str:
        return (names or {}).get(volunteer_id, f"Volunteer {volunteer_id}")

    problems = []
    if a == b:
        problems.append("The same volunteer twice in one pair.")
    key = pair_key(a, b)
    pair_days = []
    busy = set()
    for visit in others:
        if moved.day == visit.day:
            busy.update(set(visit.pair) & {a, b})
        if pair_key(*visit.pair) == key:
            pair_days.append(visit.day)
    problems += [
        f"{name(volunteer_id)} already has a visit on {moved.day:%d %B %Y}."
        for volunteer_id in sorted(busy)
    ]
    together = most_together_in_window(moved.day, pair_days, window_days=window_days)
    if together > max_pair_repeats:
        problems.append(
            f"{name(a)} and {name(b)} would visit together {together} times within "
            f"{window_days} days (at most {max_pair_repeats}), counting their visits "
            "before and after this one."
        )
    return problems
