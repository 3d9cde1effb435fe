"""Editing a plan's content and its priorities in the app: the services (validation, audit,
history, revisions), the pages a policy officer uses, and who may use them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery import services
from crimeplan.delivery.constants import ItemKind
from crimeplan.delivery.models import Plan, Priority, PriorityItem
from crimeplan.delivery.services import ItemEdit

from .factories import ActionFactory, framework_with_measures, plan_from_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def plan(reference: None) -> Plan:
    framework_with_measures(
        slug="gloucestershire-2021-25", measures={"all-crime": "All crime", "burglary": "Burglary"}
    )
    return plan_from_fixture()


def _content(plan: Plan, **changes: object) -> dict:
    content = {
        "foreword": plan.foreword,
        "foreword_by": plan.foreword_by,
        "introduction": plan.introduction,
        "due_regard": list(plan.due_regard),
        "golden_threads": [t.name for t in plan.golden_threads.all()],
        "glossary": dict(plan.glossary),
    }
    return content | changes


def _edits(priority: Priority, kind: str) -> list[ItemEdit]:
    return [
        ItemEdit(i.text, i.evidence, list(i.references), i.when, i.pk)
        for i in priority.items.filter(kind=kind).order_by("position")
    ]


# Services ---------------------------------------------------------------------------------


def test_plan_content_is_cleaned_saved_audited_and_revised(plan: Plan, world: World) -> None:
    officer = world.people[Role.OPCC_POLICY]
    services.plan_content_update(
        plan=plan,
        actor=officer,
        note="Foreword for the 2024 update",
        **_content(
            plan,
            foreword='<p onclick="x()">Welcome<script>bad()</script></p>',
            foreword_by="The Commissioner",
            introduction='<p><a href="javascript:alert(1)">Read</a> the plan.</p>',
            due_regard=["The Strategic Policing Requirement", " "],
            glossary={"CSP": "Community Safety Partnership"},
        ),
    )
    plan.refresh_from_db()
    assert plan.foreword == "<p>Welcome</p>"
    assert plan.introduction == "<p><a>Read</a> the plan.</p>"
    assert plan.due_regard == ["The Strategic Policing Requirement"]
    assert plan.glossary == {"CSP": "Community Safety Partnership"}
    event = AuditEvent.objects.filter(object_type="delivery.Plan").latest("pk")
    assert event.actor == officer
    assert event.changed == ["due_regard", "foreword", "foreword_by", "glossary", "introduction"]
    assert plan.history.count() == 2
    revision = plan.revisions.first()
    assert revision.number == 2
    assert revision.created_by == officer
    assert revision.note == "Foreword for the 2024 update"
    assert revision.changes == [
        "Foreword changed",
        "Foreword's author changed",
        "Introduction changed",
        "Due regard line added: The Strategic Policing Requirement",
        "Glossary: CSP added (Community Safety Partnership)",
    ]


def test_golden_threads_are_added_reordered_and_removed(plan: Plan, world: World) -> None:
    names = [t.name for t in plan.golden_threads.all()]
    new = [names[1], names[0], "Community led"]
    services.plan_content_update(plan=plan, actor=None, **_content(plan, golden_threads=new))
    assert [t.name for t in plan.golden_threads.all()] == new
    assert plan.revisions.first().changes[0] == "Golden thread added: Community led"


def test_a_golden_thread_tagged_on_an_action_is_not_removed(plan: Plan) -> None:
    thread = plan.golden_threads.first()
    action = ActionFactory(commitment=plan.priorities.first().commitments.first())
    action.golden_threads.add(thread)
    others = [t.name for t in plan.golden_threads.exclude(pk=thread.pk)]
    with pytest.raises(ValidationError) as raised:
        services.plan_content_update(plan=plan, actor=None, **_content(plan, golden_threads=others))
    assert thread.name in raised.value.message_dict["golden_threads"][0]
    assert plan.golden_threads.filter(pk=thread.pk).exists()
    assert plan.revisions.count() == 1


def test_a_priority_edit_changes_items_commitments_and_makes_a_revision(
    plan: Plan, world: World
) -> None:
    officer = world.people[Role.OPCC_POLICY]
    priority = plan.priorities.get(code="CSC")
    commitments = [c.text for c in priority.commitments.all()]
    action = ActionFactory(commitment=priority.commitments.get(position=2))
    delivered = _edits(priority, ItemKind.DELIVERED)
    removed = delivered.pop(0)
    delivered[0].references = ["measure:all-crime", "funding:1"]
    delivered.append(ItemEdit("Mediation PCSOs in every district", "Six posts filled", ["/x/"]))
    history_before = PriorityItem.history.count()
    services.priority_update(
        priority=priority,
        actor=officer,
        title=priority.title,
        aim="A new aim",
        commitments=["A new first commitment", *commitments],
        delivered=delivered,
        next_items=[ItemEdit("Second survey", when="by March 2025")],
        note="Autumn update",
    )
    priority.refresh_from_db()
    assert priority.aim == "A new aim"
    texts = [c.text for c in priority.commitments.all()]
    assert texts == ["A new first commitment", *commitments]
    action.refresh_from_db()
    assert action.commitment.text == commitments[1]  # the action kept its commitment
    assert action.commitment.position == 3
    items = list(priority.items.filter(kind=ItemKind.DELIVERED).order_by("position"))
    assert removed.text not in [i.text for i in items]
    assert items[0].references == ["measure:all-crime", "funding:1"]
    assert items[-1].text == "Mediation PCSOs in every district"
    (next_item,) = priority.items.filter(kind=ItemKind.NEXT)
    assert next_item.when == "by March 2025"
    assert PriorityItem.history.count() > history_before
    assert PriorityItem.history.filter(history_type="-", text=removed.text).exists()
    events = AuditEvent.objects.filter(actor=officer)
    assert events.filter(object_type="delivery.PriorityItem", action="delete").count() == 1
    assert events.filter(object_type="delivery.Priority", changed=["aim"]).count() == 1
    assert events.filter(object_type="delivery.Commitment").exists()
    revision = plan.revisions.first()
    assert revision.number == 2
    assert "Priority CSC: aim changed" in revision.changes
    assert "Priority CSC: commitment added: A new first commitment" in revision.changes
    assert (
        "Priority CSC: delivered item added: Mediation PCSOs in every district" in revision.changes
    )
    removed_lines = [c for c in revision.changes if "delivered item removed" in c]
    assert len(removed_lines) == 1
    assert "Priority CSC: next item added: Second survey" in revision.changes


def test_a_reference_that_does_not_resolve_refuses_the_whole_edit(plan: Plan) -> None:
    priority = plan.priorities.get(code="CSC")
    delivered = _edits(priority, ItemKind.DELIVERED)
    delivered[1].references = ["measure:no-such-measure"]
    with pytest.raises(ValidationError) as raised:
        services.priority_update(
            priority=priority,
            actor=None,
            title="Changed title",
            aim=priority.aim,
            commitments=[c.text for c in priority.commitments.all()],
            delivered=delivered,
            next_items=[],
        )
    (message,) = raised.value.message_dict[ItemKind.DELIVERED]
    assert message.startswith("What we've done, item 2 (")
    assert "'measure:no-such-measure'" in message
    priority.refresh_from_db()
    assert priority.title != "Changed title"
    assert plan.revisions.count() == 1


def test_a_commitment_with_actions_is_not_removed(plan: Plan) -> None:
    priority = plan.priorities.get(code="CSC")
    first = priority.commitments.get(position=1)
    ActionFactory(commitment=first)
    with pytest.raises(ValidationError, match="has actions"):
        services.priority_update(
            priority=priority,
            actor=None,
            title=priority.title,
            aim=priority.aim,
            commitments=[c.text for c in priority.commitments.exclude(pk=first.pk)],
            delivered=_edits(priority, ItemKind.DELIVERED),
            next_items=_edits(priority, ItemKind.NEXT),
        )


# Pages ------------------------------------------------------------------------------------


def _login(client, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[role])


def test_the_priority_edit_page_saves_with_formsets(client, plan: Plan, world: World) -> None:  # type: ignore[no-untyped-def]
    _login(client, world, Role.OPCC_POLICY)
    url = reverse("delivery:priority_edit", args=[plan.slug, "CSC"])
    page = client.get(url)
    assert page.status_code == 200
    priority = plan.priorities.get(code="CSC")
    delivered = list(priority.items.filter(kind=ItemKind.DELIVERED).order_by("position"))
    data = {
        "title": priority.title,
        "aim": "Aim from the page",
        "commitments": "\n".join(c.text for c in priority.commitments.all()),
        "note": "",
        "delivered-TOTAL_FORMS": str(len(delivered) + 1),
        "delivered-INITIAL_FORMS": str(len(delivered)),
        "next-TOTAL_FORMS": "1",
        "next-INITIAL_FORMS": "0",
    }
    for n, item in enumerate(delivered):
        data |= {
            f"delivered-{n}-item_id": str(item.pk),
            f"delivered-{n}-text": item.text,
            f"delivered-{n}-evidence": item.evidence,
            f"delivered-{n}-references": "",
            f"delivered-{n}-when": "",
        }
    data["delivered-0-DELETE"] = "on"
    data[f"delivered-{len(delivered)}-text"] = "Street lighting in Gloucester"
    data[f"delivered-{len(delivered)}-references"] = "measure:burglary\nhttps://example.org/a"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"]).content.decode()
    assert "Aim from the page" in page
    assert "Street lighting in Gloucester" in page
    assert 'href="/performance/gloucestershire-2021-25/measures/burglary/">Burglary</a>' in page
    assert delivered[0].text not in page


def test_a_bad_reference_on_the_page_names_the_item(client, plan: Plan, world: World) -> None:  # type: ignore[no-untyped-def]
    _login(client, world, Role.OPCC_POLICY)
    url = reverse("delivery:priority_edit", args=[plan.slug, "CSC"])
    priority = plan.priorities.get(code="CSC")
    data = {
        "title": priority.title,
        "aim": priority.aim,
        "commitments": "\n".join(c.text for c in priority.commitments.all()),
        "delivered-TOTAL_FORMS": "1",
        "delivered-INITIAL_FORMS": "0",
        "delivered-0-text": "New thing",
        "delivered-0-references": "award:NOPE",
        "next-TOTAL_FORMS": "1",
        "next-INITIAL_FORMS": "0",
        "next-0-when": "by May",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "What we&#x27;ve done, item 1: reference &#x27;award:NOPE&#x27;" in page
    assert "What is next, item 1: give the item&#x27;s text" in page
    assert page.count('href="#id_delivered-0-references"') == 1


def test_the_plan_content_page_parses_the_glossary(client, plan: Plan, world: World) -> None:  # type: ignore[no-untyped-def]
    _login(client, world, Role.OPCC_ADMIN)
    url = reverse("delivery:plan_content_edit", args=[plan.slug])
    assert client.get(url).status_code == 200
    data = {
        "foreword": "<p>Hello</p>",
        "foreword_by": "",
        "introduction": "",
        "due_regard": "Equality Act 2010\n\nHuman Rights Act 1998",
        "golden_threads": "\n".join(t.name for t in plan.golden_threads.all()),
        "glossary": "CSP = Community Safety Partnership\nnot a line\nCSP = again",
        "note": "",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2 (&#x27;not a line&#x27;): write it as ACRONYM = what it stands for." in page
    assert "Line 3: CSP is already given on line 1." in page
    data["glossary"] = "CSP = Community Safety Partnership\nVAWG = Violence against women and girls"
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.glossary["VAWG"] == "Violence against women and girls"
    assert plan.due_regard == ["Equality Act 2010", "Human Rights Act 1998"]
    page = client.get(reverse("delivery:plan_detail", args=[plan.slug])).content.decode()
    assert "<p>Hello</p>" in page
    assert 'role="img"' in page
    assert reverse("delivery:plan_content_edit", args=[plan.slug]) in page


def test_revision_pages_show_what_changed_and_the_earlier_version(  # type: ignore[no-untyped-def]
    client, plan: Plan, world: World
) -> None:
    old_aim = plan.priorities.get(code="CSC").aim
    priority = plan.priorities.get(code="CSC")
    services.priority_update(
        priority=priority,
        actor=world.people[Role.OPCC_POLICY],
        title=priority.title,
        aim="A brand new aim",
        commitments=[c.text for c in priority.commitments.all()],
        delivered=_edits(priority, ItemKind.DELIVERED),
        next_items=_edits(priority, ItemKind.NEXT),
        note="Aim agreed at the board",
    )
    _login(client, world, Role.PANEL_MEMBER)
    page = client.get(reverse("delivery:revision_list", args=[plan.slug])).content.decode()
    assert "Priority CSC: aim changed" in page
    assert "Aim agreed at the board" in page
    assert world.people[Role.OPCC_POLICY].email not in page  # editors named to staff only
    first = client.get(reverse("delivery:revision_detail", args=[plan.slug, 1])).content.decode()
    assert old_aim in first and "A brand new aim" not in first
    assert "<form" not in first.split("</header>")[-1].split("<footer")[0]
    assert client.get(reverse("delivery:revision_detail", args=[plan.slug, 9])).status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.PARTNER_EDITOR, Role.PARTNER_VIEWER, Role.PANEL_MEMBER, Role.OPCC_ANALYST],
)
def test_only_plan_editors_may_edit(client, plan: Plan, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    _login(client, world, role)
    for url in (
        reverse("delivery:plan_content_edit", args=[plan.slug]),
        reverse("delivery:priority_edit", args=[plan.slug, "CSC"]),
    ):
        assert client.get(url).status_code in {403, 404}, url
        assert client.post(url, {"title": "Hijacked"}).status_code in {403, 404}, url
    assert plan.priorities.get(code="CSC").title != "Hijacked"
    assert plan.revisions.count() == 1


def test_anonymous_is_sent_to_sign_in(client, plan: Plan) -> None:  # type: ignore[no-untyped-def]
    for url in (
        reverse("delivery:plan_content_edit", args=[plan.slug]),
        reverse("delivery:priority_edit", args=[plan.slug, "CSC"]),
        reverse("delivery:revision_list", args=[plan.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_priority_is_not_found(client, plan: Plan, world: World) -> None:  # type: ignore[no-untyped-def]
    _login(client, world, Role.OPCC_POLICY)
    url = reverse("delivery:priority_edit", args=[plan.slug, "NOPE"])
    assert client.get(url).status_code == 404


def test_a_partner_sees_a_review_reference_without_the_case(  # type: ignore[no-untyped-def]
    client, plan: Plan, world: World
) -> None:
    from crimeplan.asb_reviews.tests.factories import submit_case

    case = submit_case()
    priority = plan.priorities.get(code="CSC")
    delivered = _edits(priority, ItemKind.DELIVERED)
    delivered[0].references = [f"review:{case.reference}"]
    services.priority_update(
        priority=priority,
        actor=None,
        title=priority.title,
        aim=priority.aim,
        commitments=[c.text for c in priority.commitments.all()],
        delivered=delivered,
        next_items=[],
    )
    url = reverse("delivery:priority_detail", args=[plan.slug, "CSC"])
    _login(client, world, Role.PARTNER_VIEWER)
    page = client.get(url).content.decode()
    assert "ASB Case Review" in page
    assert case.reference not in page
    assert f"/asb-reviews/cases/{case.pk}/" not in page
    _login(client, world, Role.OPCC_POLICY)
    assert f"/asb-reviews/cases/{case.pk}/" in client.get(url).content.decode()
