"""The table: each measure's published row for the force, and the table's population notes."""

from ..constants import (
    NOT_A_SAMPLE,
    MeasureKind,
    Verdict,
)
from ..framework import Framework, Measure
from ..wording import Note, gettext_noop
from .arithmetic import aim_met, area_result, group_figures, share_result
from .change import standing, target_met, test_counts, test_percentages, test_shares
from .rows import ChangeTest, Inputs, MeasureData, MeasureRow, Populations, Table


def measure_row(measure: Measure, inputs: Inputs) -> MeasureRow:
    data = inputs.data.get(measure.id, MeasureData())
    if measure.kind == MeasureKind.SHARE:
        return _share_row(measure, inputs, data)
    force_pop = inputs.populations.get(inputs.force, Populations())
    force = area_result(measure.kind, data.force, force_pop)
    group_figs, group_pop, basis = group_figures(measure, inputs, data)
    group = area_result(measure.kind, group_figs, group_pop) if group_figs else None
    comparators = {
        area: area_result(measure.kind, figures, inputs.populations.get(area, Populations()))
        for area, figures in data.comparators.items()
    }
    if measure.kind == MeasureKind.COUNT:
        test = test_counts(measure.aim, force)
    elif measure.kind == MeasureKind.PERCENTAGE:
        test = test_percentages(measure.aim, data.force)
    else:
        test = ChangeTest(Verdict.NOT_TESTABLE, NOT_A_SAMPLE[measure.kind.value])
    if measure.kind == MeasureKind.TARGET:
        met = target_met(measure, force)
    else:
        met = aim_met(measure.aim, force.baseline, force.current)
    ranked = measure.kind in (MeasureKind.COUNT, MeasureKind.PERCENTAGE)
    return MeasureRow(
        measure=measure,
        force=force,
        group=group,
        group_basis=basis,
        aim_met=met,
        test=test,
        standing=standing(measure, inputs, data) if ranked else None,
        comparators=comparators,
    )


def _share_row(measure: Measure, inputs: Inputs, data: MeasureData) -> MeasureRow:
    total = inputs.data.get(measure.share_of or "", MeasureData())
    force = share_result(data.force, total.force)
    group_part, _, basis = group_figures(measure, inputs, data)
    group_total, _, total_basis = group_figures(measure, inputs, total)
    group = None
    if group_part is not None and group_total is not None and basis == total_basis:
        group = share_result(group_part, group_total)
    comparators = {
        area: share_result(figures, total.comparators.get(area))
        for area, figures in data.comparators.items()
    }
    force_total = share_result(total.force, total.force)
    return MeasureRow(
        measure=measure,
        force=force,
        group=group,
        group_basis=basis if group else "not available",
        aim_met=aim_met(measure.aim, force.share_baseline, force.share_current),
        test=test_shares(measure.aim, force, force_total),
        standing=None,
        comparators=comparators,
    )


def compute_table(framework: Framework, inputs: Inputs) -> Table:
    rows = tuple(measure_row(measure, inputs) for measure in framework.measures)
    notes = []
    has_rates = any(m.kind == MeasureKind.COUNT for m in framework.measures)
    for period in framework.periods if has_rates else ():
        pop = inputs.populations.get(inputs.force, Populations())
        value = pop.baseline if period.name == "baseline" else pop.current
        if value:
            notes.append(
                Note(
                    gettext_noop("%(period)s: rates use the %(year)s population (%(population)s)."),
                    period_name=period.name,
                    period=period.label,
                    year=period.population_year,
                    population=f"{value:,}",
                )
            )
        else:
            notes.append(
                Note(
                    gettext_noop(
                        "%(period)s: rates use the %(year)s population (not held: rates not shown)."
                    ),
                    period_name=period.name,
                    period=period.label,
                    year=period.population_year,
                )
            )
    return Table(framework, inputs.force, rows, inputs.populations, tuple(notes))
