"""A partner sees and changes only actions its organisation owns or that are shared with it:
lists, details, edits, updates, exports and evidence downloads alike."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import member
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery import services
from crimeplan.delivery.constants import ActionStatus
from crimeplan.delivery.models import Action, ProgressUpdate

from .factories import ActionFactory, CommitmentFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def actions(world: World) -> dict[str, Action]:
    commitment = CommitmentFactory(priority=PriorityFactory(plan=PlanFactory(slug="p"), code="CSC"))
    made = {
        "own": ActionFactory(
            commitment=commitment, title="Own action", owner_organisation=world.csp_own
        ),
        "other": ActionFactory(
            commitment=commitment, title="Other action", owner_organisation=world.csp_other
        ),
        "shared": ActionFactory(
            commitment=commitment, title="Shared action", owner_organisation=world.csp_other
        ),
    }
    made["shared"].shared_with.add(world.csp_own)
    for action in made.values():
        services.progress_update_add(
            action=action,
            actor=None,
            reported_on=action.start_date,
            status=action.status,
            summary=f"Update on {action.title}",
            files=[SimpleUploadedFile("evidence.png", PNG)],
        )
    return made


def _titles_in_csv(content: bytes) -> set[str]:
    return {row["action"] for row in csv.DictReader(io.StringIO(content.decode()))}


@pytest.mark.parametrize("role", [Role.PARTNER_EDITOR, Role.PARTNER_VIEWER])
def test_partner_lists_and_exports_only_own_and_shared(client, world, actions, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[role])
    page = client.get(reverse("delivery:action_list", kwargs={"slug": "p"}))
    assert page.status_code == 200
    assert "Own action" in page.text and "Shared action" in page.text
    assert "Other action" not in page.text
    export = client.get(
        reverse("delivery:action_export", kwargs={"slug": "p", "file_format": "csv"})
    )
    assert _titles_in_csv(export.content) == {"Own action", "Shared action"}
    timeline = client.get(
        reverse("delivery:timeline_export", kwargs={"slug": "p", "file_format": "csv"})
    )
    assert timeline.status_code == 200
    priority = client.get(reverse("delivery:priority_detail", kwargs={"slug": "p", "code": "CSC"}))
    assert "Other action" not in priority.text
    assert AuditEvent.objects.filter(action="export", actor=world.people[role]).count() == 2


def test_opcc_policy_and_panel_see_every_action(client, world, actions) -> None:  # type: ignore[no-untyped-def]
    for role in (Role.OPCC_POLICY, Role.PANEL_MEMBER):
        client.force_login(world.people[role])
        export = client.get(
            reverse("delivery:action_export", kwargs={"slug": "p", "file_format": "csv"})
        )
        assert _titles_in_csv(export.content) == {"Own action", "Other action", "Shared action"}


@pytest.mark.parametrize("role", [Role.PARTNER_EDITOR, Role.PARTNER_VIEWER])
def test_partner_cannot_open_another_partners_action_or_its_evidence(
    client, world, actions, role
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[role])
    other = actions["other"]
    evidence = other.updates.get().evidence.get()
    for url in (
        reverse("delivery:action_detail", kwargs={"pk": other.pk}),
        reverse("delivery:action_edit", kwargs={"pk": other.pk}),
        reverse("delivery:update_add", kwargs={"pk": other.pk}),
        reverse("delivery:milestone_add", kwargs={"pk": other.pk}),
        reverse("delivery:evidence_export", kwargs={"pk": evidence.pk}),
    ):
        assert client.get(url).status_code == 404, url
    own_evidence = actions["shared"].updates.get().evidence.get()
    download = client.get(reverse("delivery:evidence_export", kwargs={"pk": own_evidence.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


def test_partner_editor_updates_own_and_shared_but_not_others(client, world, actions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_EDITOR])
    data = {
        "reported_on": "2024-02-01",
        "status": ActionStatus.AT_RISK,
        "summary": "Slipping.",
        "links": "",
    }
    for name in ("own", "shared"):
        response = client.post(
            reverse("delivery:update_add", kwargs={"pk": actions[name].pk}), data
        )
        assert response.status_code == 302
        actions[name].refresh_from_db()
        assert actions[name].status == ActionStatus.AT_RISK
    response = client.post(reverse("delivery:update_add", kwargs={"pk": actions["other"].pk}), data)
    assert response.status_code == 404
    assert ProgressUpdate.objects.filter(action=actions["other"]).count() == 1
    actions["other"].refresh_from_db()
    assert actions["other"].status == ActionStatus.ON_TRACK


def test_partner_editor_edits_only_what_a_partner_may(client, world, actions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_EDITOR])
    own = actions["own"]
    url = reverse("delivery:action_edit", kwargs={"pk": own.pk})
    form = client.get(url).text
    assert 'name="owner_organisation"' not in form  # ownership stays the OPCC's decision
    # Only its own organisation's people can be named owner: no other partner's staff listed.
    other_partner = world.other_membership.user
    assert other_partner.email not in form and str(other_partner) not in form
    assert str(world.people[Role.PARTNER_VIEWER]) in form
    data = {
        "title": "Own action, renamed",
        "description": "",
        "start_date": "2024-01-01",
        "due_date": "2025-06-30",
        "status": ActionStatus.ON_TRACK,
        "baseline": "12",
        "target": "20",
        "measure_ids": "all-crime",
        "owner_organisation": str(world.csp_other.pk),  # ignored: not a field for a partner
    }
    assert client.post(url, data).status_code == 302
    own.refresh_from_db()
    assert (own.title, own.target, own.measure_ids) == ("Own action, renamed", "20", ["all-crime"])
    assert own.owner_organisation_id == world.csp_own.pk
    assert AuditEvent.objects.filter(
        object_type="delivery.Action", object_id=str(own.pk), action="change"
    ).exists()


def test_partner_viewer_reads_but_cannot_edit_own_action(client, world, actions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_VIEWER])
    own = actions["own"]
    assert client.get(reverse("delivery:action_detail", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("delivery:action_edit", kwargs={"pk": own.pk})).status_code == 403
    response = client.post(
        reverse("delivery:update_add", kwargs={"pk": own.pk}),
        {"reported_on": "2024-02-01", "status": "complete", "summary": "Done."},
    )
    assert response.status_code == 403


def test_a_partner_of_another_organisation_sees_the_other_action(client, world, actions) -> None:  # type: ignore[no-untyped-def]
    editor = member(Role.PARTNER_EDITOR, world.csp_other)
    client.force_login(editor)
    export = client.get(
        reverse("delivery:action_export", kwargs={"slug": "p", "file_format": "csv"})
    )
    assert _titles_in_csv(export.content) == {"Other action", "Shared action"}
    own_evidence = actions["own"].updates.get().evidence.get()
    assert (
        client.get(reverse("delivery:evidence_export", kwargs={"pk": own_evidence.pk})).status_code
        == 404
    )
