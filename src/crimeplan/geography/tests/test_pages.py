"""Reference-data pages: missing figures shown as missing; analysts add figures and groups."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.geography.models import ComparisonGroup, Force, ForcePopulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def test_force_list_shows_every_force(client, reference: None) -> None:
    body = client.get(reverse("geography:force_list")).content.decode()
    for force in Force.objects.all():
        assert force.short_name in body


def test_missing_population_is_shown_as_missing(client, reference: None) -> None:
    ForcePopulation.objects.filter(force__police_uk_id="gwent").delete()
    body = client.get(reverse("geography:force_list")).content.decode()
    assert "Missing" in body
    detail = client.get(
        reverse("geography:force_detail", kwargs={"police_uk_id": "gwent"})
    ).content.decode()
    assert "No population figures are held for this force." in detail


def test_analyst_adds_a_population_with_clear_errors(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ANALYST])
    url = reverse("geography:population_add", kwargs={"police_uk_id": "gwent"})
    response = client.post(url, {"year": "1850", "population": "-4", "source": ""})
    body = response.content.decode()
    assert response.status_code == 200
    for anchor in ("#id_year", "#id_population", "#id_source"):
        assert f'href="{anchor}"' in body
    assert 'value="-4"' in body  # nothing typed is lost
    response = client.post(
        url, {"year": "2022", "population": "595000", "source": "ONS mid-2022 estimate"}
    )
    assert response.status_code == 302
    figure = ForcePopulation.objects.get(force__police_uk_id="gwent", year=2022)
    assert figure.entered_by_analyst
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="geography.ForcePopulation"
    ).exists()


def test_analyst_replaces_a_comparison_group(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ANALYST])
    url = reverse("geography:comparison_group_edit", kwargs={"police_uk_id": "gloucestershire"})
    members = list(
        Force.objects.filter(police_uk_id__in=["dorset", "wiltshire"]).values_list("pk", flat=True)
    )
    response = client.post(
        url, {"members": members, "source": "MSG from the Home Office, 2024", "as_of": "2024-06-01"}
    )
    assert response.status_code == 302
    group = ComparisonGroup.objects.get(force__police_uk_id="gloucestershire")
    assert not group.illustrative and group.edited_by_analyst
    event = AuditEvent.objects.get(object_type="geography.ComparisonGroup")
    assert event.before["members"] == ["north-yorkshire", "suffolk", "warwickshire", "wiltshire"]
    assert event.after["members"] == ["dorset", "wiltshire"]


def test_population_file_is_all_or_nothing(tmp_path, reference: None) -> None:
    good = tmp_path / "populations.csv"
    good.write_text(
        "area,year,population,source\ngwent,2022,595000,ONS\ndyfed-powys,2022,520000,ONS\n"
    )
    call_command("load_populations", str(good))
    assert ForcePopulation.objects.filter(year=2022, force__country="wales").count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("area,year,population,source\ngwent,2023,600000,ONS\natlantis,2023,1,ONS\n")
    with pytest.raises(
        CommandError, match=r"bad.csv, line 3, field 'area': unknown force 'atlantis'"
    ):
        call_command("load_populations", str(bad))
    assert not ForcePopulation.objects.filter(year=2023).exists()


def test_api_lists_forces_with_groups_and_sources(client, reference: None) -> None:
    forces = client.get("/api/v1/forces").json()
    assert len(forces) == 43
    glos = next(f for f in forces if f["police_uk_id"] == "gloucestershire")
    assert glos["comparison_group"] == ["north-yorkshire", "suffolk", "warwickshire", "wiltshire"]
    assert glos["comparison_group_illustrative"] is True
    assert next(p for p in glos["populations"] if p["year"] == 2017)["population"] == 628139
