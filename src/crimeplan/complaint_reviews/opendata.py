"""The complaint review figures in the open-data feed (crimeplan.core.opendata)."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from crimeplan.core.opendata import Dataset

from . import figures, selectors, services


def datasets() -> list[Dataset]:
    return [
        Dataset(
            id="complaint_reviews.by_quarter",
            title=gettext_noop("Police complaint reviews by quarter"),
            description=gettext_noop(
                "Applications for a review of how the force handled a complaint, "
                "whether valid, decided and upheld, and the working days to a decision, by "
                "financial-year quarter."
            ),
            source=gettext_noop(
                "Police complaint review applications and decisions recorded by the OPCC "
                "in crimeplan"
            ),
            as_at=timezone.localdate(),
            columns=figures.COLUMNS,
            rows=selectors.quarterly_figures(),
            page="complaint_reviews:figures",
            notes=(f"Decision target: {services.decision_target_working_days()} working days.",),
        )
    ]
