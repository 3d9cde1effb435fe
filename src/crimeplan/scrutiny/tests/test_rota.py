"""The rota generator's promises, as properties over random volunteers, availability,
periods and visits already planned: pairs within the limit in every stretch of the window,
nobody double-booked, availability respected, visits spread across sites, times of day
(nights included) and weekdays (weekends included), reproducible."""

import datetime
import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crimeplan.scrutiny.rota import (
    TIMES_OF_DAY,
    PlannedVisit,
    Visitor,
    always_available,
    busiest_stretch,
    generate_rota,
    most_together_in_window,
    move_problems,
    pair_key,
    pairs_over_limit,
    rota_problems,
)

ALL_SLOTS = list(itertools.product(range(7), TIMES_OF_DAY))

visitor_lists = st.lists(
    st.frozensets(st.sampled_from(ALL_SLOTS), min_size=0, max_size=len(ALL_SLOTS)),
    min_size=0,
    max_size=12,
).map(lambda slots: [Visitor(n + 1, s) for n, s in enumerate(slots)])


def most_in_any_stretch(days: list[datetime.date], window: int) -> int:
    """A plain count, for checking: the most of `days` in any `window`-day stretch, trying
    every stretch that starts from `window` days before the first to the last."""
    if not days:
        return 0
    first, last = min(days), max(days)
    stretches = (
        first + datetime.timedelta(days=n) for n in range(-window, (last - first).days + 1)
    )
    return max(
        sum(start <= d < start + datetime.timedelta(days=window) for d in days)
        for start in stretches
    )


@st.composite
def rota_inputs(draw):  # type: ignore[no-untyped-def]
    """A rota to plan, and the visits already planned around it (within the limit, as the
    database's are), which may fall before, inside or after it."""
    start = draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)))
    length = draw(st.integers(0, 60))
    window = draw(st.sampled_from([1, 7, 30, 90]))
    limit = draw(st.integers(1, 3))
    previous: list[PlannedVisit] = []
    for pair, offset, tod in draw(
        st.lists(
            st.tuples(
                st.tuples(st.integers(1, 12), st.integers(1, 12)).filter(lambda p: p[0] != p[1]),
                st.integers(-120, 180),
                st.sampled_from(TIMES_OF_DAY),
            ),
            max_size=8,
        )
    ):
        visit = PlannedVisit(99, start + datetime.timedelta(days=offset), tod, pair)
        days = [v.day for v in previous if pair_key(*v.pair) == pair_key(*pair)]
        if most_in_any_stretch([*days, visit.day], window) <= limit:
            previous.append(visit)
    return {
        "visitors": draw(visitor_lists),
        "site_ids": draw(st.lists(st.integers(1, 50), min_size=1, max_size=4, unique=True)),
        "start": start,
        "end": start + datetime.timedelta(days=length),
        "visit_count": draw(st.integers(0, 30)),
        "max_pair_repeats": limit,
        "seed": draw(st.integers(0, 2**32)),
        "previous_visits": previous,
        "window_days": window,
    }


@settings(max_examples=150, deadline=None)
@given(rota_inputs())
def test_every_visit_keeps_the_rules(inputs) -> None:  # type: ignore[no-untyped-def]
    rota = generate_rota(**inputs)
    assert len(rota.visits) + len(rota.unfilled) == inputs["visit_count"]
    assert (
        rota_problems(
            rota.visits,
            inputs["visitors"],
            max_pair_repeats=inputs["max_pair_repeats"],
            previous_visits=inputs["previous_visits"],
            window_days=inputs["window_days"],
        )
        == []
    )
    for visit in rota.visits:
        assert inputs["start"] <= visit.day <= inputs["end"]
        assert visit.site_id in inputs["site_ids"]
        assert visit.pair[0] != visit.pair[1]


