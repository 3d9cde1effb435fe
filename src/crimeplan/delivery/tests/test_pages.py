"""The delivery pages do what they say: filters, exports, adding and changing actions and
milestones, importing and exporting plan files, and the draft report."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery.constants import ActionStatus
from crimeplan.delivery.models import Action, Milestone, Plan
from crimeplan.geography.models import District

from .factories import PLAN_FIXTURE, ActionFactory, MilestoneFactory, plan_from_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def plan(world: World) -> Plan:
    plan = plan_from_fixture()
    csc = plan.priorities.get(code="CSC").commitments.first()
    lighting = ActionFactory(
        commitment=csc,
        title="Lighting",
        owner_organisation=world.csp_own,
        status=ActionStatus.AT_RISK,
    )
    lighting.districts.add(District.objects.get(name="Cheltenham"))
    lighting.golden_threads.add(plan.golden_threads.get(name="Trauma informed"))
    MilestoneFactory(action=lighting, title="Survey done", due_date=datetime.date(2024, 2, 1))
    patrols = ActionFactory(commitment=csc, title="Patrols", owner_organisation=world.csp_other)
    MilestoneFactory(action=patrols, title="Rota agreed", due_date=datetime.date(2024, 3, 1))
    return plan


def _xlsx_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Lighting", "Patrols"}),
        ("status=at_risk", {"Lighting"}),
        ("golden_thread={thread}", {"Lighting"}),
        ("district={district}", {"Lighting"}),
        ("owner={other}", {"Patrols"}),
        ("priority=TVAWG", set()),
    ],
)
def test_filters_apply_to_the_list_and_its_exports(client, world, plan, query, expected) -> None:  # type: ignore[no-untyped-def]
    query = query.format(
        thread=plan.golden_threads.get(name="Trauma informed").pk,
        district=District.objects.get(name="Cheltenham").pk,
        other=world.csp_other.pk,
    )
    client.force_login(world.people[Role.OPCC_ANALYST])
    page = client.get(reverse("delivery:action_list", kwargs={"slug": plan.slug}) + "?" + query)
    for title in {"Lighting", "Patrols"}:
        assert (f">{title}</a>" in page.text) == (title in expected)
    xlsx = client.get(
        reverse("delivery:action_export", kwargs={"slug": plan.slug, "file_format": "xlsx"})
        + "?"
        + query
    )
    rows = _xlsx_rows(xlsx.content)
    assert rows[0][:4] == ("id", "priority", "commitment", "action")
    assert {row[3] for row in rows[1:]} == expected
    timeline = client.get(
        reverse("delivery:timeline_export", kwargs={"slug": plan.slug, "file_format": "xlsx"})
        + "?"
        + query
    )
    milestones = {"Lighting": "Survey done", "Patrols": "Rota agreed"}
    assert {row[3] for row in _xlsx_rows(timeline.content)[1:]} == {milestones[t] for t in expected}


def test_an_unknown_export_format_is_not_found(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_ANALYST])
    url = reverse("delivery:action_export", kwargs={"slug": plan.slug, "file_format": "exe"})
    assert client.get(url).status_code == 404


def test_policy_officer_adds_an_action_and_its_milestone(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_POLICY])
    commitment = plan.priorities.get(code="TCC").commitments.first()
    data = {
        "commitment": commitment.pk,
        "title": "Youth outreach",
        "owner_organisation": world.csp_own.pk,
        "start_date": "2024-04-01",
        "due_date": "2024-01-01",
        "status": ActionStatus.NOT_STARTED,
        "measure_ids": "all-crime, burglary",
    }
    url = reverse("delivery:action_create", kwargs={"slug": plan.slug})
    refused = client.post(url, data)
    assert refused.status_code == 200 and "on or after the start date" in refused.text
    response = client.post(url, data | {"due_date": "2025-03-31"})
    action = Action.objects.get(title="Youth outreach")
    assert response["Location"] == reverse("delivery:action_detail", kwargs={"pk": action.pk})
    assert action.measure_ids == ["all-crime", "burglary"]
    assert AuditEvent.objects.filter(object_type="delivery.Action", action="create").exists()
    page = client.get(reverse("delivery:action_detail", kwargs={"pk": action.pk}))
    assert "all-crime (no verdict available)" in page.text
    add = reverse("delivery:milestone_add", kwargs={"pk": action.pk})
    assert client.post(add, {"title": "Launch", "due_date": "2024-06-01"}).status_code == 302
    milestone = Milestone.objects.get(action=action)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    edit = reverse("delivery:milestone_edit", kwargs={"pk": milestone.pk})
    assert (
        "cannot be in the future"
        in client.post(edit, {"title": "Launch", "due_date": "2024-06-01", "done_on": future}).text
    )
    client.post(edit, {"title": "Launch", "due_date": "2024-06-01", "done_on": "2024-06-03"})
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2024, 6, 3)


def test_completing_an_action_by_update_records_when(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    action = Action.objects.get(title="Lighting")
    client.force_login(world.people[Role.PARTNER_EDITOR])
    client.post(
        reverse("delivery:update_add", kwargs={"pk": action.pk}),
        {
            "reported_on": "2024-05-02",
            "status": "complete",
            "summary": "All lamps replaced.",
            "links": "https://example.org/lamps\nnot a link",
        },
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK  # the bad link refused the whole update
    client.post(
        reverse("delivery:update_add", kwargs={"pk": action.pk}),
        {
            "reported_on": "2024-05-02",
            "status": "complete",
            "summary": "All lamps replaced.",
            "links": "https://example.org/lamps",
        },
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (
        ActionStatus.COMPLETE,
        datetime.date(2024, 5, 2),
    )
    assert action.updates.get().links == ["https://example.org/lamps"]


def test_plan_file_upload_and_download(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_POLICY])
    url = reverse("delivery:plan_import")
    bad = PLAN_FIXTURE.read_bytes().replace(b'code = "SYC"', b'code = "s y c"')
    response = client.post(url, {"file": SimpleUploadedFile("bad-plan.toml", bad)})
    assert "bad-plan.toml: priorities[3]: code:" in response.text
    assert not Plan.objects.exists()
    response = client.post(
        url, {"file": SimpleUploadedFile(PLAN_FIXTURE.name, PLAN_FIXTURE.read_bytes())}
    )
    assert response["Location"] == reverse(
        "delivery:plan_detail", kwargs={"slug": "gloucestershire-2021-25"}
    )
    toml = client.get(
        reverse(
            "delivery:plan_export",
            kwargs={"slug": "gloucestershire-2021-25", "file_format": "toml"},
        )
    )
    assert b"amount = 447404.5" in toml.content
    xlsx = client.get(
        reverse(
            "delivery:plan_export",
            kwargs={"slug": "gloucestershire-2021-25", "file_format": "xlsx"},
        )
    )
    other = client.post(url, {"file": SimpleUploadedFile("copy.xlsx", xlsx.content)})
    assert "a plan &#x27;gloucestershire-2021-25&#x27; already exists" in other.text


def test_plan_page_summarises_status_and_overdue_updates(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.PARTNER_VIEWER])
    page = client.get(reverse("delivery:plan_detail", kwargs={"slug": plan.slug}))
    assert page.status_code == 200
    priority = client.get(
        reverse("delivery:priority_detail", kwargs={"slug": plan.slug, "code": "CSC"})
    )
    # The partner sees its own action, started in January 2024 with no update: overdue.
    overdue = priority.text.split("Overdue for a progress update", 1)[1].split(
        "Linked measures", 1
    )[0]
    assert "Lighting" in overdue and "Patrols" not in overdue
    missing = client.get(
        reverse("delivery:priority_detail", kwargs={"slug": plan.slug, "code": "NOPE"})
    )
    assert missing.status_code == 404


def test_the_draft_report_page(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_ANALYST])
    page = client.get(reverse("delivery:report_preview", kwargs={"slug": plan.slug}))
    assert "Draft" in page.text and "Publish a version" not in page.text
    assert "What the plan said we'd do" in page.text
    client.force_login(world.people[Role.OPCC_POLICY])
    page = client.get(reverse("delivery:report_preview", kwargs={"slug": plan.slug}))
    assert "Publish a version" in page.text


def test_linked_measures_show_the_latest_published_verdict(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.performance.models import Snapshot
    from crimeplan.performance.tests.factories import saved_framework

    record, version = saved_framework("verdict-plan")
    Snapshot.objects.create(
        framework=record,
        number=1,
        framework_version=version,
        title="Report 1",
        document={
            "periods": {"current": {"label": "12 months to September 2023"}},
            "measures": [
                {"id": "all-crime", "measure": "All Crime", "aim_met": "no",
                 "verdict": "significant deterioration"},
            ],
        },
    )  # fmt: skip
    action = Action.objects.filter(commitment__priority__plan=plan).first()
    action.measure_ids = ["all-crime", "burglary"]
    action.save()
    client.force_login(world.people[Role.OPCC_POLICY])
    page = client.get(reverse("delivery:action_detail", kwargs={"pk": action.pk})).text
    assert "All Crime: significant deterioration" in page
    assert "burglary (no verdict available)" in page
