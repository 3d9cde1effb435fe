"""Weighted scores from independent panel members. Plain data in, numbers out."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CriterionWeight:
    criterion_id: int
    weight: int
    max_score: int


def weighted_percentage(
    criteria: Iterable[CriterionWeight], scores: Mapping[int, int]
) -> Decimal | None:
    """One assessor's scores (criterion id → score) as a percentage of the most the weights
    allow, to 2 decimals; None until every criterion is scored."""
    criteria = list(criteria)
    if not criteria or any(c.criterion_id not in scores for c in criteria):
        return None
    got = sum(scores[c.criterion_id] * c.weight for c in criteria)
    best = sum(c.max_score * c.weight for c in criteria)
    return (Decimal(got) * 100 / Decimal(best)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def panel_mean(percentages: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the complete assessments; None when no assessor has finished."""
    complete = [p for p in percentages if p is not None]
    if not complete:
        return None
    return (sum(complete, Decimal(0)) / len(complete)).quantize(Decimal("0.01"), ROUND_HALF_UP)