@settings(max_examples=150, deadline=None)
@given(rota_inputs())
def test_pairs_and_bookings_counted_independently(inputs) -> None:  # type: ignore[no-untyped-def]
    """The same rules counted here from scratch, not through `rota_problems`."""
    rota = generate_rota(**inputs)
    everything = [*inputs["previous_visits"], *rota.visits]
    for pair in {pair_key(*v.pair) for v in rota.visits}:
        days = [v.day for v in everything if pair_key(*v.pair) == pair]
        assert most_in_any_stretch(days, inputs["window_days"]) <= inputs["max_pair_repeats"]
    per_day = Counter((person, v.day) for v in rota.visits for person in v.pair)
    assert max(per_day.values(), default=0) <= 1
    already = {(person, v.day) for v in inputs["previous_visits"] for person in v.pair}
    assert not already & set(per_day)
    available = {v.volunteer_id: v.available for v in inputs["visitors"]}
    for visit in rota.visits:
        for person in visit.pair:
            assert (visit.day.weekday(), visit.time_of_day) in available[person]


@settings(max_examples=60, deadline=None)
@given(
    volunteer_count=st.integers(8, 16),
    site_count=st.integers(1, 4),
    weeks=st.integers(2, 13),
    visits_per_week=st.integers(1, 3),
    seed=st.integers(0, 2**32),
)
def test_enough_volunteers_spread_visits_evenly(
    volunteer_count: int, site_count: int, weeks: int, visits_per_week: int, seed: int
) -> None:
    visit_count = weeks * visits_per_week
    rota = generate_rota(
        visitors=[always_available(n) for n in range(volunteer_count)],
        site_ids=list(range(100, 100 + site_count)),
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 4, 1) + datetime.timedelta(days=7 * weeks - 1),
        visit_count=visit_count,
        max_pair_repeats=2,
        seed=seed,
    )
    assert rota.unfilled == []
    sites = Counter(v.site_id for v in rota.visits)
    times = Counter(v.time_of_day for v in rota.visits)
    weekdays = Counter(v.day.weekday() for v in rota.visits)
    assert len(sites) == min(site_count, visit_count)
    assert max(sites.values()) - min(sites.values()) <= 1
    assert max(times[t] for t in TIMES_OF_DAY) - min(times[t] for t in TIMES_OF_DAY) <= 1
    assert max(weekdays[d] for d in range(7)) - min(weekdays[d] for d in range(7)) <= 1
    assert times["night"] >= visit_count // 4
    assert sum(weekdays[d] for d in (5, 6)) >= 2 * (visit_count // 7)
    assert len({v.day for v in rota.visits}) == visit_count  # one visit a day while days last


@settings(max_examples=40, deadline=None)
@given(rota_inputs())
def test_same_seed_same_rota(inputs) -> None:  # type: ignore[no-untyped-def]
    assert generate_rota(**inputs).visits == generate_rota(**inputs).visits


def test_a_different_seed_gives_a_different_rota() -> None:
    common = {
        "visitors": [always_available(n) for n in range(10)],
        "site_ids": [1, 2, 3],
        "start": datetime.date(2025, 4, 1),
        "end": datetime.date(2025, 6, 30),
        "visit_count": 24,
        "max_pair_repeats": 1,
    }
    assert generate_rota(**common, seed=1).visits != generate_rota(**common, seed=2).visits


def test_a_visit_nobody_can_make_is_reported_not_dropped() -> None:
    only_mondays = frozenset({(0, "morning")})
    rota = generate_rota(
        visitors=[Visitor(1, only_mondays), Visitor(2, only_mondays)],
        site_ids=[1],
        start=datetime.date(2025, 4, 7),  # a Monday
        end=datetime.date(2025, 4, 13),
        visit_count=2,
        max_pair_repeats=5,
        seed=0,
    )
    assert [(v.day, v.time_of_day, v.pair) for v in rota.visits] == [
        (datetime.date(2025, 4, 7), "morning", (1, 2))
    ]
    assert len(rota.unfilled) == 1


def test_the_pair_limit_stops_a_third_visit_together() -> None:
    rota = generate_rota(
        visitors=[always_available(1), always_available(2)],
        site_ids=[1],
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 4, 30),
        visit_count=3,
        max_pair_repeats=2,
        seed=3,
        previous_visits=[_visit(datetime.date(2025, 3, 1), (2, 1))],
    )
    assert len(rota.visits) == 1
    assert len(rota.unfilled) == 2


