"""The demonstration quarter loads through the services, gives the published figures below,
and loading it again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.audit.models import AuditEvent

from .. import demo, selectors
from ..models import ComplaintReview, Recommendation, ReviewEvent

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (ComplaintReview, Recommendation, ReviewEvent, AuditEvent)
    )


def test_load_twice(reference: None, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    accounts_demo.load()
    lines = demo.load()
    assert "12 synthetic applications in 2025/26 Q3" in lines[0]
    rows = {row["quarter"]: row for row in selectors.quarterly_figures()}
    # Worked by hand from demo.CASES: decided in Q3 after 15, 20, 25, 27, 29, 29 and 30
    # working days (median the 4th, 27; nearest-rank p90 the 7th, 30), all within 40; two
    # decided in Q4 after 41 (over Christmas and New Year) and 56.
    assert rows["2025/26 Q3"] == {
        "quarter": "2025/26 Q3",
        "applications": 12,
        "valid": 9,
        "decided": 7,
        "upheld": 2,
        "median_working_days_to_decision": 27,
        "p90_working_days_to_decision": 30,
        "decided_within_target": 7,
        "share_within_target_percent": 100.0,
    }
    assert rows["2025/26 Q4"]["decided"] == 2
    assert rows["2025/26 Q4"]["median_working_days_to_decision"] == 48.5
    assert rows["2025/26 Q4"]["p90_working_days_to_decision"] == 56
    assert Recommendation.objects.filter(accepted=True, acted_on__isnull=False).count() == 3
    counts = _counts()
    assert demo.load() == ["Complaint reviews already loaded."]
    assert _counts() == counts
