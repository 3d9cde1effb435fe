"""The performance table: pure functions from figures and populations to the published row.

No ORM here. Everything printed comes from exact decimal arithmetic and is rounded half-up at
the measure's precision only when shown (`MeasureRow.printed`), never by float formatting.
Beyond the published table, each row carries a test of the change (a Poisson score test for
counts with population as exposure; a two-proportion score test for percentages with known
sample sizes), a verdict, and the force's rank and outlier status among the group's members.

Besides counts and percentages a measure may be a share of a total count (tested as two
proportions), a count against a target, a rank among forces or a time in seconds; the last
three are not samples, so their verdict is "not testable" with the reason said.

The package: `rows` (the inputs and the outputs), `printing` (how figures are printed),
`arithmetic` (rates, changes, shares, the group's figures), `change` (the tests of the change
and the standing) and `table` (`compute_table`). The names other modules use are imported here.
"""

from .arithmetic import (
    GroupRate,
    aim_met,
    area_result,
    group_figures,
    group_rates,
    percent_change,
    rate_per_thousand,
    share_percent,
    share_result,
)
from .change import standing, target_met, test_counts, test_percentages, test_shares
from .printing import duration_text, figure_text, fixed, ordinal, round_half_up
from .rows import (
    CHANGE_UNITS,
    CSV_COLUMNS,
    EXTRA_COLUMNS,
    AreaFigures,
    AreaResult,
    ChangeTest,
    Figure,
    Inputs,
    MeasureData,
    MeasureRow,
    Populations,
    Standing,
    Table,
    measure_data,
)
from .table import compute_table, measure_row

__all__ = [
    "CHANGE_UNITS",
    "CSV_COLUMNS",
    "EXTRA_COLUMNS",
    "AreaFigures",
    "AreaResult",
    "ChangeTest",
    "Figure",
    "GroupRate",
    "Inputs",
    "MeasureData",
    "MeasureRow",
    "Populations",
    "Standing",
    "Table",
    "aim_met",
    "area_result",
    "compute_table",
    "duration_text",
    "figure_text",
    "fixed",
    "group_figures",
    "group_rates",
    "measure_data",
    "measure_row",
    "ordinal",
    "percent_change",
    "rate_per_thousand",
    "round_half_up",
    "share_percent",
    "share_result",
    "standing",
    "target_met",
    "test_counts",
    "test_percentages",
    "test_shares",
]
