"""Who may open each page of the partnerships register (gathered by core's permission matrix),
the query parameters its pages read (for the query crawl) and how to plant a spreadsheet
formula in its download (for the downloads test).

Every OPCC role and a partner's people may open the register; a partner sees only the boards
its organisation sits on or chairs and the posts it hosts or funds (the world's own CSP's
board and post, not the other CSP's); only OPCC policy officers and administrators change it.
"""

from collections.abc import Callable

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.core.tests.matrix import Row
from crimeplan.core.tests.spreadsheets import FORMULAS, HYPERLINK, Download
from crimeplan.core.tests.world import World

from .factories import (
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    PostFactory,
    PostFundingFactory,
)

READERS = frozenset(OPCC_STAFF_ROLES) | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
OPCC = frozenset(OPCC_STAFF_ROLES)
EDITORS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})


def _board(world: World, *, own: bool = True) -> int:
    board = BoardFactory()
    BoardMemberFactory(board=board, organisation=world.csp_own if own else world.csp_other)
    return board.pk


def _post(world: World, *, own: bool = True) -> int:
    post = PostFactory(host_organisation=world.opcc)
    PostFundingFactory(post=post, funder=world.csp_own if own else world.csp_other)
    return post.pk


ROWS: list[Row] = [
    Row("partnerships:board_list", READERS),
    Row("partnerships:board_create", EDITORS),
    Row("partnerships:board_detail", READERS, lambda w: {"pk": _board(w)}, label="own"),
    Row("partnerships:board_detail", OPCC, lambda w: {"pk": _board(w, own=False)}, label="other"),
    Row("partnerships:board_edit", EDITORS, lambda w: {"pk": _board(w)}),
    Row(
        "partnerships:board_archive",
        EDITORS,
        lambda w: {"pk": _board(w)},
        method="post",
        ok_status=302,
    ),
    Row("partnerships:member_add", EDITORS, lambda w: {"pk": _board(w)}),
    Row(
        "partnerships:member_remove",
        EDITORS,
        lambda w: {"pk": BoardMemberFactory(organisation=w.csp_own).pk},
        method="post",
        ok_status=302,
    ),
    Row("partnerships:meeting_create", EDITORS, lambda w: {"board_pk": _board(w)}),
    Row(
        "partnerships:meeting_edit",
        EDITORS,
        lambda w: {"pk": MeetingFactory(board_id=_board(w)).pk},
    ),
    Row("partnerships:post_list", READERS),
    Row("partnerships:post_create", EDITORS),
    Row("partnerships:post_detail", READERS, lambda w: {"pk": _post(w)}, label="own"),
    Row("partnerships:post_detail", OPCC, lambda w: {"pk": _post(w, own=False)}, label="other"),
    Row("partnerships:post_edit", EDITORS, lambda w: {"pk": _post(w)}),
    Row(
        "partnerships:post_archive",
        EDITORS,
        lambda w: {"pk": _post(w)},
        method="post",
        ok_status=302,
    ),
    Row("partnerships:funding_add", EDITORS, lambda w: {"pk": _post(w)}),
    Row(
        "partnerships:funding_remove",
        EDITORS,
        lambda w: {"pk": PostFundingFactory(funder=w.csp_own).pk},
        method="post",
        ok_status=302,
    ),
    Row("partnerships:post_export", READERS, lambda w: {"file_format": "csv"}),
    Row("api:partnerships_board_list", READERS),
    Row("api:partnerships_post_list", READERS),
]

QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "partnerships:board_list": ("page",),
    "partnerships:post_list": ("page",),
}


def _partnership_posts(world: World) -> Download:
    # Post titles and organisations' names are typed by people; a partner sees the posts its
    # organisation hosts.
    world.csp_own.name = HYPERLINK
    world.csp_own.save()
    for formula in FORMULAS:
        post = PostFactory(title=formula, host_organisation=world.csp_own)
        PostFundingFactory(post=post, funder=world.csp_own)
    return Download(Role.PARTNER_VIEWER)


DOWNLOAD_PLANTS: dict[str, Callable[[World], Download]] = {
    "partnerships:post_export": _partnership_posts,
}
