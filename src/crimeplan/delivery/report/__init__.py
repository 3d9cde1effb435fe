"""The plan update report ("You asked... we delivered"): the PCC's foreword, the introduction,
the plan on a page, then for each priority what the plan said, what was done (with its evidence
and references), what comes next and how the measures that serve it are doing; then the
performance tables with the verdict of the test of chance, the long-run ASB chart, the funding,
a glossary of the acronyms the text uses and how to get in touch. As an accessible HTML page and
as a tagged PDF (PDF/UA-1, WeasyPrint).

At publication every reference, figure placeholder, acronym and link is checked
(`publication_problems`); one that fails blocks publication with the list. Published versions
are frozen, and each says what changed since the version before.

The package: `contents` (what the report holds, the tables laid out for the page), `tables` (the
performance tables it prints), `building` (`build_report`), `publishing` (rendering, the checks and
`report_publish`) and `welsh` (the Welsh copy's translation memory). The names other modules
use are imported here.
"""

from .building import build_report, opcc_contact
from .contents import (
    Contact,
    DoneItem,
    NextItem,
    PerformanceLine,
    PlanReport,
    PrintedRow,
    PrintedTable,
    Reference,
    ReportPriority,
    printed_table,
    row_anchor,
    table_anchor,
)
from .publishing import (
    REPORT_ACRONYMS,
    FiguresMissing,
    PublicationBlocked,
    checked_drafts,
    draft,
    figures_missing,
    known_acronyms,
    publication_problems,
    render_body,
    render_document,
    render_pdf,
    report_publish,
)
from .tables import latest_snapshot, plan_tables, snapshot_table
from .welsh import Piece, welsh_save

__all__ = [
    "REPORT_ACRONYMS",
    "Contact",
    "DoneItem",
    "FiguresMissing",
    "NextItem",
    "PerformanceLine",
    "Piece",
    "PlanReport",
    "PrintedRow",
    "PrintedTable",
    "PublicationBlocked",
    "Reference",
    "ReportPriority",
    "build_report",
    "checked_drafts",
    "draft",
    "figures_missing",
    "known_acronyms",
    "latest_snapshot",
    "opcc_contact",
    "plan_tables",
    "printed_table",
    "publication_problems",
    "render_body",
    "render_document",
    "render_pdf",
    "report_publish",
    "row_anchor",
    "snapshot_table",
    "table_anchor",
    "welsh_save",
]
