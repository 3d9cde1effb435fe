"""The demo loads a fictional case at every status, and loading again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.asb_reviews import demo
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import CaseReview, Escalation, Recommendation

pytestmark = pytest.mark.usefixtures("reference")


def test_demo_cases_at_every_status(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    accounts_demo.load()
    assert demo.load() == ["ASB Case Reviews: 9 fictional cases, one at each status."]
    assert sorted(CaseReview.objects.values_list("status", flat=True)) == sorted(Status.values)
    assert all("(fictional)" in c.applicant_name for c in CaseReview.objects.all())
    assert Recommendation.objects.count() == 3
    assert Escalation.objects.count() == 1
    assert demo.load() == ["ASB Case Reviews: fictional cases already loaded."]
    assert CaseReview.objects.count() == 9
