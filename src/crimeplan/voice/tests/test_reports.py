"""Reports of unsafe places: what is stored (and what never is), moderation, the pages."""

import datetime
import json

import h3
import pytest
from django.core.cache import cache
from django.urls import reverse

from crimeplan.audit.models import AuditEvent
from crimeplan.geography.models import District
from crimeplan.voice import hotspots, places, redaction
from crimeplan.voice.constants import ReportStatus
from crimeplan.voice.models import ModerationEvent, UnsafePlaceReport

from .factories import ReportFactory

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (VoiceTestBrowser 9.9)"
# A point in Cheltenham town centre.
LATITUDE, LONGITUDE = 51.899312, -2.078431


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "latitude": "",
        "longitude": "",
        "place": "",
        "incident_date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),  # noqa: DTZ011
        "time_band": "evening",
        "what_happened": ["followed", "catcalling"],
        "place_reasons": ["badly_lit"],
        "reported_to_police": "no",
        "not_reported_reason": "not_believed",
        "age_band": "",
        "gender": "woman",
        "website": "",
    }
    data.update(changes)
    return data


def _post(client, data):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("voice:report_start"), data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT
    )


def test_a_map_report_keeps_no_address_agent_or_exact_time_or_point(client, reference) -> None:
    response = _post(client, _form(latitude=LATITUDE, longitude=LONGITUDE))
    assert response.status_code == 302
    report = UnsafePlaceReport.objects.get()
    stored = json.dumps(
        {f.attname: str(getattr(report, f.attname)) for f in report._meta.concrete_fields}
    )
    assert ADDRESS not in stored and "VoiceTestBrowser" not in stored
    # No field can hold a time of day, and the point is the centre of its grid cell.
    kinds = {f.get_internal_type() for f in UnsafePlaceReport._meta.concrete_fields}
    assert "DateTimeField" not in kinds and "TimeField" not in kinds
    assert "GenericIPAddressField" not in kinds
    snapped = places.snap(LATITUDE, LONGITUDE)
    assert (report.latitude, report.longitude) == (snapped.latitude, snapped.longitude)
    assert (report.latitude, report.longitude) != (LATITUDE, LONGITUDE)
    assert report.district.name == "Cheltenham"
    assert report.status == ReportStatus.PENDING
    # Nothing about the sender went into the audit trail or the moderation log either.
    assert not AuditEvent.objects.filter(object_type="voice.UnsafePlaceReport").exists()
    assert not ModerationEvent.objects.exists()


def test_a_typed_place_is_matched_to_its_district_and_personal_data_redacted(
    client, reference
) -> None:
    text = "Alley behind the shops in Tewkesbury, my name is Jo, call 07700 900123 or jo@x.org"
    assert _post(client, _form(place=text)).status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert report.district.name == "Tewkesbury"
    assert report.grid_cell == "" and report.latitude is None
    assert "07700" not in report.place_description
    assert "jo@x.org" not in report.place_description
    assert "Jo" not in report.place_description
    assert report.place_description.startswith("Alley behind the shops in Tewkesbury")


def test_a_place_outside_the_area_is_refused_with_a_message(client, reference) -> None:
    response = _post(client, _form(place="somewhere in Birmingham"))
    assert response.status_code == 200
    assert "Enter a town or district in the area" in response.content.decode()
    response = _post(client, _form(latitude=52.48, longitude=-1.89))
    assert "outside the area we cover" in response.content.decode()
    assert not UnsafePlaceReport.objects.exists()


def test_missing_answers_are_named(client, reference) -> None:
    response = _post(client, _form(what_happened=[], time_band="", incident_date=""))
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter where you felt unsafe, or choose a place on the map" in page
    assert not UnsafePlaceReport.objects.exists()


def test_the_honeypot_stores_nothing_and_says_thank_you(client, reference) -> None:
    response = _post(client, _form(place="Cheltenham", website="http://spam.example"))
    assert response.status_code == 302
    assert not UnsafePlaceReport.objects.exists()


def test_the_form_is_rate_limited(client, reference) -> None:
    for _ in range(5):
        assert _post(client, _form(place="Stroud")).status_code == 302
    assert _post(client, _form(place="Stroud")).status_code == 429
    assert UnsafePlaceReport.objects.count() == 5


def test_redaction_removes_contact_details() -> None:
    text, removed = redaction.redact(
        "Near GL50 1AA, car AB12 CDE, ring +44 7700 900123, see www.example.org, "
        "mail a.b@example.co.uk"
    )
    assert removed == 5
    # A link runs to the next space, so the comma after it goes too.
    assert text == "Near [removed], car [removed], ring [removed], see [removed] mail [removed]"


def test_moderation_is_logged_and_audited_without_the_free_text(
    client, reference, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.constants import Role
    from crimeplan.core.tests.world import build_world

    world = build_world()
    report = ReportFactory(status=ReportStatus.PENDING, place_description="by the red door")
    client.force_login(world.people[Role.OPCC_POLICY])
    url = reverse("voice:report_detail", kwargs={"reference": report.reference})
    client.post(url, {"place_description": "by the door"})
    client.post(url, {"action": "spam"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SPAM and report.place_description == "by the door"
    assert list(report.events.values_list("action", flat=True)) == ["redacted", "spam"]
    events = AuditEvent.objects.filter(object_type="voice.UnsafePlaceReport")
    assert events.count() == 2
    assert all("red door" not in json.dumps([e.before, e.after]) for e in events)


def test_only_accepted_reports_in_cells_of_five_are_published(client, reference) -> None:
    cheltenham = District.objects.get(name="Cheltenham")
    cell = places.snap(LATITUDE, LONGITUDE)
    for _ in range(5):
        ReportFactory(
            district=cheltenham,
            grid_cell=cell.cell,
            latitude=cell.latitude,
            longitude=cell.longitude,
        )
    lone = places.snap(51.91, -2.05)
    ReportFactory(
        district=cheltenham, grid_cell=lone.cell, latitude=lone.latitude, longitude=lone.longitude
    )
    for _ in range(4):
        ReportFactory(
            status=ReportStatus.SPAM,
            grid_cell=lone.cell,
            latitude=lone.latitude,
            longitude=lone.longitude,
        )
    page = client.get(reverse("voice:published_hotspots")).content.decode()
    # The page shows the county's analysis cells, which contain the snapped cells.
    shown, hidden = (
        h3.cell_to_latlng(h3.cell_to_parent(c.cell, hotspots.COUNTY_RESOLUTION))
        for c in (cell, lone)
    )
    assert f"{shown[0]:.4f}, {shown[1]:.4f}" in page
    assert f"{hidden[0]:.4f}, {hidden[1]:.4f}" not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in page
