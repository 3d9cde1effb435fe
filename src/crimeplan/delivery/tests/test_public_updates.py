"""What the OPCC tells the public about an action: written for the public, validated, audited,
withdrawn but never deleted, and only by the plan's editors."""

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import build_world
from crimeplan.delivery import services
from crimeplan.delivery.models import PublicUpdate

from .factories import ActionFactory

DAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
TODAY = DAY.date()


@pytest.fixture(autouse=True)
def _on_a_known_day() -> Iterator[None]:
    with time_machine.travel(DAY, tick=False):
        yield


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "   "}, "text", "Enter what the public is told."),
        ({"text": "x" * 1001}, "text", "Keep it to 1000 characters or fewer."),
        ({"text_cy": "x" * 1001}, "text_cy", "Keep it to 1000 characters or fewer."),
        (
            {"published_on": TODAY + datetime.timedelta(days=1)},
            "published_on",
            "The date published cannot be in the future.",
        ),
    ],
)
def test_a_bad_update_is_refused_by_field_and_nothing_is_stored(
    db, changes: dict[str, object], field: str, message: str
) -> None:
    action = ActionFactory()
    values = {"text": "Lights mended.", "text_cy": "", "published_on": TODAY} | changes
    with pytest.raises(ValidationError) as raised:
        services.public_update_add(action=action, actor=None, **values)  # type: ignore[arg-type]
    assert raised.value.message_dict == {field: [message]}
    assert not PublicUpdate.objects.exists()


def test_an_editor_publishes_and_withdraws_and_both_are_audited(client, reference) -> None:
    world = build_world()
    action = ActionFactory(title="Safer routes home", owner_organisation=world.csp_own)
    client.force_login(world.people[Role.OPCC_POLICY])

    response = client.post(
        reverse("delivery:public_update_add", kwargs={"pk": action.pk}),
        {"published_on": TODAY.isoformat(), "text": " Lights mended. ", "text_cy": ""},
    )

    assert response.status_code == 302
    update = PublicUpdate.objects.get()
    assert (update.text, update.text_cy, update.published_on) == ("Lights mended.", "", TODAY)
    detail = client.get(reverse("delivery:action_detail", kwargs={"pk": action.pk}))
    assert "Lights mended." in detail.content.decode()

    client.post(reverse("delivery:public_update_withdraw", kwargs={"pk": update.pk}))

    update.refresh_from_db()
    assert update.withdrawn_on == TODAY
    summaries = list(
        AuditEvent.objects.filter(object_type="delivery.PublicUpdate")
        .order_by("pk")
        .values_list("summary", "organisation_id")
    )
    assert summaries == [
        ("Published an update on action 'Safer routes home' for the public", world.csp_own.pk),
        ("Withdrew a public update on action 'Safer routes home'", world.csp_own.pk),
    ]
    assert update.history.count() == 2


def test_a_form_error_is_shown_beside_its_field(client, reference) -> None:
    world = build_world()
    action = ActionFactory()
    client.force_login(world.people[Role.OPCC_ADMIN])
    page = client.post(
        reverse("delivery:public_update_add", kwargs={"pk": action.pk}),
        {"published_on": TODAY.isoformat(), "text": ""},
    ).content.decode()
    assert "Error: Publish an update for the public" in page and 'id="id_text-error"' in page


def test_a_partner_editor_may_not_publish_to_the_public(client, reference) -> None:
    world = build_world()
    action = ActionFactory(owner_organisation=world.csp_own)
    client.force_login(world.people[Role.PARTNER_EDITOR])
    response = client.post(
        reverse("delivery:public_update_add", kwargs={"pk": action.pk}),
        {"published_on": TODAY.isoformat(), "text": "Lights mended."},
    )
    assert response.status_code == 403
    assert not PublicUpdate.objects.exists()
