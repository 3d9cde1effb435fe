"""The performance app end to end on the database: stored data → table → comment → publish."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.crime_data import aggregates, policeuk
from crimeplan.performance import services
from crimeplan.performance.demo import REFERENCE
from crimeplan.performance.example import measure_id, published_rows
from crimeplan.performance.models import Annotation, Snapshot

from .factories import example_files, saved_framework

pytestmark = pytest.mark.django_db
SLUG = "gloucestershire-2021-25"
STREET = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def loaded(reference: None):  # type: ignore[no-untyped-def]
    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    return saved_framework(SLUG)


def test_the_stored_data_gives_the_published_table(loaded) -> None:  # type: ignore[no-untyped-def]
    framework, _, _ = example_files()
    out = io.StringIO()
    call_command("performance", "table", str(framework), stdout=out, stderr=io.StringIO())
    computed = {r["measure"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    for expected in published_rows():
        row = computed[expected["measure"]]
        assert row["force_rate_current"] == expected["force_rate_current"]
        assert row["group_change"] == expected["msg_pct_change"]
        assert row["force_change"] == expected["force_pct_change"]


def test_overview_shows_the_table_as_a_draft(client, world: World, loaded) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PANEL_MEMBER])
    page = client.get(f"/performance/{SLUG}/").content.decode()
    assert "These figures are a draft" in page
    assert "63.453 → 83.666" in page and "35.7%" in page
    assert "No significant change" in page  # homicide, 4 → 8
    filtered = client.get(f"/performance/{SLUG}/?priority=TVAWG").content.decode()
    assert "Stalking and harassment" in filtered and "Vehicle offences" not in filtered


def test_a_comment_cannot_type_its_own_figures(world: World, loaded) -> None:  # type: ignore[no-untyped-def]
    record, _ = loaded
    analyst = world.people[Role.OPCC_ANALYST]
    with pytest.raises(ValidationError, match="typed figure"):
        services.commentary_save(
            actor=analyst, record=record, measure_id="theft-from-shops", text="Up 19% on 2019."
        )
    with pytest.raises(ValidationError, match="cell reference"):
        services.commentary_save(
            actor=analyst, record=record, measure_id="theft-from-shops", text="See 'Data'!B12"
        )
    with pytest.raises(ValidationError, match="not a placeholder"):
        services.commentary_save(
            actor=analyst, record=record, measure_id="theft-from-shops", text="{force_chang}"
        )


def _comment_every_unmet_row(client, record) -> None:  # type: ignore[no-untyped-def]
    for row in published_rows():
        if row["aim_achieved"] == "No":
            response = client.post(
                f"/performance/{SLUG}/measures/{measure_id(row['measure'])}/comment/",
                {"text": "{measure} changed by {force_change} ({verdict})."},
            )
            assert response.status_code == 302, response.content


def test_publication_needs_every_unmet_row_commented_then_freezes_it(
    client, world: World, loaded
) -> None:  # type: ignore[no-untyped-def]
    record, _ = loaded
    client.force_login(world.people[Role.OPCC_ANALYST])
    response = client.post(f"/performance/{SLUG}/publish/", {"title": "Q2 report"})
    assert response.status_code == 200
    assert "needs a comment before publication" in response.content.decode()
    assert not Snapshot.objects.exists()
    _comment_every_unmet_row(client, record)
    response = client.post(f"/performance/{SLUG}/publish/", {"title": "Q2 report"})
    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    shops = next(m for m in snapshot.document["measures"] if m["id"] == "theft-from-shops")
    # The comment's figure is the table's: 24.1%, never a typed 19%.
    assert shops["comment"].startswith("Theft from shops changed by 24.1% (")
    with pytest.raises(ValueError, match="cannot be changed"):
        snapshot.title = "Edited"
        snapshot.save()
    assert AuditEvent.objects.filter(summary__startswith="Published report 1").exists()
    # The public sees it without signing in, as a page, files and JSON.
    client.logout()
    page = client.get(f"/performance/published/{SLUG}/1/")
    assert page.status_code == 200 and "24.1%" in page.content.decode()
    csv_file = client.get(f"/performance/published/{SLUG}/1/report.csv")
    assert b"Theft from shops" in csv_file.content
    pdf = client.get(f"/performance/published/{SLUG}/1/report.pdf")
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Theft from shops changed by 24.1%" in text
    api = json.loads(client.get(f"/api/v1/performance/snapshots/{SLUG}/1").content)
    assert api["document"]["measures"][0]["force_rate_baseline"] == "63.453"
    assert [
        s["number"] for s in json.loads(client.get("/api/v1/performance/snapshots").content)
    ] == [1]


def test_drafts_are_not_public(client, loaded) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/performance/{SLUG}/").status_code == 302
    assert client.get("/api/v1/performance/snapshots/gloucestershire-2021-25/1").status_code == 404


def test_police_uk_measures_chart_and_rank(client, world: World, reference: None) -> None:  # type: ignore[no-untyped-def]
    policeuk.run(paths=[STREET])
    services.framework_save(
        actor=None, slug="early-2024", toml=(REFERENCE / "police-uk-2024.toml").read_text()
    )
    client.force_login(world.people[Role.OPCC_ANALYST])
    response = client.post(
        "/performance/early-2024/measures/burglary-police-uk/marks/add/",
        {"month": "2024-03", "kind": "intervention", "text": "Operation demo", "rebase": ""},
    )
    assert response.status_code == 302
    assert Annotation.objects.get().text == "Operation demo"
    page = client.get("/performance/early-2024/measures/burglary-police-uk/").content.decode()
    assert "<svg" in page and 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "4 months of Burglary" in page
    assert "of 5 (1st is best for the aim)" in page
    assert "Cheltenham" in page  # the district breakdown
    table = client.get("/performance/early-2024/").content.decode()
    assert "Significant" in table or "No significant change" in table


def test_framework_versions_and_errors(client, world: World, loaded) -> None:  # type: ignore[no-untyped-def]
    record, first = loaded
    client.force_login(world.people[Role.OPCC_ANALYST])
    bad = first.toml.replace('aim = "reduce"', 'aim = "lower"', 1)
    response = client.post(f"/performance/{SLUG}/definition/", {"toml": bad, "note": ""})
    assert response.status_code == 200
    assert (
        "measures[1].aim: &#x27;lower&#x27; is not one of reduce | increase"
        in response.content.decode()
    )
    better = first.toml.replace('name = "All Crime"', 'name = "All crime"', 1)
    response = client.post(f"/performance/{SLUG}/definition/", {"toml": better, "note": "Case"})
    assert response.status_code == 302
    assert list(record.versions.values_list("number", flat=True)) == [2, 1]
    exported = client.get(f"/performance/{SLUG}/definition.toml")
    assert exported.content.decode() == better
