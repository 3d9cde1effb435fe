"""The computed tables and the measure pages' figures are cached per data version: any change
to what a table reads, including an offence code's measure, gives the new figures at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data import contracts as crime_contracts
from crimeplan.crime_data import offence_measures
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun, OffenceMeasure, RecordedCrime
from crimeplan.geography.models import Force
from crimeplan.performance import computed, services, tables

TOML = """name = "Homicide framework"
force = "gloucestershire"
comparison_group = ["wiltshire"]

[priorities]
CSC = "Creating safer communities"

[periods.baseline]
label = "April to June 2017"
start = "2017-04"
end = "2017-06"
population_year = 2017

[periods.current]
label = "July to September 2017"
start = "2017-07"
end = "2017-09"
population_year = 2017

[[measures]]
id = "homicide"
name = "Homicide"
kind = "count"
aim = "reduce"
priorities = ["CSC"]
source = "recorded-crime"
"""


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def homicide(reference: None) -> OffenceMeasure:
    force = Force.objects.get(police_uk_id="gloucestershire")
    run = ImportRun.objects.create(
        kind=ImportKind.RECORDED_CRIME, status=ImportStatus.SUCCEEDED, finished_at=timezone.now()
    )
    for quarter, counts in ((1, {"1": 3, "4.1": 5}), (2, {"1": 2, "4.1": 7})):
        for code, count in counts.items():
            RecordedCrime.objects.create(
                force=force,
                financial_year="2017/18",
                quarter=quarter,
                offence_code=code,
                offence_description=f"Offence {code}",
                count=count,
                import_run=run,
            )
    return OffenceMeasure.objects.create(slug="homicide", name="Homicide", offence_codes=["1"])


def _force_counts(slug: str) -> tuple[str, str]:
    row = tables.report_table(slug).rows[0]
    return row.cells["force_baseline"], row.cells["force_current"]


def test_editing_an_offence_measures_codes_changes_the_table_at_once(homicide) -> None:  # type: ignore[no-untyped-def]
    services.framework_save(actor=None, slug="homicide-table", toml=TOML)
    assert _force_counts("homicide-table") == ("3", "2")

    offence_measures.offence_measure_update(
        measure=homicide, offence_codes=["1", "4.1"], name="Homicide", actor=None
    )

    assert _force_counts("homicide-table") == ("8", "9")


def test_a_change_that_keeps_the_number_of_codes_changes_the_table_too(homicide) -> None:  # type: ignore[no-untyped-def]
    services.framework_save(actor=None, slug="homicide-table", toml=TOML)
    assert _force_counts("homicide-table") == ("3", "2")

    OffenceMeasure.objects.filter(pk=homicide.pk).update(offence_codes=["4.1"])

    assert _force_counts("homicide-table") == ("5", "7")


def test_the_measure_page_shows_the_new_figure(client, world, homicide) -> None:  # type: ignore[no-untyped-def]
    record, _ = services.framework_save(actor=None, slug="homicide-table", toml=TOML)
    client.force_login(world.people[Role.OPCC_ANALYST])
    url = reverse("performance:measure", kwargs={"slug": record.slug, "measure_id": "homicide"})
    assert client.get(url).status_code == 200
    assert computed.computed_table(record).table.rows[0].force.baseline == 3

    homicide.offence_codes = ["1", "4.1"]
    homicide.save()

    assert client.get(url).status_code == 200
    assert computed.computed_table(record).table.rows[0].force.baseline == 8


def test_the_data_version_changes_with_each_input(homicide) -> None:  # type: ignore[no-untyped-def]
    first = crime_contracts.data_version()
    assert crime_contracts.data_version() == first
    OffenceMeasure.objects.filter(pk=homicide.pk).update(offence_codes=["4.1"])
    second = crime_contracts.data_version()
    assert second != first
    OffenceMeasure.objects.filter(pk=homicide.pk).update(disabled_on=timezone.localdate())
    third = crime_contracts.data_version()
    assert third != second
    ImportRun.objects.create(
        kind=ImportKind.AGGREGATES, status=ImportStatus.SUCCEEDED, finished_at=timezone.now()
    )
    assert crime_contracts.data_version() != third
