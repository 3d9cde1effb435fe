"""Changes to the register: keyword-only, one transaction each, validated and audited.

Each save takes an instance a form has filled in (or a new one), validates it with the
model's own rules and constraints, saves it and records the change with its before and after
(`audited_change`); a seat or a funding line taken away is recorded as a delete, a board or
post that ends is archived, never deleted.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import archive_audited, audited_change, audited_delete

from .models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding


def _save[M: (Board, BoardMember, Meeting, JointlyFundedPost, PostFunding)](
    instance: M, *, actor: Any, summary: str, organisation_id: int | None = None
) -> M:
    with audited_change(
        instance, actor=actor, summary=summary, organisation_id=organisation_id, stored=True
    ):
        if instance._state.adding and getattr(actor, "is_authenticated", False):
            instance.created_by = actor
        instance.full_clean()
        instance.save()
    return instance


@transaction.atomic
def board_save(*, board: Board, actor: Any) -> Board:
    verb = "Added" if board._state.adding else "Changed"
    return _save(board, actor=actor, summary=f"{verb} the board {board.name}")


@transaction.atomic
def board_archive(*, board: Board, actor: Any) -> Board:
    if board.is_archived:
        raise ValidationError("This board is already archived")
    return archive_audited(board, actor=actor, summary=f"Archived the board {board.name}")


@transaction.atomic
def member_add(
    *, board: Board, actor: Any, organisation: Any = None, role_title: str = ""
) -> BoardMember:
    """Gives a board a seat, held by an organisation, a role title, or both."""
    role_title = role_title.strip()
    seats = board.members.filter(organisation=organisation, role_title=role_title)
    if seats.exists():
        raise ValidationError("The board already has this member")
    member = BoardMember(board=board, organisation=organisation, role_title=role_title)
    return _save(
        member,
        actor=actor,
        summary=f"Added {member} to the board {board.name}",
        organisation_id=organisation.pk if organisation else None,
    )


@transaction.atomic
def member_remove(*, member: BoardMember, actor: Any) -> None:
    audited_delete(
        member,
        actor=actor,
        summary=f"Took {member} off the board {member.board.name}",
        organisation_id=member.organisation_id,
    )


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor: Any) -> Meeting:
    verb = "Added" if meeting._state.adding else "Changed"
    return _save(meeting, actor=actor, summary=f"{verb} the {meeting}")


@transaction.atomic
def post_save(*, post: JointlyFundedPost, actor: Any) -> JointlyFundedPost:
    verb = "Added" if post._state.adding else "Changed"
    return _save(
        post,
        actor=actor,
        summary=f"{verb} the jointly funded post {post.title}",
        organisation_id=post.host_organisation_id,
    )


@transaction.atomic
def post_archive(*, post: JointlyFundedPost, actor: Any) -> JointlyFundedPost:
    if post.is_archived:
        raise ValidationError("This post is already archived")
    return archive_audited(
        post,
        actor=actor,
        summary=f"Archived the jointly funded post {post.title}",
        organisation_id=post.host_organisation_id,
    )


@transaction.atomic
def funding_save(*, funding: PostFunding, actor: Any) -> PostFunding:
    verb = "Recorded" if funding._state.adding else "Changed"
    return _save(
        funding,
        actor=actor,
        summary=f"{verb} funding: {funding}",
        organisation_id=funding.funder_id,
    )


@transaction.atomic
def funding_remove(*, funding: PostFunding, actor: Any) -> None:
    audited_delete(
        funding,
        actor=actor,
        summary=f"Removed funding: {funding}",
        organisation_id=funding.funder_id,
    )
