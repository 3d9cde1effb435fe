"""Weights a survey sample to population margins by raking (svy), with a documented trim rule.

Pure: respondents and population margins in, one weight per respondent and the weighting's
quality figures out. No ORM, so the golden test and an analyst's notebook call it directly.

The trim rule: after raking, no weight may exceed `trim_factor` times the median weight of
its district; svy cuts any weight above that and shares the excess among the district's
other respondents in proportion to their weights (repeating until none is above the cap).
District totals still hold exactly; the age and sex margins may then miss by a little, the
price of a smaller design effect.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import svy

LEVEL_SEPARATOR = " | "
DEFAULT_TRIM_FACTOR = 5.0
RAKE_TOLERANCE = 1e-10
RAKE_MAX_ITERATIONS = 1000


class WeightingError(ValueError):
    """The sample cannot be weighted to these margins (a level with no respondents, say)."""


@dataclass(frozen=True)
class WeightingResult:
    weights: list[float]
    respondents: int
    design_effect: float  # Kish's design effect due to unequal weights: n Σw² / (Σw)²
    effective_n: float
    efficiency: float  # 1 / design effect, as a fraction
    trimmed: int  # weights the trim rule capped
    smallest: float
    largest: float


def margin_name(variables: Sequence[str]) -> str:
    return "*".join(variables)


def margin_level(row: Mapping[str, object], variables: Sequence[str]) -> str:
    return LEVEL_SEPARATOR.join(str(row[v]) for v in variables)


def margins_from_cells(
    cells: Sequence[Mapping[str, object]],
    margins: Sequence[Sequence[str]],
    *,
    population_field: str = "population",
) -> dict[str, dict[str, float]]:
    """Population totals for each margin, summed from a table of population cells
    (e.g. district x age band x sex)."""
    totals: dict[str, dict[str, float]] = {}
    for variables in margins:
        name = margin_name(variables)
        totals[name] = {}
        for cell in cells:
            level = margin_level(cell, variables)
            population = float(cell[population_field])  # type: ignore[arg-type]
            totals[name][level] = totals[name].get(level, 0.0) + population
    return totals


def kish_design_effect(weights: Sequence[float]) -> float:
    w = np.asarray(weights, dtype=float)
    return float(len(w) * np.sum(w**2) / np.sum(w) ** 2)


def _check_levels(frame: pl.DataFrame, controls: Mapping[str, Mapping[str, float]]) -> None:
    for name, levels in controls.items():
        held = set(frame[name].unique().to_list())
        unknown = held - set(levels)
        if unknown:
            raise WeightingError(
                f"margin {name}: respondents in {', '.join(sorted(unknown))} "
                "have no population figure"
            )
        empty = [level for level in levels if level not in held]
        if empty:
            raise WeightingError(
                f"margin {name}: no respondents in {', '.join(sorted(empty))}; "
                "raking needs at least one in every level (collapse the levels)"
            )


def rake(
    *,
    respondents: Sequence[Mapping[str, object]],
    margins: Sequence[Sequence[str]],
    population: Mapping[str, Mapping[str, float]],
    stratum: str = "district",
    trim_factor: float | None = DEFAULT_TRIM_FACTOR,
) -> WeightingResult:
    """Rakes equal starting weights to `population` (from `margins_from_cells`), in the order
    of `respondents`; `trim_factor=None` skips trimming."""
    if not respondents:
        raise WeightingError("there are no respondents to weight")
    columns: dict[str, list[object]] = {stratum: [r[stratum] for r in respondents]}
    for variables in margins:
        columns[margin_name(variables)] = [margin_level(r, variables) for r in respondents]
    columns["base_weight"] = [1.0] * len(respondents)
    frame = pl.DataFrame(columns)
    controls: dict[str, dict[Any, Any]] = {
        name: dict(levels) for name, levels in population.items()
    }
    _check_levels(frame, controls)
    sample = svy.Sample(frame, svy.Design(wgt="base_weight"))
    try:
        raked = sample.weighting.rake(
            controls=controls,
            wgt_name="raked_weight",
            tol=RAKE_TOLERANCE,
            max_iter=RAKE_MAX_ITERATIONS,
        )
        if trim_factor:
            # svy logs an audit line per district at INFO; its figures are read below instead.
            with svy.temporary_log_level(logging.WARNING):
                raked = raked.weighting.trim(
                    upper=svy.Threshold("median", trim_factor),
                    by=stratum,
                    min_cell_size=2,
                    wgt_name=None,
                )
    except svy.SvyError as error:
        raise WeightingError(f"raking failed: {error}") from error
    weights: list[float] = raked.data.get_column("raked_weight").to_list()  # type: ignore[union-attr]
    trimmed = sum(
        int(w.extra.get("n_trimmed_upper", 0))
        for w in raked.warnings
        if w.code == "WEIGHT_ADJ_AUDIT" and w.extra
    )
    deff = kish_design_effect(weights)
    return WeightingResult(
        weights=weights,
        respondents=len(weights),
        design_effect=deff,
        effective_n=len(weights) / deff,
        efficiency=1 / deff,
        trimmed=trimmed,
        smallest=min(weights),
        largest=max(weights),
    )
