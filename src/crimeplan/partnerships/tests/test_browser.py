"""The register in headless Chromium: a policy officer adds a board (first with a mistake),
then reads the posts; axe finds no WCAG 2.2 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.browser import axe_violations, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import World, build_world

from ..models import Board
from .factories import BoardMemberFactory, PostFundingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_add_a_board_and_read_the_posts(chromium, live_server, world: World) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    user = world.people[Role.OPCC_POLICY]
    PostFundingFactory(post__title="Safer Test Co-ordinator", funder=world.csp_own)
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, user.email, user.totp_secret)
    page.goto(f"{live_server.url}/partnerships/")
    expect(page.get_by_role("heading", name="Partnerships and boards")).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="Add a board or partnership").click()
    page.wait_for_url("**/partnerships/boards/add/")
    no_violations(page)
    page.get_by_label("Name").fill("Safer Test Partnership")
    page.get_by_role("button", name="Save board").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    no_violations(page)
    page.get_by_label("Partnership board").check()
    page.get_by_label("Chairs the board").check()
    page.get_by_label("Terms of reference", exact=False).first.fill("Reduce crime together.")
    page.get_by_role("button", name="Save board").click()
    expect(page.get_by_text("Safer Test Partnership saved.")).to_be_visible()
    board = Board.objects.get(name="Safer Test Partnership")
    BoardMemberFactory(board=board, organisation=world.csp_own, role_title="Lead")
    page.reload()
    expect(page.get_by_role("cell", name="Lead", exact=True)).to_be_visible()
    no_violations(page)

    page.get_by_role("link", name="All partnerships and boards").click()
    page.wait_for_url("**/partnerships/")
    page.get_by_role("link", name="Jointly funded posts").click()
    page.wait_for_url("**/partnerships/posts/")
    no_violations(page)
    page.get_by_role("link", name="Safer Test Co-ordinator").click()
    expect(page.get_by_role("heading", name="Safer Test Co-ordinator")).to_be_visible()
    expect(page.get_by_text("£12,500.50").first).to_be_visible()
    no_violations(page)
    context.close()
