"""The register's pages: adding and changing through the forms, the messages, the download
(audited) and the API."""

import csv
import io

import pytest
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent

from ..models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding
from .factories import BoardFactory, BoardMemberFactory, PostFactory, PostFundingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="The OPCC", kind=OrganisationKind.OPCC)


@pytest.fixture
def policy(client, opcc):  # type: ignore[no-untyped-def]
    user = member(Role.OPCC_POLICY, opcc)
    client.force_login(user)
    return user


def test_add_a_board_then_a_member_and_a_meeting(client, policy, opcc) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("partnerships:board_create"),
        {"name": "Safer Test", "kind": "partnership_board", "opcc_role": "chairs",
         "chair_organisation": opcc.pk, "terms_of_reference": "Reduce crime.",
         "terms_review_on": "2025-04-01"},
    )  # fmt: skip
    board = Board.objects.get(name="Safer Test")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Safer Test saved." in page.content.decode()
    assert "1 April 2025" in page.content.decode()

    council = OrganisationFactory(name="County Council")
    response = client.post(
        reverse("partnerships:member_add", args=[board.pk]),
        {"organisation": council.pk, "role_title": "Cabinet member"},
    )
    assert response.status_code == 302
    assert BoardMember.objects.get(board=board).role_title == "Cabinet member"
    response = client.post(
        reverse("partnerships:member_add", args=[board.pk]),
        {"organisation": council.pk, "role_title": "Cabinet member"},
    )
    assert response.status_code == 200
    assert "The board already has this member" in response.content.decode()

    response = client.post(
        reverse("partnerships:meeting_create", args=[board.pk]),
        {"held_on": "2024-03-01", "status": "held", "decisions_summary": "Agreed the plan."},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(board=board)
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Agreed the plan." in page and "County Council" in page
    assert set(
        AuditEvent.objects.filter(action=AuditAction.CREATE).values_list("object_type", flat=True)
    ) >= {"partnerships.Board", "partnerships.BoardMember", "partnerships.Meeting"}

    response = client.post(
        reverse("partnerships:meeting_edit", args=[meeting.pk]),
        {"held_on": "2024-03-01", "status": "cancelled"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_an_invalid_form_shows_the_error_summary_and_keeps_what_was_typed(client, policy) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("partnerships:board_create"), {"name": "Half typed"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose the kind of board" in page
    assert 'value="Half typed"' in page
    assert "<title>Error:" in page


def test_remove_a_member_and_archive_a_board(client, policy) -> None:  # type: ignore[no-untyped-def]
    seat = BoardMemberFactory()
    board = seat.board
    response = client.post(reverse("partnerships:member_remove", args=[seat.pk]), follow=True)
    assert "taken off the board" in response.content.decode()
    assert not board.members.exists()
    response = client.post(reverse("partnerships:board_archive", args=[board.pk]), follow=True)
    assert "archived" in response.content.decode()
    assert board.name not in client.get(reverse("partnerships:board_list")).content.decode()


def test_add_a_post_and_record_its_funding(client, policy, opcc) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("partnerships:post_create"),
        {"title": "Hate Crime Co-ordinator", "host_organisation": opcc.pk,
         "starts_on": "2023-04-01", "purpose": "Co-ordinates."},
    )  # fmt: skip
    post = JointlyFundedPost.objects.get()
    assert response["Location"] == post.get_absolute_url()
    council = OrganisationFactory(name="County Council")
    response = client.post(
        reverse("partnerships:funding_add", args=[post.pk]),
        {"funder": council.pk, "financial_year": "2024", "amount": "12,500.50"},
        follow=True,
    )
    page = response.content.decode()
    assert "Funding recorded." in page
    assert "£12,500.50" in page and "2024/25" in page
    line = PostFunding.objects.get()
    assert line.amount_pence == 1_250_050
    response = client.post(
        reverse("partnerships:funding_add", args=[post.pk]),
        {"funder": council.pk, "financial_year": "2024", "amount": "1"},
    )
    assert "already recorded" in response.content.decode()
    client.post(reverse("partnerships:funding_remove", args=[line.pk]))
    assert not PostFunding.objects.exists()


def test_lists_are_paginated(client, policy) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        BoardFactory(name=f"Board {n:02d}")
    first = client.get(reverse("partnerships:board_list")).content.decode()
    second = client.get(reverse("partnerships:board_list"), {"page": "2"}).content.decode()
    assert "Board 00" in first and "Board 29" not in first
    assert "Board 29" in second and "Page 2 of 2" in second


def test_a_partner_reads_but_cannot_change(client) -> None:  # type: ignore[no-untyped-def]
    csp = OrganisationFactory(kind=OrganisationKind.CSP)
    client.force_login(member(Role.PARTNER_EDITOR, csp))
    post = PostFundingFactory(funder=csp).post
    page = client.get(post.get_absolute_url()).content.decode()
    assert post.title in page and "Record funding" not in page
    assert client.get(reverse("partnerships:post_edit", args=[post.pk])).status_code == 403
    other = PostFactory()
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_download_holds_what_the_viewer_sees_and_is_audited(client) -> None:  # type: ignore[no-untyped-def]
    csp = OrganisationFactory(name="Own CSP", kind=OrganisationKind.CSP)
    viewer = member(Role.PARTNER_VIEWER, csp)
    client.force_login(viewer)
    PostFundingFactory(post=PostFactory(title="Ours"), funder=csp, amount_pence=1_000_000)
    PostFundingFactory(post=PostFactory(title="Theirs"))
    response = client.get(reverse("partnerships:post_export", args=["csv"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["post"], r["funder"], r["amount_pounds"]) for r in rows] == [
        ("Ours", "Own CSP", "10000")
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_id == viewer.pk
    assert event.object_type == "partnerships.JointlyFundedPost"
    for fmt in ("xlsx", "ods"):
        assert client.get(reverse("partnerships:post_export", args=[fmt])).status_code == 200
    assert client.get(reverse("partnerships:post_export", args=["pdf"])).status_code == 404


def test_the_api_lists_what_the_member_may_see(client) -> None:  # type: ignore[no-untyped-def]
    csp = OrganisationFactory(name="Own CSP", kind=OrganisationKind.CSP)
    board = BoardFactory(name="Ours")
    BoardMemberFactory(board=board, organisation=csp, role_title="Lead")
    BoardFactory(name="Theirs")
    PostFundingFactory(post=PostFactory(title="Funded"), funder=csp, amount_pence=500)
    assert client.get("/api/v1/partnerships/boards").status_code == 401
    client.force_login(member(Role.PARTNER_VIEWER, csp))
    boards = client.get("/api/v1/partnerships/boards").json()
    assert [b["name"] for b in boards] == ["Ours"]
    assert boards[0]["members"] == [{"organisation": "Own CSP", "role_title": "Lead"}]
    (post,) = client.get("/api/v1/partnerships/posts").json()
    assert post["title"] == "Funded" and post["total_pence"] == 500
    assert post["funding"] == [
        {"funder": "Own CSP", "financial_year": "2024/25", "amount_pence": 500}
    ]
    client.force_login(member(Role.PANEL_MEMBER, OrganisationFactory()))
    assert client.get("/api/v1/partnerships/posts").status_code == 403