def test_the_pair_limit_counts_stretches_not_the_whole_history() -> None:
    """Two visits together 300 and 290 days before a year-long rota: a visit in its first 65
    days would make three within a year, a later one does not. Any two of the rota's days
    are within a year of each other, so only two of its three visits can be made."""
    start = datetime.date(2027, 4, 1)
    previous = [_visit(start - datetime.timedelta(days=n), (1, 2)) for n in (300, 290)]
    rota = generate_rota(
        visitors=[always_available(1), always_available(2)],
        site_ids=[1],
        start=start,
        end=datetime.date(2028, 3, 31),  # 366 days: 29 February 2028 is in it
        visit_count=3,
        max_pair_repeats=2,
        seed=5,
        previous_visits=previous,
        window_days=365,
    )
    assert len(rota.visits) == 2 and len(rota.unfilled) == 1
    assert all(v.day >= start + datetime.timedelta(days=65) for v in rota.visits)
    assert pairs_over_limit([*previous, *rota.visits], max_pair_repeats=2, window_days=365) == {}


def test_visits_after_the_rota_count_as_well_as_before() -> None:
    """The rota is planned after a later one exists: the later visits count when they are
    within a stretch of the rota's days, and not when they are more than a year away."""
    start = datetime.date(2028, 2, 28)
    common = {
        "visitors": [always_available(1), always_available(2)],
        "site_ids": [1],
        "start": start,
        "end": start + datetime.timedelta(days=2),
        "visit_count": 1,
        "max_pair_repeats": 2,
        "seed": 1,
        "window_days": 365,
    }
    soon = [_visit(start + datetime.timedelta(days=n), (1, 2)) for n in (100, 110)]
    assert generate_rota(**common, previous_visits=soon).visits == []
    later = [_visit(start + datetime.timedelta(days=n), (1, 2)) for n in (367, 380)]
    assert len(generate_rota(**common, previous_visits=later).visits) == 1


def test_nobody_is_sent_on_a_day_they_already_visit() -> None:
    day = datetime.date(2027, 10, 31)  # the clocks go back
    rota = generate_rota(
        visitors=[always_available(n) for n in (1, 2, 3)],
        site_ids=[1],
        start=day,
        end=day,
        visit_count=1,
        max_pair_repeats=3,
        seed=0,
        previous_visits=[_visit(day, (1, 9))],
    )
    assert [v.pair for v in rota.visits] == [(2, 3)]


def test_problems_found_in_an_adjusted_rota() -> None:
    day = datetime.date(2025, 4, 5)  # a Saturday
    visits = [
        PlannedVisit(1, day, "night", (1, 2)),
        PlannedVisit(2, day, "morning", (1, 3)),
    ]
    problems = rota_problems(
        visits,
        [always_available(1), always_available(2), Visitor(3, frozenset({(0, "night")}))],
        max_pair_repeats=1,
        previous_visits=[_visit(day - datetime.timedelta(days=364), (2, 1))],
    )
    assert problems == [
        "2025-04-05 morning: volunteer 3 is not available.",
        "Volunteers 1 and 2 are paired 2 times within 365 days (at most 1).",
        "2025-04-05: volunteer 1 has 2 visits in one day.",
    ]
    # A year and a day apart, the two visits share no stretch.
    apart = [_visit(day - datetime.timedelta(days=365), (2, 1))]
    assert not any(
        "paired" in problem
        for problem in rota_problems(
            visits, [always_available(n) for n in (1, 2, 3)], max_pair_repeats=1,
            previous_visits=apart,
        )
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.lists(st.integers(-400, 400), max_size=10),
    window=st.sampled_from([1, 2, 30, 365, 366]),
)
def test_the_busiest_stretch_against_a_plain_count(offsets: list[int], window: int) -> None:
    day = datetime.date(2028, 2, 29)
    days = [day + datetime.timedelta(days=n) for n in offsets]
    assert busiest_stretch(days, window_days=window) == most_in_any_stretch(days, window)
    visits = [_visit(d, (1, 2)) for d in days]
    most = most_in_any_stretch(days, window)
    assert pairs_over_limit(visits, max_pair_repeats=most, window_days=window) == {}
    if most:
        assert pairs_over_limit(visits, max_pair_repeats=most - 1, window_days=window) == {
            (1, 2): most
        }


