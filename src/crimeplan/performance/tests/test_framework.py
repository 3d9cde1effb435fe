"""Framework files: every mistake named by its key; a framework survives export and import."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.performance import framework as fw
from crimeplan.performance.framework import FrameworkError

VALID = """
name = "Plan"
force = "gloucestershire"
comparison_group = "msg"

[periods.baseline]
label = "2019"
start = "2019-01"
end = "2019-12"
population_year = 2019

[periods.current]
label = "12 months to September 2023"
start = "2022-10"
end = "2023-09"
population_year = 2022

[[measures]]
id = "all-crime"
name = "All Crime"
kind = "count"
aim = "reduce"
priorities = ["CSC", "ELC"]
source = "aggregates"

[[measures]]
id = "pct-good-job"
name = "% who think the police do a good job"
kind = "percentage"
aim = "increase"
priorities = ["CSC"]
source = "aggregates"
sample_size_measure = "pct-good-job-n"
"""


def test_a_valid_file() -> None:
    framework = fw.loads(VALID)
    assert framework.baseline.months == 12 and framework.current.population_year == 2022
    assert [m.id for m in framework.measures] == ["all-crime", "pct-good-job"]
    assert fw.loads(fw.dumps(framework)) == framework


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            ('aim = "reduce"', 'aim = "lower"'),
            "measures[1].aim",
            "'lower' is not one of reduce | increase",
        ),
        (('kind = "count"', 'kind = "rate"'), "measures[1].kind", "not one of count | percentage"),
        (('start = "2019-01"', 'start = "2019-13"'), "periods.baseline.start", "not a month"),
        (('end = "2023-09"', 'end = "2022-01"'), "periods.current.end", "before the start"),
        (
            ("population_year = 2019", 'population_year = "2019"'),
            "periods.baseline.population_year",
            "not a whole number",
        ),
        (('id = "pct-good-job"', 'id = "all-crime"'), "measures[2].id", "used twice"),
        (
            ('comparison_group = "msg"', 'comparison_group = "similar"'),
            "comparison_group",
            'give "msg"',
        ),
        (
            ('source = "aggregates"\n\n', 'source = "police.uk"\n\n'),
            "measures[1].police_uk_crime_types",
            "at least one crime type",
        ),
        (
            ('priorities = ["CSC", "ELC"]', 'priorities = ["CSC", "ELC"]\nrate_decimals = 9'),
            "measures[1].rate_decimals",
            "not between 0 and 6",
        ),
        (
            ('name = "Plan"', 'name = "Plan"\ncolour = "blue"'),
            "colour",
            "not a key crimeplan knows",
        ),
    ],
)
def test_mistakes_name_their_key(change: tuple[str, str], key: str, message: str) -> None:
    assert change[0] in VALID
    with pytest.raises(FrameworkError) as raised:
        fw.loads(VALID.replace(change[0], change[1], 1))
    assert raised.value.key == key
    assert message in raised.value.message


def test_not_toml() -> None:
    with pytest.raises(FrameworkError, match="not valid TOML"):
        fw.loads("name = ")


slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


@given(
    ids=st.lists(slugs, min_size=1, max_size=5, unique=True),
    aim=st.sampled_from(["reduce", "increase"]),
    decimals=st.none() | st.integers(0, 6),
)
def test_export_then_import_gives_the_same_framework(
    ids: list[str], aim: str, decimals: int | None
) -> None:
    base = fw.loads(VALID)
    measures = [
        fw.Measure(
            id=i,
            name=f"Measure {i}",
            kind=base.measures[0].kind,
            aim=fw.Aim(aim),
            priorities=("CSC",),
            source=base.measures[0].source,
            rate_decimals=decimals,
            change_decimals=decimals,
        )
        for i in ids
    ]
    framework = fw.Framework(
        base.name,
        base.force,
        ("avon-and-somerset", "wiltshire"),
        base.baseline,
        base.current,
        tuple(measures),
    )
    assert fw.loads(fw.dumps(framework)) == framework
