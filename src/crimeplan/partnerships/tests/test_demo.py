"""The demonstration register loads, names the published boards and posts, and loading it
again changes nothing."""

import pytest

from crimeplan.accounts import demo as accounts_demo
from crimeplan.audit.models import AuditEvent

from .. import demo
from ..models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Board, BoardMember, Meeting, JointlyFundedPost, PostFunding, AuditEvent)
    )


def test_load_twice(reference: None, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    accounts_demo.load()
    lines = demo.load()
    assert "7 boards and 7 jointly funded posts" in lines[0]
    safer = Board.objects.get(name="Safer Gloucestershire")
    assert safer.chair_organisation is not None and safer.chair_organisation.kind == "opcc"
    assert safer.members.filter(organisation__kind="csp").count() == 6
    cjb = Board.objects.get(name="Gloucestershire Criminal Justice Board")
    assert set(
        cjb.members.filter(organisation__isnull=True).values_list("role_title", flat=True)
    ) == {
        "Crown Prosecution Service",
        "HM Courts and Tribunals Service",
    }
    hate = JointlyFundedPost.objects.get(title="Strategic Hate Crime Co-ordinator")
    assert hate.host_organisation.name.startswith("Victim Support")
    assert all("Illustrative" in m.decisions_summary for m in Meeting.objects.all())
    counts = _counts()
    assert demo.load() == ["Partnerships register already loaded."]
    assert _counts() == counts
