"""Custody visiting in the open-data feed (crimeplan.core.opendata): the visits by suite and
quarter of every published annual report, as frozen when it was published."""

from django.utils.translation import gettext_noop

from crimeplan.core.opendata import Dataset, newest_day

from . import selectors
from .constants import ReportKind
from .reports import ICV_COLUMNS

COLUMNS = ("year", "site", "quarter", *(key for key, _ in ICV_COLUMNS))


def datasets() -> list[Dataset]:
    reports = list(selectors.published_reports().filter(kind=ReportKind.ICV))
    rows = [
        {"year": report.year, **row}
        for report in sorted(reports, key=lambda r: r.year)
        for row in report.figures.get("icv", [])
    ]
    return [
        Dataset(
            id="scrutiny.custody_visits",
            title=gettext_noop("Independent custody visits by suite and quarter"),
            description=gettext_noop(
                "Visits made by the OPCC's independent custody visitors to each custody "
                "suite, the detainees offered a visit, spoken to and observed, and the issues "
                "raised and resolved, by financial year (April to March) and quarter, from each "
                "published annual report."
            ),
            source=gettext_noop(
                "Custody visits reported by the OPCC's independent custody visitors, as "
                "recorded in crimeplan"
            ),
            as_at=newest_day(r.published_at for r in reports),
            columns=COLUMNS,
            rows=rows,
            page="scrutiny:public_report_list",
        )
    ]
