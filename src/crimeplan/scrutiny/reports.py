"""The annual reports as HTML and PDF, from the figures frozen in a `PublishedReport` (or a
preview of them). The PDF is made by WeasyPrint from a print document that includes the
same tables template as the HTML page, so both show the same figures, in the same language:
English, or Welsh for a reader who chose it (what staff typed is shown as typed)."""

import re
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop, pgettext
from django.utils.translation import gettext_lazy as _

from crimeplan.core import exports, languages
from crimeplan.core.pdf import tagged_pdf

from . import figures
from .constants import CaseOutcome, ReportKind, VictimsRight
from .models import PublishedReport

# The tables' headings are in the reader's language, on the public page and in the PDF.
ICV_COLUMNS = [
    ("visits", _("Visits")),
    ("detainees_in_custody", _("In custody")),
    ("offered", _("Offered a visit")),
    ("spoken_to", _("Spoken to")),
    ("observed", _("Observed")),
    ("declined", _("Declined")),
    ("issues_raised", _("Issues raised")),
    ("issues_resolved", _("Issues resolved")),
    ("night_share_percent", _("Night visits %")),
    ("weekend_share_percent", _("Weekend visits %")),
]
COMPLIANCE_COLUMNS = [
    ("met", _("Complied")),
    ("not_met", _("Not complied")),
    ("not_assessed", _("Not assessed")),
    ("rate_percent", _("Compliance %")),
]


def title(report: PublishedReport) -> str:
    return f"{report.get_kind_display()} {report.year}/{(report.year + 1) % 100:02d}"


def file_stem(report: PublishedReport) -> str:
    return f"{report.kind}-annual-report-{report.year}"


def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


QUARTER = re.compile(r"(?:(?P<years>\d{4}/\d{2}) )?Q(?P<quarter>[1-4])")


# Labels marked where they are declared, frozen in a report's figures in English.
MARKED_LABELS = frozenset(VictimsRight.labels) | frozenset(CaseOutcome.labels)


def _label(value: str) -> str:
    """A label frozen in the report's figures (English), in the reader's language: the
    scheme's total, a whole year, a quarter ("Q2", "2025/26 Q2"), a right of the Victims'
    Code or a panel's finding (each marked where it is declared). Anything else (a suite's or
    an agency's name) is data, shown as it is."""
    if value == figures.ALL_SUITES:
        return gettext("All suites")
    if value == figures.WHOLE_YEAR:
        return pgettext("the whole year, in a column of quarters", "all")
    if value in MARKED_LABELS:
        return gettext(value)
    quarter = QUARTER.fullmatch(str(value))
    if quarter and quarter["years"]:
        return gettext("%(years)s Q%(quarter)s") % quarter.groupdict()
    if quarter:
        return gettext("Q%(quarter)s") % quarter.groupdict()
    return value


def tables(report: PublishedReport) -> list[dict[str, Any]]:
    """Each table: caption, header row, body rows (strings), for HTML and PDF alike."""
    data = report.figures
    if report.kind == ReportKind.ICV:
        return [
            {
                "caption": _("Visits by custody suite and quarter (April to March)"),
                "header": [_("Suite"), _("Quarter"), *[label for _k, label in ICV_COLUMNS]],
                "rows": [
                    [
                        _label(row["site"]),
                        _label(row["quarter"]),
                        *[_cell(row[k]) for k, _l in ICV_COLUMNS],
                    ]
                    for row in data.get("icv", [])
                ],
            }
        ]
    result = []
    for key, caption, first in (
        ("by_right", _("Victims' Code compliance by right"), _("Right")),
        ("by_agency", _("Victims' Code compliance by agency"), _("Agency")),
    ):
        result.append(
            {
                "caption": caption,
                "header": [first, *[label for _k, label in COMPLIANCE_COLUMNS]],
                "rows": [
                    [_label(row["key"]), *[_cell(row[k]) for k, _l in COMPLIANCE_COLUMNS]]
                    for row in data.get(key, [])
                ],
            }
        )
    for key, caption in (
        ("outcomes", _("Out-of-court disposal panel findings by quarter")),
        ("vetting_outcomes", _("Vetting panel findings by quarter")),
    ):
        outcomes = data.get(key, [])
        labels = sorted({label for _period, cells in outcomes for label in cells})
        result.append(
            {
                "caption": caption,
                "header": [_("Quarter"), *[_label(label) for label in labels]],
                "rows": [
                    [_label(period), *[str(cells.get(lb, 0)) for lb in labels]]
                    for period, cells in outcomes
                ],
            }
        )
    return result


def context(report: PublishedReport) -> dict[str, Any]:
    return {"title": title(report), "tables": tables(report)}


# Where the figures come from (in the downloads' "About", in English; translated in a Welsh PDF).
SOURCES = {
    ReportKind.ICV: gettext_noop(
        "Custody visits reported by the OPCC's independent custody visitors, as recorded in "
        "crimeplan"
    ),
    ReportKind.PANELS: gettext_noop(
        "The findings of the OPCC's scrutiny panels and the Victims' Code returns, as recorded "
        "in crimeplan"
    ),
}


def about(report: PublishedReport) -> exports.About:
    """The published report's provenance: its figures were frozen when it was published."""
    return exports.About(
        source=SOURCES[ReportKind(report.kind)],
        as_at=timezone.localdate(report.published_at),
    )


def report_document(report: PublishedReport, language: str = languages.ENGLISH) -> str:
    """The report as a whole print-styled HTML document in `language`, with the same tables
    (the same template include) as the report's public page, and its provenance."""
    with translation.override(language):
        return render_to_string(
            "scrutiny/report_document.html",
            {
                "report": report,
                "about": about(report),
                "html_lang": languages.html_lang(language),
                "opcc_name": languages.name_in(
                    language, settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
                ),
                **context(report),
            },
        )


def pdf_bytes(report: PublishedReport, language: str = languages.ENGLISH) -> bytes:
    """The report's PDF in `language`, made by WeasyPrint from `report_document`: tagged
    (PDF/UA-1), with its language and title, so a screen reader can read the tables."""
    return tagged_pdf(report_document(report, language))


def file_name(report: PublishedReport, language: str = languages.ENGLISH) -> str:
    """The PDF's name: a Welsh one ends in -cy, so the two are told apart once saved."""
    return file_stem(report) + ("" if language == languages.ENGLISH else f"-{language}")
