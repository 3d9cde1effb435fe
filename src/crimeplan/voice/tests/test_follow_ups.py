"""The follow-up e-mail: a reporter's address is kept apart from the report, with only the
area and the month; one message goes, in the form's language, once the area's finding is
answered with a published update; then the address is deleted, or the retention schedule
deletes it. The address is never in the report, the audit trail or the logs."""

import datetime
import json
import logging
import uuid
from collections.abc import Iterator

import h3
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from crimeplan import retention
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.refusing_mail import REFUSING
from crimeplan.delivery import services as delivery_services
from crimeplan.delivery.tests.factories import ActionFactory
from crimeplan.geography.models import District
from crimeplan.recommendations.constants import Source
from crimeplan.recommendations.models import Recommendation
from crimeplan.recommendations.sync import sync_all
from crimeplan.voice import followups, hotspots
from crimeplan.voice.models import (
    FollowUp,
    Survey,
    SurveyEstimate,
    SurveyQuestion,
    UnsafePlaceReport,
)

from .factories import planted_hotspot

DAY = datetime.datetime(2026, 3, 17, 10, 0, tzinfo=datetime.UTC)
TODAY = DAY.date()
ADDRESS = "reporter@example.net"
LATITUDE, LONGITUDE = 51.8994, -2.0783


@pytest.fixture(autouse=True)
def _on_a_known_day() -> Iterator[None]:
    with time_machine.travel(DAY, tick=False):
        yield


def _form(**changes: object) -> dict[str, object]:
    return {
        "latitude": str(LATITUDE),
        "longitude": str(LONGITUDE),
        "place": "",
        "incident_date": "2026-03-10",
        "time_band": "evening",
        "what_happened": ["followed"],
        "reported_to_police": "no",
        "follow_up_email": ADDRESS,
        **changes,
    }


def test_the_address_is_kept_apart_with_only_the_area_and_the_month(
    client, reference, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.post(reverse("voice:report_start"), _form())
    assert response.status_code == 302

    report = UnsafePlaceReport.objects.get()
    follow_up = FollowUp.objects.get()
    county_cell = h3.cell_to_parent(report.grid_cell, hotspots.COUNTY_RESOLUTION)
    assert (follow_up.email, follow_up.cell, follow_up.district, follow_up.given_in) == (
        ADDRESS,
        county_cell,
        None,
        datetime.date(2026, 3, 1),
    )
    assert follow_up.language == "en-gb"
    # Nothing of the address in the report, the audit trail or any log record.
    stored = json.dumps(
        [list(UnsafePlaceReport.objects.values().get().values())], default=str
    ) + json.dumps(list(AuditEvent.objects.values("summary", "before", "after")), default=str)
    assert "example.net" not in stored
    assert "example.net" not in caplog.text
    # The address's key is random, not the report's key or a count of rows.
    assert isinstance(follow_up.pk, uuid.UUID) and follow_up.pk.version == 4


def test_without_an_address_nothing_is_kept_and_a_bad_one_is_named(client, reference) -> None:
    client.post(reverse("voice:report_start"), _form(follow_up_email=""))
    assert UnsafePlaceReport.objects.count() == 1 and not FollowUp.objects.exists()

    page = client.post(reverse("voice:report_start"), _form(follow_up_email="not an address"))

    assert "Enter an e-mail address in the correct format" in page.content.decode()
    assert UnsafePlaceReport.objects.count() == 1 and not FollowUp.objects.exists()


def test_a_typed_place_keeps_the_district_as_the_area(client, reference) -> None:
    client.post(
        reverse("voice:report_start"),
        _form(latitude="", longitude="", place="the bus station in Gloucester"),
    )
    follow_up = FollowUp.objects.get()
    assert (follow_up.cell, follow_up.district.name) == ("", "Gloucester")  # type: ignore[union-attr]


def _hotspot_answered(*, welsh: str = "Trwsiwyd y goleuadau.") -> str:
    """Makes the reported cell a hotspot, links it to an action, and publishes an update."""
    planted_hotspot(latitude=LATITUDE, longitude=LONGITUDE)
    sync_all()
    row = Recommendation.objects.get(source=Source.UNSAFE_PLACE_HOTSPOT)
    row.action = ActionFactory(title="Lighting on the underpass")
    row.save()
    delivery_services.public_update_add(
        action=row.action,
        actor=None,
        text="The lights were mended.",
        text_cy=welsh,
        published_on=TODAY,
    )
    return row.source_key


def test_one_message_in_the_forms_language_once_the_area_is_answered(
    client, reference, settings
) -> None:
    settings.LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
    client.get("/language/cy/?next=/")
    client.post(reverse("voice:report_start"), _form())
    client.post(
        reverse("voice:report_start"),
        _form(follow_up_email="other@example.org", latitude="51.75", longitude="-2.22"),
    )
    assert FollowUp.objects.count() == 2

    assert followups.follow_ups_send(today=TODAY).sent == 0  # nothing answered yet
    assert mail.outbox == []

    key = _hotspot_answered()
    result = followups.follow_ups_send(today=TODAY)

    assert (result.sent, result.not_sent, result.waiting) == (1, 0, 1)
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Beth a wnaed am y lle y rhoesoch wybod amdano"
    assert "Lighting on the underpass" in message.body
    assert "Trwsiwyd y goleuadau." in message.body and "were mended" not in message.body
    assert f"/voice/unsafe-places/#cell-{key}" in message.body
    # The address is gone; the other waits. The audit event counts, and names no one.
    assert list(FollowUp.objects.values_list("email", flat=True)) == ["other@example.org"]
    event = AuditEvent.objects.get(object_type="voice.FollowUp")
    assert "example" not in json.dumps([event.summary, event.before, event.after])
    # Sent once: a second run sends nothing more.
    assert followups.follow_ups_send(today=TODAY).sent == 0 and len(mail.outbox) == 1


def test_an_address_given_after_the_area_was_answered_waits_for_the_next_update(
    client, reference
) -> None:
    _hotspot_answered()  # answered on 17 March 2026
    row = Recommendation.objects.get(source=Source.UNSAFE_PLACE_HOTSPOT)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC), tick=False):
        client.post(reverse("voice:report_start"), _form())
        assert followups.follow_ups_send(today=datetime.date(2026, 5, 4)).sent == 0
        delivery_services.public_update_add(
            action=row.action,
            actor=None,
            text="Patrols added.",
            published_on=datetime.date(2026, 5, 4),
        )
        assert followups.follow_ups_send(today=datetime.date(2026, 5, 4)).sent == 1

    (message,) = mail.outbox
    assert "Patrols added." in message.body and "The lights were mended." not in message.body


