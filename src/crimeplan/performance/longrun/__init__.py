"""The long-run series of anti-social behaviour incidents per 1,000 people by year ending March
for a force, its Most Similar Group, its region and England and Wales: the loader for the ONS
table "Anti-social behaviour incidents recorded by the police, by police force area", and the
chart, plain-English summary and data table a report shows.

The package, in the order a file goes through it: `sheets` (reading an XLSX, ODS or CSV file),
`reading` (the ONS table and its areas, into figures), `storing` (the load: `run`, `load_demo`)
and `chart` (the series, the chart, the summary and the table: `longrun_chart`). The names other
modules use are imported here.
"""

from .chart import (
    KIND_STYLES,
    LongRunChart,
    Series,
    chart_spec,
    longrun_chart,
    longrun_series,
    summary_text,
    table_rows,
)
from .reading import (
    ENGLAND_AND_WALES,
    FORCE_REGION,
    NOT_COMPARATORS,
    REGIONS,
    Area,
    AreaIndex,
    LoadReport,
    ParsedFigure,
    TableReader,
    figure_of,
    year_ending_march,
)
from .sheets import AsbFileError, Cell, Sheet, read_sheets
from .storing import DEMO_FILE, FROM_FILE, REFERENCE, load_demo, parse_file, run

__all__ = [
    "DEMO_FILE",
    "ENGLAND_AND_WALES",
    "FORCE_REGION",
    "FROM_FILE",
    "KIND_STYLES",
    "NOT_COMPARATORS",
    "REFERENCE",
    "REGIONS",
    "Area",
    "AreaIndex",
    "AsbFileError",
    "Cell",
    "LoadReport",
    "LongRunChart",
    "ParsedFigure",
    "Series",
    "Sheet",
    "TableReader",
    "chart_spec",
    "figure_of",
    "load_demo",
    "longrun_chart",
    "longrun_series",
    "parse_file",
    "read_sheets",
    "run",
    "summary_text",
    "table_rows",
    "year_ending_march",
]
