"""The demonstration returns load, leave one agency's Q3 return missing, and loading them
again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.audit.models import AuditEvent

from .. import demo, selectors
from ..models import ComplianceReturn, ReturningAgency, ReturnLine, ReviewAction, ReviewMeeting

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            ReturningAgency,
            ComplianceReturn,
            ReturnLine,
            ReviewMeeting,
            ReviewAction,
            AuditEvent,
        )
    )


def test_load_twice(reference: None, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    accounts_demo.load()
    demo.load()
    assert ReturningAgency.objects.count() == 6
    assert ComplianceReturn.objects.filter(year=2025, quarter=2).count() == 6
    assert ComplianceReturn.objects.filter(year=2025, quarter=3).count() == 5
    (missing,) = selectors.missing_returns(year=2025, quarter=3)
    assert missing.organisation.kind == "youth_justice"
    assert ReviewAction.objects.count() == 2
    rows = selectors.compliance_figures(year=2025, quarter=3)
    assert {row.verdict for row in rows} >= {"significant improvement", "no significant change"}
    counts = _counts()
    demo.load()
    assert _counts() == counts
