"""Who may open each victims' feedback page (added to the module's `permission_rows.ROWS`):
OPCC analysts, policy officers and administrators read and import the survey; only policy
officers and administrators publish it. Nobody outside the OPCC sees these pages."""

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import Row
from crimeplan.core.tests.world import World

from ..models import FeedbackSurvey

READERS = frozenset({Role.OPCC_ANALYST, Role.OPCC_POLICY, Role.OPCC_ADMIN})
PUBLISHERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})


def quarter(world: World) -> dict[str, object]:
    del world  # the survey belongs to no organisation
    survey, _ = FeedbackSurvey.objects.get_or_create(
        year=2025,
        quarter=3,
        defaults={
            "title": "Feedback",
            "codebook": {},
            "source_file": "feedback.csv",
            "min_per_group": 30,
            "min_base": 50,
            "respondents": 0,
            "weighted": False,
            "weighting_reason": "No count of victims was given.",
            "design_effect": 1.0,
            "effective_n": 0.0,
        },
    )
    return {"year": survey.year, "quarter": survey.quarter}


ROWS: list[Row] = [
    Row("victims_code:feedback_list", READERS),
    Row("victims_code:feedback_import", READERS),
    Row("victims_code:feedback_detail", READERS, quarter),
    Row("victims_code:feedback_publish", PUBLISHERS, quarter, method="post", ok_status=302),
]
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {}