def test_a_district_address_hears_of_its_districts_survey_finding(client, reference) -> None:
    client.post(
        reverse("voice:report_start"),
        _form(latitude="", longitude="", place="the bus station in Gloucester"),
    )
    gloucester = District.objects.get(name="Gloucester")
    survey = Survey.objects.create(
        year=2025,
        title="Test survey",
        codebook={},
        source_file="t.csv",
        population_year=2025,
        published_on=TODAY,
    )
    question = SurveyQuestion.objects.create(
        survey=survey, code="Q1", text="Safe?", positive_label="Feel safe", order=1
    )
    SurveyEstimate.objects.create(
        question=question,
        district=gloucester,
        base=300,
        percent=55.0,
        lower=50.0,
        upper=60.0,
        previous_percent=63.0,
        change_points=-8.0,
        change_p_value=0.01,
    )
    sync_all()
    row = Recommendation.objects.get(source=Source.SURVEY_FINDING)
    row.action = ActionFactory(title="Safer routes home")
    row.save()
    call_command("unsafe_places", "follow-ups")
    assert mail.outbox == []  # linked, but nothing published yet

    delivery_services.public_update_add(
        action=row.action, actor=None, text="Paths lit.", published_on=TODAY
    )
    call_command("unsafe_places", "follow-ups")

    (message,) = mail.outbox
    assert "Safer routes home" in message.body and "Paths lit." in message.body
    assert not FollowUp.objects.exists()


def test_an_address_the_mail_server_refuses_is_kept_for_tomorrow(
    client, reference, settings
) -> None:
    client.post(reverse("voice:report_start"), _form())
    _hotspot_answered()
    settings.MAILERS = REFUSING

    result = followups.follow_ups_send(today=TODAY)

    assert (result.sent, result.not_sent) == (0, 1)
    assert FollowUp.objects.count() == 1


def test_the_retention_schedule_deletes_an_address_never_answered(client, reference) -> None:
    client.post(reverse("voice:report_start"), _form())
    days = followups.follow_up_days()
    # Counted from the first of the month it was given: kept until then, deleted after.
    (kept,) = retention.retention_apply(
        today=datetime.date(2026, 3, 1) + datetime.timedelta(days=days - 1),
        keys=["voice_follow_ups"],
    )
    assert kept.count == 0 and FollowUp.objects.count() == 1
    (deleted,) = retention.retention_apply(
        today=datetime.date(2026, 3, 1) + datetime.timedelta(days=days),
        keys=["voice_follow_ups"],
    )
    assert deleted.count == 1 and not FollowUp.objects.exists()
