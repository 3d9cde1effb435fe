"""Printed tables loaded as published are performance's (they were delivery's
PerformanceSnapshot): the migration moves them with their ids, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("performance", "0002_asb_year_figure"), ("delivery", "0002_plan_content_and_revisions")]
AFTER = [("performance", "0003_printed_table"), ("delivery", "0003_remove_performancesnapshot")]


def _migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():  # type: ignore[no-untyped-def]
    """Leave the database at the latest migrations for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_printed_tables_move_to_performance_with_their_ids(live_db, latest_schema_after) -> None:  # type: ignore[no-untyped-def]
    old = _migrate(BEFORE)
    loaded = datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.UTC)
    rows = [{"measure": "All Crime", "aim": "Reduce", "priorities": ["CSC"]}]
    old.get_model("delivery", "PerformanceSnapshot").objects.create(
        id=7, title="Crime measures", source="Plan update 2023", baseline_label="2019",
        current_label="12 months to September 2023", rows=rows, created_at=loaded,
    )  # fmt: skip

    new = _migrate(AFTER)
    moved = new.get_model("performance", "PrintedTable").objects.get()
    assert (moved.id, moved.title, moved.source, moved.rows, moved.created_at) == (
        7, "Crime measures", "Plan update 2023", rows, loaded,
    )  # fmt: skip
    assert (moved.baseline_label, moved.current_label) == ("2019", "12 months to September 2023")
    later = new.get_model("performance", "PrintedTable").objects.create(title="Later", rows=[])
    assert later.id > 7

    back = _migrate(BEFORE)
    assert sorted(
        back.get_model("delivery", "PerformanceSnapshot").objects.values_list("id", "title")
    ) == [(7, "Crime measures"), (later.id, "Later")]
