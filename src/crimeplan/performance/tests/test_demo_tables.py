"""The demo loads the plan update's ASB, CSEW and constabulary tables (twice, changing
nothing the second time), and their pages and report tables show them."""

import pytest

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data.models import AggregateValue
from crimeplan.performance import demo, tables
from crimeplan.performance import framework as fw
from crimeplan.performance.models import FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None, settings) -> World:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_FORCE = "gloucestershire"
    return build_world()


def constabulary_notes() -> tuple[str, ...]:
    toml, _, _ = demo.PLAN_UPDATE_TABLES["gloucestershire-2021-25-constabulary"]
    return fw.loads(toml.read_text(encoding="utf-8")).notes


def test_the_demo_loads_three_more_tables_once(world: World) -> None:
    lines = demo.load()
    for slug in demo.PLAN_UPDATE_TABLES:
        assert f"Performance framework {slug} saved." in lines
    figures, versions = AggregateValue.objects.count(), FrameworkVersion.objects.count()
    assert demo.load() == ["Performance frameworks already loaded."]
    assert (AggregateValue.objects.count(), FrameworkVersion.objects.count()) == (
        figures,
        versions,
    )
    asb = tables.report_table("gloucestershire-2021-25-asb")
    assert asb.rows[0].cells["force_rate_current"] == "15.00"
    assert [s.force_baseline for s in asb.rows[0].shares] == ["40.01%", "52.11%", "7.87%"]
    csew = tables.report_table("gloucestershire-2021-25-csew")
    assert len(csew.rows) == 17
    comments = dict(csew.commentary)
    litter = "Percentage that believe litter or rubbish is a problem in their area"
    assert "rose by 7.7 percentage points" in comments[litter]
    # Every row whose aim is not met is explained.
    assert {r.measure for r in csew.rows if r.aim_met == "No"} == set(comments)
    constabulary = tables.report_table("gloucestershire-2021-25-constabulary")
    assert constabulary.rows[1].cells["force_current"] == "22nd of 44"
    # Nothing about populations or incomplete figures: the table has no rates, and the
    # ranks are published once only.
    assert constabulary.notes == (*constabulary_notes(),)
    # The crime table is unchanged by the others' populations.
    crime = tables.report_table("gloucestershire-2021-25")
    assert crime.rows[0].cells["force_rate_current"] == "83.666"


def test_the_pages_show_the_new_kinds(client, world: World) -> None:  # type: ignore[no-untyped-def]
    demo.load()
    client.force_login(world.people[Role.PANEL_MEMBER])
    for slug, measure in (
        ("gloucestershire-2021-25-asb", "asb-nuisance"),
        ("gloucestershire-2021-25-csew", "percentage-witnessed-experienced-asb"),
        ("gloucestershire-2021-25-constabulary", "rank-999-mean-answer-time"),
        ("gloucestershire-2021-25-constabulary", "police-officer-uplift"),
    ):
        page = client.get(f"/performance/{slug}/")
        assert page.status_code == 200, slug
        detail = client.get(f"/performance/{slug}/measures/{measure}/")
        assert detail.status_code == 200, (slug, measure)
    page = client.get("/performance/gloucestershire-2021-25-constabulary/").content.decode()
    assert "Target: 153" in page and "Data for August 2023" in page
    assert "a rank among forces is a position, not a sample" in page
    asb = client.get("/performance/gloucestershire-2021-25-asb/").content.decode()
    assert "40.01% → 35.13% of the total" in asb and "Significant change" in asb
    csew = client.get("/performance/gloucestershire-2021-25-csew/").content.decode()
    assert "Data for year ending March 2023" in csew and "sample sizes are not known" in csew
