"""The rota generator's promises, as properties over random volunteers, availability and
periods: pairs within the limit, nobody double-booked, availability respected, visits spread
across sites, times of day (nights included) and weekdays (weekends included), reproducible."""

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
    generate_rota,
    most_together_in_window,
    move_problems,
    pair_key,
    rota_problems,
)

ALL_SLOTS = list(itertools.product(range(7), TIMES_OF_DAY))

visitor_lists = st.lists(
    st.frozensets(st.sampled_from(ALL_SLOTS), min_size=0, max_size=len(ALL_SLOTS)),
    min_size=0,
    max_size=12,
).map(lambda slots: [Visitor(n + 1, s) for n, s in enumerate(slots)])


@st.composite
def rota_inputs(draw):  # type: ignore[no-untyped-def]
    start = draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)))
    length = draw(st.integers(0, 60))
    return {
        "visitors": draw(visitor_lists),
        "site_ids": draw(st.lists(st.integers(1, 50), min_size=1, max_size=4, unique=True)),
        "start": start,
        "end": start + datetime.timedelta(days=length),
        "visit_count": draw(st.integers(0, 30)),
        "max_pair_repeats": draw(st.integers(1, 3)),
        "seed": draw(st.integers(0, 2**32)),
        "previous_pairs": draw(
            st.dictionaries(
                st.tuples(st.integers(1, 12), st.integers(1, 12)).filter(lambda p: p[0] != p[1]),
                st.integers(0, 3),
                max_size=5,
            )
        ),
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
            previous_pairs=inputs["previous_pairs"],
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
    pairs = Counter(pair_key(*v.pair) for v in rota.visits)
    for pair, times in inputs["previous_pairs"].items():
        pairs[pair_key(*pair)] += times
    together = {pair_key(*v.pair) for v in rota.visits}
    assert all(pairs[p] <= inputs["max_pair_repeats"] for p in together)
    per_day = Counter((person, v.day) for v in rota.visits for person in v.pair)
    assert max(per_day.values(), default=0) <= 1
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
        previous_pairs={(2, 1): 1},
    )
    assert len(rota.visits) == 1
    assert len(rota.unfilled) == 2


def test_problems_found_in_an_adjusted_rota() -> None:
    from crimeplan.scrutiny.rota import PlannedVisit

    day = datetime.date(2025, 4, 5)  # a Saturday
    visits = [
        PlannedVisit(1, day, "night", (1, 2)),
        PlannedVisit(2, day, "morning", (1, 3)),
    ]
    problems = rota_problems(
        visits,
        [always_available(1), always_available(2), Visitor(3, frozenset({(0, "night")}))],
        max_pair_repeats=1,
        previous_pairs={(1, 2): 1},
    )
    assert problems == [
        "2025-04-05 morning: volunteer 3 is not available.",
        "Volunteers 1 and 2 are paired 2 times (at most 1).",
        "2025-04-05: volunteer 1 has 2 visits in one day.",
    ]


@pytest.mark.parametrize("bad", [{"visit_count": -1}, {"max_pair_repeats": 0}])
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
