"""The Victims' Code compliance figures in the open-data feed (crimeplan.core.opendata)."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from crimeplan.core.opendata import Dataset

from . import figures, selectors
from .constants import period_label

COLUMNS = ["quarter", *figures.COLUMNS]


def datasets() -> list[Dataset]:
    rows = [
        {"quarter": period_label(year, quarter), **row}
        for year, quarter in selectors.quarters_returned()
        for row in selectors.figure_dicts(selectors.compliance_figures(year=year, quarter=quarter))
    ]
    return [
        Dataset(
            id="victims_code.compliance",
            title=gettext_noop("Victims' Code compliance by quarter, right and agency"),
            description=gettext_noop(
                "How many victims were eligible for each right of the Code of Practice "
                "for Victims of Crime and how many received it, by quarter and agency, with a "
                "95 per cent interval and the change from the quarter before."
            ),
            source=gettext_noop(
                "Victims' Code compliance returns made to the OPCC by the criminal justice agencies"
            ),
            as_at=timezone.localdate(),
            columns=COLUMNS,
            rows=rows,
            page="victims_code:figures",
        )
    ]
