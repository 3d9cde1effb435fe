"""Case sampling: reproducible from the seed, independent of listing order, rule recorded."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.scrutiny.sampling import draw_sample

references = st.lists(st.text("ABCDEF0123456789-", min_size=1, max_size=8), min_size=1, unique=True)


@given(references, st.integers(0, 2**32), st.data())
def test_sample_is_reproducible_and_order_free(refs: list[str], seed: int, data) -> None:  # type: ignore[no-untyped-def]
    size = data.draw(st.integers(1, len(refs)))
    shuffled = refs[:]
    random.Random(seed).shuffle(shuffled)
    first = draw_sample(references=refs, size=size, seed=seed)
    assert draw_sample(references=shuffled, size=size, seed=seed) == first
    assert len(first.references) == size
    assert set(first.references) <= set(refs)
    assert first.eligible == len(refs)
    assert f"seed {seed}" in first.rule
    assert f"{size} of {len(refs)}" in first.rule


def test_the_draw_is_the_documented_one() -> None:
    refs = [f"OOCD-{n:03d}" for n in range(1, 41)]
    sample = draw_sample(references=refs, size=5, seed=2025, criteria="community resolutions")
    assert sample.references == tuple(sorted(random.Random(2025).sample(sorted(refs), 5)))
    assert sample.rule.startswith(
        "Simple random sample of 5 of 40 cases (community resolutions), without replacement; "
        "seed 2025;"
    )


def test_different_seeds_usually_differ() -> None:
    refs = [str(n) for n in range(100)]
    draws = {draw_sample(references=refs, size=10, seed=s).references for s in range(20)}
    assert len(draws) == 20


@pytest.mark.parametrize("size", [0, 4])
def test_impossible_sizes_are_refused(size: int) -> None:
    with pytest.raises(ValueError, match="case"):
        draw_sample(references=["a", "b", "c"], size=size, seed=1)
