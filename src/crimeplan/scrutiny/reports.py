"""The annual reports as HTML and PDF, from the figures frozen in a `PublishedReport` (or a
preview of them). The PDF is drawn with fpdf2 from the same tables the HTML shows."""

from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .constants import ReportKind
from .models import PublishedReport

ICV_COLUMNS = [
    ("visits", "Visits"),
    ("detainees_in_custody", "In custody"),
    ("offered", "Offered a visit"),
    ("spoken_to", "Spoken to"),
    ("observed", "Observed"),
    ("declined", "Declined"),
    ("issues_raised", "Issues raised"),
    ("issues_resolved", "Issues resolved"),
    ("night_share_percent", "Night visits %"),
    ("weekend_share_percent", "Weekend visits %"),
]
COMPLIANCE_COLUMNS = [
    ("met", "Complied"),
    ("not_met", "Not complied"),
    ("not_assessed", "Not assessed"),
    ("rate_percent", "Compliance %"),
]


def title(report: PublishedReport) -> str:
    return f"{report.get_kind_display()} {report.year}/{(report.year + 1) % 100:02d}"


def file_stem(report: PublishedReport) -> str:
    return f"{report.kind}-annual-report-{report.year}"


def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


def tables(report: PublishedReport) -> list[dict[str, Any]]:
    """Each table: caption, header row, body rows (strings), for HTML and PDF alike."""
    data = report.figures
    if report.kind == ReportKind.ICV:
        return [
            {
                "caption": "Visits by custody suite and quarter (April to March)",
                "header": ["Suite", "Quarter", *[label for _, label in ICV_COLUMNS]],
                "rows": [
                    [row["site"], row["quarter"], *[_cell(row[k]) for k, _ in ICV_COLUMNS]]
                    for row in data.get("icv", [])
                ],
            }
        ]
    result = []
    for key, caption, first in (
        ("by_right", "Victims' Code compliance by right", "Right"),
        ("by_agency", "Victims' Code compliance by agency", "Agency"),
    ):
        result.append(
            {
                "caption": caption,
                "header": [first, *[label for _, label in COMPLIANCE_COLUMNS]],
                "rows": [
                    [row["key"], *[_cell(row[k]) for k, _ in COMPLIANCE_COLUMNS]]
                    for row in data.get(key, [])
                ],
            }
        )
    for key, caption in (
        ("outcomes", "Out-of-court disposal panel findings by quarter"),
        ("vetting_outcomes", "Vetting panel findings by quarter"),
    ):
        outcomes = data.get(key, [])
        labels = sorted({label for _, cells in outcomes for label in cells})
        result.append(
            {
                "caption": caption,
                "header": ["Quarter", *labels],
                "rows": [
                    [period, *[str(cells.get(lb, 0)) for lb in labels]]
                    for period, cells in outcomes
                ],
            }
        )
    return result


def context(report: PublishedReport) -> dict[str, Any]:
    return {"title": title(report), "tables": tables(report)}


def pdf_bytes(report: PublishedReport) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(title(report))
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=16)
    pdf.multi_cell(0, 9, _latin(title(report)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=10)
    if report.published_at:
        pdf.cell(
            0, 6, f"Published {report.published_at:%d %B %Y}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    if report.introduction:
        pdf.ln(2)
        pdf.multi_cell(0, 5, _latin(report.introduction), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for table in tables(report):
        pdf.ln(4)
        pdf.set_font("helvetica", style="B", size=12)
        pdf.cell(0, 7, _latin(table["caption"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("helvetica", size=8)
        with pdf.table(first_row_as_headings=True) as grid:
            for values in [table["header"], *table["rows"]]:
                row = grid.row()
                for value in values:
                    row.cell(_latin(value))
    return bytes(pdf.output())


def _latin(text: str) -> str:
    """The PDF's core font covers Latin-1; typographic dashes and quotes are swapped."""
    swaps = {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")
