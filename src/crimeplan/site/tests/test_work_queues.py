"""Issue 22, item 9: each role's home page lists what waits for it (crimeplan.core.work), on a
pinned day, from one world with one thing of each kind waiting."""

import datetime

import pytest
import time_machine

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.asb_reviews.tests.factories import submit_case
from crimeplan.commissioning import services as commissioning
from crimeplan.commissioning.constants import Decision
from crimeplan.commissioning.models import MonitoringReturn
from crimeplan.commissioning.tests.factories import ApplicationFactory, RoundFactory
from crimeplan.complaint_reviews.tests.factories import ComplaintReviewFactory
from crimeplan.core.tests.world import World, build_world
from crimeplan.core.work import SHOWN, WorkItem, WorkQueue, queues_for
from crimeplan.delivery.tests.factories import ActionFactory
from crimeplan.scrutiny.tests.factories import (
    IssueFactory,
    SiteFactory,
    VisitFactory,
    VolunteerFactory,
    filed,
)

# The reference geography (districts): an ASB case is in one.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]
TODAY = datetime.date(2026, 6, 1)


def _waiting(world: World) -> None:
    """One of each thing that waits, each for the people it waits for."""
    ActionFactory(owner_organisation=world.csp_own, title="Street lighting")
    ActionFactory(owner_organisation=world.csp_other, title="Stroud patrols")
    round_ = RoundFactory(budget_pence=1_000_000)
    commissioning.panel_member_add(actor=None, round=round_, user=world.people[Role.GRANT_ASSESSOR])
    ApplicationFactory(round=round_, project_title="Boxing club")
    funded = ApplicationFactory(round=round_, project_title="Night bus")
    commissioning.application_moderate(
        actor=None, application=funded, decision=Decision.FUND, reasons="Good.", amount_pence=1000
    )
    award = commissioning.award_create(
        actor=None,
        round=round_,
        recipient=world.csp_own,
        title="Safe spaces",
        amount_pence=5_000,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    MonitoringReturn.objects.create(
        award=award, period_end=datetime.date(2026, 3, 31), due_on=datetime.date(2026, 4, 30)
    )
    submit_case(received_on=datetime.date(2026, 5, 1))
    ComplaintReviewFactory(received_on=datetime.date(2026, 4, 1))
    volunteer = VolunteerFactory(user=world.people[Role.VOLUNTEER])
    VisitFactory(first_visitor=volunteer, scheduled_on=datetime.date(2026, 5, 20))
    suite = SiteFactory(organisation=world.csp_own, name="Compass House")
    IssueFactory(visit=filed(VisitFactory(site=suite, scheduled_on=datetime.date(2026, 5, 2))))


UPDATES = "Progress updates overdue"
PAST_DUE = "Actions past their due date"
DELIVERY = {UPDATES: 2, PAST_DUE: 2}
COMMISSIONING = {
    "Applications awaiting the panel's decision": 1,
    "Funded applications awaiting their award": 1,
    "Monitoring returns late": 1,
}
CASES = {"Case reviews past a deadline": 1}
COMPLAINTS = {"Complaint reviews past a target": 1}
VISITS = {"Visit reports to file": 1, "Issues awaiting a response": 1}
COMMENTS = {"Measures needing a comment": 0}
EXPECTED = {
    Role.OPCC_ADMIN: {
        **COMMENTS, **DELIVERY, **COMMISSIONING, **CASES, **COMPLAINTS, **VISITS,
    },
    Role.OPCC_ANALYST: COMMENTS,
    Role.OPCC_POLICY: {**DELIVERY, **COMPLAINTS},
    Role.OPCC_COMMISSIONING: COMMISSIONING,
    Role.ASB_COORDINATOR: CASES,
    Role.VOLUNTEER_COORDINATOR: VISITS,
    Role.PARTNER_EDITOR: {
        UPDATES: 1,
        PAST_DUE: 1,
        "Monitoring returns late": 1,
        "Issues awaiting a response": 1,
    },
    Role.PARTNER_VIEWER: {},
    Role.PANEL_MEMBER: {},
    Role.VOLUNTEER: {"Visit reports to file": 1},
    Role.GRANT_ASSESSOR: {"Applications to score": 1},
}  # fmt: skip


def _counts(queues: list[WorkQueue]) -> dict[str, int]:
    return {queue.title: queue.count for queue in queues}


def test_each_role_sees_what_waits_for_it_and_nothing_else() -> None:
    world = build_world()
    _waiting(world)
    assert set(EXPECTED) == set(Role)
    for role, expected in EXPECTED.items():
        found = queues_for(viewer_for(world.people[role]), today=TODAY)
        assert _counts(found) == expected, role


def test_a_partner_editor_sees_only_their_own_organisation_s_work() -> None:
    world = build_world()
    _waiting(world)
    editor = viewer_for(world.people[Role.PARTNER_EDITOR])
    found = {q.title: q for q in queues_for(editor, today=TODAY)}
    assert [item.label for item in found[UPDATES].items] == ["Street lighting"]
    assert found[UPDATES].items[0].note == "no update yet"
    assert found[PAST_DUE].items[0].note == "was due 31 March 2025"
    (late,) = found["Monitoring returns late"].items
    assert late.label == "Safe spaces, Cheltenham CSP (test)"
    assert late.note == "due 30 April 2026, 32 days late"
    (issue,) = found["Issues awaiting a response"].items
    assert issue.label.endswith("at Compass House")


def test_nothing_waits_on_a_quiet_day_and_each_queue_says_so() -> None:
    world = build_world()
    for role in (Role.OPCC_ADMIN, Role.PARTNER_EDITOR, Role.GRANT_ASSESSOR, Role.VOLUNTEER):
        for queue in queues_for(viewer_for(world.people[role]), today=TODAY):
            assert queue.count == 0 and queue.empty, (role, queue.title)


def test_a_case_is_named_by_its_reference_only_on_the_home_page() -> None:
    world = build_world()
    case = submit_case(received_on=datetime.date(2026, 5, 1))
    found = queues_for(viewer_for(world.people[Role.ASB_COORDINATOR]), today=TODAY)
    (item,) = found[0].items
    assert item.label == f"Case {case.reference}"
    assert case.applicant_name not in str(item)
    assert item.note.startswith("Acknowledge: due ")


def test_a_queue_shows_its_first_few_and_counts_the_rest() -> None:
    items = [WorkItem(label=str(n), url="/") for n in range(SHOWN + 3)]
    queue = WorkQueue(title="T", items=items, url="/", link_text="See all", empty="None.")
    assert [i.label for i in queue.shown] == [str(n) for n in range(SHOWN)]
    assert queue.more == 3 and queue.count == SHOWN + 3


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=True)
def test_the_home_page_lists_the_queues_first(client) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    _waiting(world)
    client.force_login(world.people[Role.PARTNER_EDITOR])
    page = client.get("/home/").content.decode()
    assert page.index("What is waiting for you") < page.index("Your roles")
    assert "Street lighting" in page and "Stroud patrols" not in page
    assert "(due 30 April 2026, 32 days late)" in page


def test_a_module_whose_queues_fail_is_said_to_have_failed_and_the_rest_still_show(  # type: ignore[no-untyped-def]
    monkeypatch, caplog
) -> None:
    world = build_world()
    _waiting(world)

    def broken(viewer, today):  # type: ignore[no-untyped-def]
        raise RuntimeError("the area file is missing")

    monkeypatch.setattr("crimeplan.asb_reviews.work.queues", broken)
    found = queues_for(viewer_for(world.people[Role.OPCC_ADMIN]), today=TODAY)
    failed = [q for q in found if q.failed]
    assert [q.title for q in failed] == ["ASB Case Reviews"]
    assert failed[0].count == 0 and "could not be listed" in failed[0].empty
    assert _counts([q for q in found if not q.failed]) == {
        k: v for k, v in EXPECTED[Role.OPCC_ADMIN].items() if k not in CASES
    }
    assert "the area file is missing" in caplog.text
