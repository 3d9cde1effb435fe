"""Reads for the register: which boards and posts a viewer sees, and the posts' funding as
rows for the download and the API.

The one visibility rule (`restrict_to_viewer`): OPCC staff see every board and post; a
partner's people see the boards their organisation sits on or chairs, and the posts it hosts
or helps to fund (with every funder's share of them); nobody else sees any.
"""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet, Sum

from crimeplan.accounts.permissions import Viewer, restrict_to_viewer
from crimeplan.core.money import pence_to_pounds

from .constants import financial_year_label
from .models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding
from .permissions import EDITORS, READERS

FUNDING_COLUMNS = [
    "post",
    "host_organisation",
    "starts_on",
    "ends_on",
    "funder",
    "financial_year",
    "amount_pounds",
]


def shows_register(viewer: Viewer) -> bool:
    """The menu entry: for whoever may open the register (no query for anyone)."""
    return viewer.has_any(READERS)


def may_edit(viewer: Viewer) -> bool:
    return viewer.has_any(EDITORS)


def _visible_boards(*, viewer: Viewer, include_archived: bool) -> QuerySet[Board]:
    boards = Board.objects.all()
    if not include_archived:
        boards = boards.filter(archived_at__isnull=True)
    if not viewer.has_any(READERS):
        return boards.none()
    return restrict_to_viewer(
        boards, viewer, owner_field="members__organisation", shared_field="chair_organisation"
    )


def board_list(*, viewer: Viewer, include_archived: bool = False) -> QuerySet[Board]:
    """The boards the viewer may see, with their counts of seats and meetings."""
    visible = _visible_boards(viewer=viewer, include_archived=include_archived)
    # Counted over the visible ids, so the join that decides visibility does not inflate them.
    return (
        Board.objects.filter(pk__in=visible.values("pk"))
        .select_related("chair_organisation")
        .annotate(
            seat_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )


def board_members(board: Board) -> QuerySet[BoardMember]:
    return board.members.select_related("organisation").order_by("organisation__name", "role_title")


def board_meetings(board: Board) -> QuerySet[Meeting]:
    return board.meetings.order_by("-held_on")


def member_list(*, viewer: Viewer) -> QuerySet[BoardMember]:
    """The seats on the boards the viewer may see (archived boards' included)."""
    return BoardMember.objects.filter(
        board__in=_visible_boards(viewer=viewer, include_archived=True).values("pk")
    ).select_related("board", "organisation")


def meeting_list(*, viewer: Viewer) -> QuerySet[Meeting]:
    """The meetings of the boards the viewer may see (archived boards' included)."""
    return Meeting.objects.filter(
        board__in=_visible_boards(viewer=viewer, include_archived=True).values("pk")
    ).select_related("board")


def _visible_posts(*, viewer: Viewer, include_archived: bool) -> QuerySet[JointlyFundedPost]:
    posts = JointlyFundedPost.objects.all()
    if not include_archived:
        posts = posts.filter(archived_at__isnull=True)
    if not viewer.has_any(READERS):
        return posts.none()
    return restrict_to_viewer(
        posts, viewer, owner_field="host_organisation", shared_field="funding__funder"
    )


def post_list(*, viewer: Viewer, include_archived: bool = False) -> QuerySet[JointlyFundedPost]:
    """The posts the viewer may see, each with its funding lines and their total."""
    visible = _visible_posts(viewer=viewer, include_archived=include_archived)
    return (
        JointlyFundedPost.objects.filter(pk__in=visible.values("pk"))
        .select_related("host_organisation")
        .prefetch_related(
            Prefetch("funding", queryset=PostFunding.objects.select_related("funder"))
        )
        .annotate(total_pence=Sum("funding__amount_pence"))
        .order_by("title")
    )


def funding_list(*, viewer: Viewer) -> QuerySet[PostFunding]:
    """The funding lines of the posts the viewer may see (archived posts' included)."""
    return PostFunding.objects.filter(
        post__in=_visible_posts(viewer=viewer, include_archived=True).values("pk")
    ).select_related("post", "funder")


def funding_rows(posts: Iterable[JointlyFundedPost]) -> list[dict[str, object]]:
    """One row per funding line (a post with none: one row without a funder), in pounds."""
    rows: list[dict[str, object]] = []
    for post in posts:
        common: dict[str, object] = {
            "post": post.title,
            "host_organisation": post.host_organisation.name,
            "starts_on": post.starts_on.isoformat(),
            "ends_on": post.ends_on.isoformat() if post.ends_on else "",
        }
        lines = list(post.funding.all())
        if not lines:
            rows.append(common | {"funder": "", "financial_year": "", "amount_pounds": ""})
        for line in lines:
            rows.append(
                common
                | {
                    "funder": line.funder.name,
                    "financial_year": financial_year_label(line.financial_year),
                    "amount_pounds": pence_to_pounds(line.amount_pence),
                }
            )
    return rows