@pytest.mark.parametrize("bad", [{"visit_count": -1}, {"max_pair_repeats": 0}, {"window_days": 0}])
def test_nonsense_is_refused(bad: dict[str, int]) -> None:
    arguments = {
        "visitors": [],
        "site_ids": [1],
        "start": datetime.date(2025, 4, 1),
        "end": datetime.date(2025, 4, 2),
        "visit_count": 1,
        "max_pair_repeats": 1,
        "seed": 0,
    } | bad
    with pytest.raises(ValueError):
        generate_rota(**arguments)  # type: ignore[arg-type]


def _visit(day: datetime.date, pair: tuple[int, int]) -> PlannedVisit:
    return PlannedVisit(site_id=1, day=day, time_of_day="night", pair=pair)


def test_a_move_counts_the_pairs_visits_after_the_new_day() -> None:
    day = datetime.date(2025, 6, 14)
    later = [_visit(day + datetime.timedelta(days=n), (2, 1)) for n in (10, 300)]
    problems = move_problems(_visit(day, (1, 2)), later, max_pair_repeats=2, window_days=365)
    assert problems == [
        "Volunteer 1 and Volunteer 2 would visit together 3 times within 365 days "
        "(at most 2), counting their visits before and after this one."
    ]
    # Before and after: one each side, 200 days apart, fit no single 365-day stretch with
    # the third beyond them.
    apart = [_visit(day - datetime.timedelta(days=200), (1, 2)), later[1]]
    assert move_problems(_visit(day, (1, 2)), apart, max_pair_repeats=2, window_days=365) == []


def test_a_move_onto_a_booked_day_is_a_problem() -> None:
    day = datetime.date(2025, 6, 14)
    others = [_visit(day, (2, 9)), _visit(day, (7, 8))]
    names = {1: "ICV-001", 2: "ICV-002"}
    assert move_problems(
        _visit(day, (1, 2)), others, max_pair_repeats=3, window_days=365, names=names
    ) == ["ICV-002 already has a visit on 14 June 2025."]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    offsets=st.lists(st.integers(-60, 60).filter(lambda n: n != 0), max_size=8),
    window=st.integers(1, 40),
)
def test_the_window_count_is_the_busiest_stretch_holding_the_day(
    day: datetime.date, offsets: list[int], window: int
) -> None:
    """Against a plain count: the busiest `window`-day stretch that starts on a visit (or the
    day itself) and holds the day; and, mirrored in time, the count is the same."""
    days = [day + datetime.timedelta(days=n) for n in offsets]
    every = sorted([*days, day])
    expected = max(
        sum(start <= d < start + datetime.timedelta(days=window) for d in every)
        for start in every
        if start <= day < start + datetime.timedelta(days=window)
    )
    assert most_together_in_window(day, days, window_days=window) == expected
    mirrored = [day - datetime.timedelta(days=n) for n in offsets]
    assert most_together_in_window(day, mirrored, window_days=window) == expected
