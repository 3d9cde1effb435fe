"""Golden tests: svy's raking and intervals against independent hand computations."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crimeplan.voice import estimates, weighting

# A small table: eight respondents in two districts, raked to sex and age margins.
RESPONDENTS = [
    {"district": "A", "sex": "F", "age": "Y"},
    {"district": "A", "sex": "F", "age": "O"},
    {"district": "A", "sex": "M", "age": "O"},
    {"district": "A", "sex": "F", "age": "O"},
    {"district": "B", "sex": "M", "age": "Y"},
    {"district": "B", "sex": "F", "age": "O"},
    {"district": "B", "sex": "M", "age": "Y"},
    {"district": "B", "sex": "M", "age": "O"},
]
POPULATION = {"sex": {"F": 520.0, "M": 480.0}, "age": {"Y": 350.0, "O": 650.0}}


def hand_rake(rows, margins, population, sweeps=500):  # type: ignore[no-untyped-def]
    """Iterative proportional fitting written out longhand: scale each margin in turn."""
    w = [1.0] * len(rows)
    for _ in range(sweeps):
        for margin in margins:
            for level, target in population[margin].items():
                members = [i for i, r in enumerate(rows) if r[margin] == level]
                achieved = sum(w[i] for i in members)
                for i in members:
                    w[i] *= target / achieved
    return w


def test_raking_matches_a_hand_computation_to_1e_6() -> None:
    result = weighting.rake(
        respondents=RESPONDENTS,
        margins=[("sex",), ("age",)],
        population=POPULATION,
        trim_factor=None,
    )
    expected = hand_rake(RESPONDENTS, ["sex", "age"], POPULATION)
    assert result.weights == pytest.approx(expected, abs=1e-6)
    # The margins hold, and the Kish figures follow from the weights.
    assert sum(w for w, r in zip(result.weights, RESPONDENTS, strict=True) if r["sex"] == "F") == (
        pytest.approx(520.0, abs=1e-6)
    )
    n = len(expected)
    deff = n * sum(w * w for w in expected) / sum(expected) ** 2
    assert result.design_effect == pytest.approx(deff, abs=1e-6)
    assert result.effective_n == pytest.approx(n / deff, abs=1e-6)
    assert result.efficiency == pytest.approx(1 / deff, abs=1e-6)


def test_margins_are_summed_from_population_cells() -> None:
    cells = [
        {"district": "A", "sex": "F", "population": 10},
        {"district": "A", "sex": "M", "population": 20},
        {"district": "B", "sex": "F", "population": 5},
    ]
    margins = weighting.margins_from_cells(cells, [("district",), ("district", "sex")])
    assert margins == {
        "district": {"A": 30.0, "B": 5.0},
        "district*sex": {"A | F": 10.0, "A | M": 20.0, "B | F": 5.0},
    }


def test_a_margin_level_without_respondents_is_refused() -> None:
    with pytest.raises(weighting.WeightingError, match="no respondents in X"):
        weighting.rake(
            respondents=RESPONDENTS,
            margins=[("sex",)],
            population={"sex": {"F": 1.0, "M": 1.0, "X": 1.0}},
            trim_factor=None,
        )


def test_a_respondent_level_without_a_population_is_refused() -> None:
    with pytest.raises(weighting.WeightingError, match="have no population figure"):
        weighting.rake(
            respondents=RESPONDENTS,
            margins=[("sex",)],
            population={"sex": {"F": 1.0}},
            trim_factor=None,
        )


def test_trimming_caps_weights_at_the_factor_times_the_district_median() -> None:
    # One young man among many older women in district A must carry a huge raked weight.
    rows = [{"district": "A", "sex": "F", "age": "O"} for _ in range(30)]
    rows += [{"district": "A", "sex": "M", "age": "Y"}, {"district": "A", "sex": "F", "age": "Y"}]
    rows += [{"district": "A", "sex": "M", "age": "O"} for _ in range(3)]
    population = {"sex": {"F": 500.0, "M": 500.0}, "age": {"Y": 500.0, "O": 500.0}}
    untrimmed = weighting.rake(
        respondents=rows, margins=[("sex",), ("age",)], population=population, trim_factor=None
    )
    median = sorted(untrimmed.weights)[len(rows) // 2]
    assert untrimmed.largest > 3 * median
    trimmed = weighting.rake(
        respondents=rows, margins=[("sex",), ("age",)], population=population, trim_factor=3.0
    )
    assert trimmed.largest < untrimmed.largest
    capped = [w for w in trimmed.weights if w == pytest.approx(trimmed.largest)]
    assert trimmed.trimmed == len(capped) > 0
    assert untrimmed.trimmed == 0
    assert trimmed.design_effect < untrimmed.design_effect
    assert sum(trimmed.weights) == pytest.approx(1000.0, rel=1e-4)


def hand_interval(districts, weights, answers, positive):  # type: ignore[no-untyped-def]
    """Taylor-linearised SE of a weighted proportion, districts as strata, respondents
    without an answer outside the domain; logit interval on t with (respondents in the
    domain - strata) degrees of freedom."""
    inside = [a is not None for a in answers]
    y = [1.0 if a in positive else 0.0 for a in answers]
    total = sum(w for w, i in zip(weights, inside, strict=True) if i)
    p = sum(w * v for w, v, i in zip(weights, y, inside, strict=True) if i) / total
    z = [w * (v - p) / total if i else 0.0 for w, v, i in zip(weights, y, inside, strict=True)]
    variance = 0.0
    strata = sorted(set(districts))
    for h in strata:
        zh = [zi for zi, d in zip(z, districts, strict=True) if d == h]
        mean = sum(zh) / len(zh)
        variance += len(zh) / (len(zh) - 1) * sum((zi - mean) ** 2 for zi in zh)
    se = math.sqrt(variance)
    t = stats.t.ppf(0.975, sum(inside) - len(strata))
    logit = math.log(p / (1 - p))
    half = t * se / (p * (1 - p))
    expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    return 100 * p, 100 * se, 100 * expit(logit - half), 100 * expit(logit + half)


def test_intervals_match_a_hand_computation_to_1e_6() -> None:
    districts = ["A"] * 6 + ["B"] * 7
    weights = [1.5, 2.0, 0.7, 1.1, 3.2, 0.9, 1.0, 1.4, 2.2, 0.6, 1.8, 1.3, 2.5]
    answers = ["1", "2", "3", None, "1", "3", "2", "3", "3", "1", None, "4", "1"]
    found = estimates.question_estimates(
        districts=districts, weights=weights, answers=answers, positive={"1", "2"}, min_base=2
    )
    percent, se, lower, upper = hand_interval(districts, weights, answers, {"1", "2"})
    county = found[estimates.COUNTY]
    assert county.base == 11
    assert (county.percent, county.standard_error, county.lower, county.upper) == pytest.approx(
        (percent, se, lower, upper), abs=1e-6
    )


def test_change_since_last_year_is_a_z_test_on_the_two_standard_errors() -> None:
    now = estimates.Estimate("A", 400, 60.0, 55.0, 65.0, 2.5)
    before = estimates.Estimate("A", 400, 52.0, 47.0, 57.0, 2.4)
    change = estimates.change_since(now, before)
    assert change is not None
    z = 8.0 / math.sqrt(2.5**2 + 2.4**2)
    assert change.points == pytest.approx(8.0)
    assert change.z == pytest.approx(z)
    assert change.p_value == pytest.approx(2 * (1 - stats.norm.cdf(z)))
    assert change.significant
    small = estimates.change_since(estimates.Estimate("A", 400, 53.0, 48.0, 58.0, 2.5), before)
    assert small is not None and not small.significant
    suppressed = estimates.Estimate("A", 10, None, None, None, None)
    assert estimates.change_since(suppressed, before) is None


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["1", "2", "3", None]), min_size=4, max_size=60),
    st.integers(min_value=2, max_value=40),
)
def test_small_bases_are_suppressed_and_shown_bases_have_an_interval(answers, min_base):  # type: ignore[no-untyped-def]
    districts = ["A" if i % 3 else "B" for i in range(len(answers))]
    found = estimates.question_estimates(
        districts=districts,
        weights=[1.0 + (i % 4) for i in range(len(answers))],
        answers=answers,
        positive={"1"},
        min_base=min_base,
    )
    for estimate in found.values():
        answered = sum(
            1
            for d, a in zip(districts, answers, strict=True)
            if a is not None and (estimate.area in {"", d})
        )
        assert estimate.base == answered
        if answered < min_base:
            assert estimate.suppressed
        else:
            assert estimate.lower is not None and estimate.upper is not None
            assert estimate.lower <= estimate.percent <= estimate.upper  # type: ignore[operator]


def test_an_interval_is_given_even_without_degrees_of_freedom() -> None:
    # Two answers, one in each district: the design-based variance has no degrees of freedom
    # (svy gives no interval); the county figure still carries one around its estimate.
    found = estimates.question_estimates(
        districts=["B", "A", "A", "B"],
        weights=[1.0, 2.0, 3.0, 4.0],
        answers=["1", "2", None, None],
        positive={"1"},
        min_base=2,
    )
    county = found[estimates.COUNTY]
    assert county.lower is not None and county.upper is not None
    assert county.lower <= county.percent <= county.upper  # type: ignore[operator]


def test_a_district_of_one_respondent_leaves_the_county_estimate_standing() -> None:
    # A stratum of one respondent has no variance of its own (svy refuses it unless told how):
    # taken around the grand mean, the county still gets its weighted share and an interval.
    districts = ["A"] * 8 + ["B"]
    weights = [1.0, 2.0, 1.5, 1.0, 0.5, 2.0, 1.0, 1.0, 3.0]
    answers = ["1", "2", "1", "2", "1", "1", "2", "2", "1"]
    found = estimates.question_estimates(
        districts=districts, weights=weights, answers=answers, positive={"1"}, min_base=2
    )
    county = found[estimates.COUNTY]
    share = 100 * sum(w for w, a in zip(weights, answers, strict=True) if a == "1") / sum(weights)
    assert county.percent == pytest.approx(share)
    assert county.lower is not None and county.upper is not None
    assert county.lower < county.percent < county.upper
    assert found["B"].suppressed and found["B"].base == 1
