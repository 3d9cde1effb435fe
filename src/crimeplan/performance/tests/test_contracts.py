"""What other apps read of performance: a published report's table as a typed, versioned
`PublishedTable`, and printed tables loaded as published."""

import pytest

from crimeplan.crime_data import aggregates
from crimeplan.performance import computed, contracts, services
from crimeplan.performance.example import TABLE
from crimeplan.performance.models import PrintedTable, Snapshot
from crimeplan.performance.tests.factories import example_files, saved_framework

pytestmark = pytest.mark.django_db
SLUG = "gloucestershire-2021-25"


def test_a_published_report_is_read_as_a_typed_table_of_its_version(reference: None) -> None:
    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    record, _ = saved_framework(SLUG)
    for row in computed.computed_table(record).table.rows:
        if row.aim_met is False:
            services.commentary_save(
                actor=None, record=record, measure_id=row.measure.id, text="{measure} changed."
            )
    snapshot = services.publish(actor=None, record=record, title="Q2 report")
    assert snapshot.document["schema_version"] == contracts.SCHEMA_VERSION == 1

    table = contracts.published_table(snapshot)
    assert (table.framework, table.number, table.title) == (SLUG, 1, "Q2 report")
    assert (table.baseline_period, table.period) == ("2019", "12 months to September 2023")
    assert len(table.rows) == len(snapshot.document["measures"])
    shops = table.row("theft-from-shops")
    assert shops is not None
    assert (shops.name, shops.aim, shops.aim_met) == ("Theft from shops", "reduce", False)
    assert shops.verdict == "significant deterioration"
    assert contracts.latest_published_tables(5) == [table]


def test_a_document_written_before_versions_is_version_one() -> None:
    table = contracts.read_document(
        {
            "periods": {"current": {"label": "2023"}},
            "measures": [
                {"id": "all-crime", "measure": "All Crime", "aim_met": "yes", "verdict": "x"},
                {"id": "burglary", "aim_met": ""},
                {"measure": "no id: not a row"},
            ],
        },
        framework="f",
        number=3,
    )
    assert table.schema_version == 1 and table.period == "2023" and table.baseline_period == ""
    assert [(r.measure_id, r.name, r.aim_met, r.verdict) for r in table.rows] == [
        ("all-crime", "All Crime", True, "x"),
        ("burglary", "burglary", None, ""),
    ]


@pytest.mark.parametrize("version", [2, "1", None, True])
def test_an_unknown_schema_version_is_refused_by_name(version: object) -> None:
    with pytest.raises(contracts.UnknownSchemaVersion) as caught:
        contracts.read_document({"schema_version": version}, framework="f", number=3)
    assert str(caught.value) == (
        f"published report 3 of f: schema version {version!r} is not one this version of "
        "crimeplan reads (1); upgrade crimeplan to read it"
    )


def test_a_document_that_is_not_a_table_is_refused() -> None:
    with pytest.raises(contracts.UnknownSchemaVersion, match="published report 1 of f"):
        contracts.read_document(["measures"], framework="f", number=1)


def test_a_printed_table_is_kept_and_printed_as_published(reference: None) -> None:
    assert contracts.latest_printed_table() is None
    rows = contracts.read_printed_table_file(TABLE)
    loaded = services.printed_table_load(
        rows=rows,
        title="Crime measures",
        source="Plan update 2023",
        baseline_label="2019",
        current_label="12 months to September 2023",
        actor=None,
    )
    assert contracts.latest_printed_table() == loaded == PrintedTable.objects.get()
    table = contracts.printed_report_table(loaded)
    assert table.slug == f"snapshot-{loaded.pk}"
    assert [r.measure for r in table.rows] == [str(r["measure"]) for r in rows]
    first = table.rows[0]
    assert first.cells["force_rate_baseline"] == rows[0]["force_rate_baseline"]
    assert first.cells["force_change"] == f"{rows[0]['force_pct_change']}%"
    assert first.verdict == "not testable"
    assert not Snapshot.objects.exists()
