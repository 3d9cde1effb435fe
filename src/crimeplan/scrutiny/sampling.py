"""Drawing the cases a scrutiny panel reviews: reproducible from the seed, with the rule that
drew them written out so anyone can check the draw later. Pure: references in, sample out."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

SAMPLING_METHOD = "random.Random(seed).sample over the references in sorted order"


@dataclass(frozen=True)
class CaseSample:
    references: tuple[str, ...]
    eligible: int
    seed: int
    rule: str


def draw_sample(
    *, references: Sequence[str], size: int, seed: int, criteria: str = "all eligible cases"
) -> CaseSample:
    """A simple random sample without replacement of `size` of the distinct `references`.

    The references are sorted first, so the draw depends only on the set of cases, the size
    and the seed, never on the order they were listed in.
    """
    if size < 1:
        raise ValueError("A sample needs at least one case.")
    population = sorted(set(references))
    if size > len(population):
        raise ValueError(f"Asked for {size} cases but only {len(population)} match ({criteria}).")
    chosen = random.Random(seed).sample(population, size)  # noqa: S311 - not for security
    rule = (
        f"Simple random sample of {size} of {len(population)} cases ({criteria}), "
        f"without replacement; seed {seed}; {SAMPLING_METHOD}."
    )
    return CaseSample(
        references=tuple(sorted(chosen)), eligible=len(population), seed=seed, rule=rule
    )
