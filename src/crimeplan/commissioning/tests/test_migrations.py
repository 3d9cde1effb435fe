"""The migration that turns an award's priority code into a link to the plan's Priority."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Delivery is taken back too: its later migrations add columns the old models do not know.
BEFORE = [("commissioning", "0002_award_delivery_actions"), ("delivery", "0001_initial")]
AFTER = [("commissioning", "0004_remove_award_priority_code"), ("delivery", "0001_initial")]


def _migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():  # type: ignore[no-untyped-def]
    """Leave the database at the latest migrations for the tests that follow (they would
    otherwise meet the schema of AFTER, with columns later migrations removed)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_priority_codes_become_links_to_the_latest_plans_priority(
    live_db, latest_schema_after
) -> None:  # type: ignore[no-untyped-def]
    old = _migrate(BEFORE)
    try:
        Plan = old.get_model("delivery", "Plan")
        Priority = old.get_model("delivery", "Priority")
        Organisation = old.get_model("accounts", "Organisation")
        Fund = old.get_model("commissioning", "Fund")
        Round = old.get_model("commissioning", "Round")
        Award = old.get_model("commissioning", "Award")
        earlier = Plan.objects.create(
            slug="old-plan", name="Old plan", force_id="gloucestershire",
            term_start=datetime.date(2017, 1, 1), term_end=datetime.date(2021, 4, 30),
        )  # fmt: skip
        latest = Plan.objects.create(
            slug="new-plan", name="New plan", force_id="gloucestershire",
            term_start=datetime.date(2021, 5, 1), term_end=datetime.date(2025, 4, 30),
        )  # fmt: skip
        Priority.objects.create(plan=earlier, code="CSC", title="Old safer", position=1)
        csc = Priority.objects.create(plan=latest, code="CSC", title="Safer", position=1)
        tcc = Priority.objects.create(plan=latest, code="TCC", title="Causes", position=2)
        recipient = Organisation.objects.create(name="Grantee", slug="grantee", kind="voluntary")
        fund = Fund.objects.create(name="Fund", slug="fund", kind="local", funder="OPCC")
        round_ = Round.objects.create(fund=fund, name="R1", budget_pence=1_000)
        for title, code in [("a", "CSC"), ("b", "tcc"), ("c", "XYZ"), ("d", "")]:
            Award.objects.create(
                round=round_, recipient=recipient, title=title, amount_pence=10,
                starts_on=datetime.date(2025, 4, 1), ends_on=datetime.date(2026, 3, 31),
                priority_code=code,
            )  # fmt: skip
    finally:
        new = _migrate(AFTER)
    Award = new.get_model("commissioning", "Award")
    linked = dict(Award.objects.values_list("title", "priority_id"))
    assert linked == {"a": csc.pk, "b": tcc.pk, "c": None, "d": None}
    # The unmatched code is not lost: the audit trail keeps it, against its award.
    kept = new.get_model("audit", "AuditEvent").objects.filter(object_type="commissioning.Award")
    assert [(e.object_label, e.before) for e in kept] == [("c", {"priority_code": "XYZ"})]
    assert "priority_code" not in {f.name for f in Award._meta.get_fields()}
