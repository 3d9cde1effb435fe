"""The audit trail is append-only, browsable and filterable by administrators, exportable."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from crimeplan.accounts import services as account_services
from crimeplan.accounts.constants import Role
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent, AuditLogIsAppendOnly
from crimeplan.audit.services import audit_record
from crimeplan.core.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def event(world: World) -> AuditEvent:
    return audit_record(
        actor=world.people[Role.OPCC_ADMIN],
        action=AuditAction.CHANGE,
        instance=world.csp_own,
        before={"email": ""},
        after={"email": "a@example.org"},
    )


def test_events_cannot_be_changed_or_deleted_through_the_orm(event: AuditEvent) -> None:
    event.summary = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.summary == ""


def test_database_refuses_raw_sql_changes(event: AuditEvent) -> None:
    for statement in (
        "UPDATE audit_auditevent SET summary = 'tampered'",
        "DELETE FROM audit_auditevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(pk=event.pk, summary="").exists()


def test_no_page_changes_or_deletes_events(client, world: World, event: AuditEvent) -> None:
    client.force_login(world.people[Role.OPCC_ADMIN])
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(reverse("audit:event_list"))
        assert response.status_code == 405
    assert AuditEvent.objects.filter(pk=event.pk, summary="").exists()
    # Not in Django admin either.
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry


def test_list_filters_by_action_and_actor(client, world: World) -> None:
    admin = world.people[Role.OPCC_ADMIN]
    account_services.membership_change_role(
        actor=admin, membership=world.other_membership, role=Role.PARTNER_VIEWER
    )
    account_services.organisation_update(
        actor=admin, organisation=world.csp_own, phone="01242 000000"
    )
    client.force_login(admin)
    page = client.get(reverse("audit:event_list"), {"action": AuditAction.ROLE_CHANGE}).context[
        "page"
    ]
    assert {e.action for e in page} == {AuditAction.ROLE_CHANGE}
    page = client.get(reverse("audit:event_list"), {"actor": "nobody"}).context["page"]
    assert len(page) == 0


def test_invalid_filter_dates_are_explained(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ADMIN])
    response = client.get(
        reverse("audit:event_list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "The end date must be on or after the start date." in response.content.decode()


def test_viewing_the_log_is_itself_audited(client, world: World) -> None:
    client.force_login(world.people[Role.OPCC_ADMIN])
    client.get(reverse("audit:event_list"))
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_label="the audit log").exists()


def test_export_is_csv_with_before_and_after_and_is_audited(
    client, world: World, event: AuditEvent
) -> None:
    client.force_login(world.people[Role.OPCC_ADMIN])
    response = client.get(reverse("audit:event_export"), {"action": AuditAction.CHANGE})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["object_id"] for r in rows] == [str(world.csp_own.pk)]
    assert rows[0]["after"] == '{"email": "a@example.org"}'
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="audit.AuditEvent"
    ).exists()


def test_viewing_members_is_audited(client, world: World) -> None:
    client.force_login(world.people[Role.PARTNER_VIEWER])
    client.get(reverse("accounts:organisation_detail", kwargs={"pk": world.csp_own.pk}))
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == world.people[Role.PARTNER_VIEWER]
    assert event.object_id == str(world.csp_own.pk)


def test_exporting_members_is_audited(client, world: World) -> None:
    client.force_login(world.people[Role.PARTNER_EDITOR])
    client.get(reverse("accounts:organisation_members_export", kwargs={"pk": world.csp_own.pk}))
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(world.csp_own.pk)
    ).exists()
