"""Who sees which boards and posts: OPCC staff all; a partner its own; nobody else any."""

import pytest

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member

from .. import selectors
from .factories import BoardFactory, BoardMemberFactory, PostFactory, PostFundingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():  # type: ignore[no-untyped-def]
    own = OrganisationFactory(name="Own CSP", kind=OrganisationKind.CSP)
    other = OrganisationFactory(name="Other CSP", kind=OrganisationKind.CSP)
    sits = BoardFactory(name="Sits on")
    BoardMemberFactory(board=sits, organisation=own)
    BoardMemberFactory(board=sits, organisation=other)
    chairs = BoardFactory(name="Chairs", chair_organisation=own)
    elsewhere = BoardFactory(name="Elsewhere")
    BoardMemberFactory(board=elsewhere, organisation=other)
    hosts = PostFactory(title="Hosted", host_organisation=own)
    funds = PostFactory(title="Funded", host_organisation=other)
    PostFundingFactory(post=funds, funder=own, financial_year=2023)
    PostFundingFactory(post=funds, funder=own, financial_year=2024)
    PostFundingFactory(post=funds, funder=other, financial_year=2024)
    neither = PostFactory(title="Neither", host_organisation=other)
    return {
        "own": own,
        "boards": (sits, chairs, elsewhere),
        "posts": (hosts, funds, neither),
    }


def test_opcc_staff_see_every_board_and_post(register) -> None:  # type: ignore[no-untyped-def]
    viewer = viewer_for(member(Role.OPCC_ANALYST, OrganisationFactory(kind=OrganisationKind.OPCC)))
    assert {b.name for b in selectors.board_list(viewer=viewer)} == {
        "Sits on",
        "Chairs",
        "Elsewhere",
    }
    assert {p.title for p in selectors.post_list(viewer=viewer)} == {"Hosted", "Funded", "Neither"}


@pytest.mark.parametrize("role", [Role.PARTNER_EDITOR, Role.PARTNER_VIEWER])
def test_a_partner_sees_only_boards_it_sits_on_or_chairs_and_posts_it_hosts_or_funds(
    register, role: str
) -> None:  # type: ignore[no-untyped-def]
    viewer = viewer_for(member(role, register["own"]))
    boards = list(selectors.board_list(viewer=viewer))
    assert [b.name for b in boards] == ["Chairs", "Sits on"]
    # The join that decides visibility does not inflate the counts.
    assert {b.name: b.seat_count for b in boards} == {"Chairs": 0, "Sits on": 2}
    posts = list(selectors.post_list(viewer=viewer))
    assert [p.title for p in posts] == ["Funded", "Hosted"]
    funded = posts[0]
    # Every funder's share of a post it helps to fund, and the total of them all.
    assert len(funded.funding.all()) == 3
    assert funded.total_pence == 3 * 1_250_050  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.VOLUNTEER, Role.GRANT_ASSESSOR])
def test_roles_outside_the_register_see_nothing(register, role: str) -> None:  # type: ignore[no-untyped-def]
    viewer = viewer_for(member(role, register["own"]))
    assert not selectors.board_list(viewer=viewer).exists()
    assert not selectors.post_list(viewer=viewer).exists()
    assert not selectors.funding_list(viewer=viewer).exists()
    assert not selectors.shows_register(viewer)


def test_archived_boards_and_posts_leave_the_lists_but_stay_readable(register) -> None:  # type: ignore[no-untyped-def]
    viewer = viewer_for(member(Role.PARTNER_VIEWER, register["own"]))
    sits = register["boards"][0]
    sits.archived_at = sits.created_at
    sits.save()
    assert "Sits on" not in {b.name for b in selectors.board_list(viewer=viewer)}
    assert "Sits on" in {b.name for b in selectors.board_list(viewer=viewer, include_archived=True)}


def test_funding_rows_give_one_row_per_funder_and_year_in_pounds(register) -> None:  # type: ignore[no-untyped-def]
    viewer = viewer_for(member(Role.PARTNER_VIEWER, register["own"]))
    rows = selectors.funding_rows(selectors.post_list(viewer=viewer))
    assert [(r["post"], r["funder"], r["financial_year"]) for r in rows] == [
        ("Funded", "Own CSP", "2023/24"),
        ("Funded", "Other CSP", "2024/25"),
        ("Funded", "Own CSP", "2024/25"),
        ("Hosted", "", ""),
    ]
    assert rows[0]["amount_pounds"] == 12500.5
    assert list(rows[0]) == selectors.FUNDING_COLUMNS
