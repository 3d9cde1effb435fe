"""The ASB Case Review figures in the open-data feed (crimeplan.core.opendata)."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from crimeplan.core.opendata import Dataset

from . import figures, selectors

# The years the feed carries, as the public figures page offers them.
YEARS = 5


def datasets() -> list[Dataset]:
    today = timezone.localdate()
    rows = [
        row
        for year in range(today.year - YEARS + 1, today.year + 1)
        for row in selectors.annual_figures(year=year)
    ]
    return [
        Dataset(
            id="asb_reviews.by_month",
            title=gettext_noop("ASB Case Reviews by month and district"),
            description=gettext_noop(
                "Applications for an ASB Case Review (the community trigger), "
                "decisions on the threshold, reviews held and their recommendations, by month and "
                "district, for the last five calendar years."
            ),
            source=gettext_noop(
                "ASB Case Review applications and decisions recorded by the OPCC in crimeplan"
            ),
            as_at=today,
            columns=figures.COLUMNS,
            rows=rows,
            page="asb_reviews:figures",
        )
    ]
