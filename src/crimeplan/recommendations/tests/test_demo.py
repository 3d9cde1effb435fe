"""The demonstration tracker loads a fictional inspection with its recommendations, links one
to the demonstration plan, pulls in the modules' findings, and loading again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.audit.models import AuditEvent
from crimeplan.core.findings import Finding
from crimeplan.delivery import demo as delivery_demo

from .. import demo, selectors, sync
from ..constants import Source, Status
from ..models import Inspection, InspectionGrade, Recommendation, Update

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Inspection, InspectionGrade, Recommendation, Update, AuditEvent)
    )


def test_load_twice(reference: None, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    accounts_demo.load()
    delivery_demo.load()
    finding = Finding(
        source=Source.CUSTODY_VISITING, key="1", title="Custody visiting issue 1", url="/x/"
    )
    monkeypatch.setattr(sync, "sources", lambda: iter([("scrutiny", lambda: [finding])]))
    lines = demo.load()
    assert lines == [
        "Recommendations: a fictional PEEL inspection with 7 grades and 7 fictional "
        "recommendations.",
        "Recommendations from the modules' findings: 1 created, 0 updated, 0 unchanged.",
    ]
    inspection = Inspection.objects.get()
    assert inspection.is_fictional and inspection.in_engage
    direct = Recommendation.objects.filter(source_key="")
    assert all("(fictional)" in item.title for item in direct)
    assert direct.filter(source=Source.HMICFRS_CAUSE_OF_CONCERN).count() == 2
    assert direct.filter(source=Source.HMICFRS_AREA_FOR_IMPROVEMENT).count() == 3
    public = Recommendation.objects.get(is_public=True)
    assert public.source == Source.HMICFRS_CAUSE_OF_CONCERN
    assert public.action is not None and public.action.is_fictional
    assert public.plan_priority == public.action.commitment.priority
    assert set(direct.values_list("status", flat=True)) == set(Status.values)
    assert selectors.public_figures()["totals"]["total"] == 8

    counts = _counts()
    assert demo.load() == [
        "Recommendations from the modules' findings: 0 created, 0 updated, 1 unchanged."
    ]
    assert _counts() == counts
