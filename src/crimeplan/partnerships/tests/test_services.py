"""Every change to the register is validated and written to the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent

from .. import services
from ..constants import BoardKind, MeetingStatus, OpccRole
from ..models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding
from .factories import BoardFactory, BoardMemberFactory, PostFactory, PostFundingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, OrganisationFactory())


def _events(instance: object) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=instance._meta.label,
            object_id=str(instance.pk),  # type: ignore[attr-defined]
        ).order_by("pk")
    )


def test_a_new_board_is_recorded_as_created_by_its_author(actor) -> None:  # type: ignore[no-untyped-def]
    board = services.board_save(
        board=Board(name="Safer Test", kind=BoardKind.PARTNERSHIP_BOARD, opcc_role=OpccRole.CHAIRS),
        actor=actor,
    )
    (event,) = _events(board)
    assert event.action == AuditAction.CREATE
    assert event.actor_id == actor.pk
    assert board.created_by == actor
    assert "Safer Test" in event.summary


def test_a_change_to_a_board_records_before_and_after(actor) -> None:  # type: ignore[no-untyped-def]
    board = BoardFactory(name="Old name")
    board.name = "New name"
    services.board_save(board=board, actor=actor)
    (event,) = _events(board)
    assert event.action == AuditAction.CHANGE
    assert event.before["name"] == "Old name"
    assert event.after["name"] == "New name"
    assert "name" in event.changed


def test_a_duplicate_board_name_is_refused_with_a_clear_message(actor) -> None:  # type: ignore[no-untyped-def]
    BoardFactory(name="Safer Test")
    with pytest.raises(ValidationError) as error:
        services.board_save(
            board=Board(name="Safer Test", kind=BoardKind.PANEL, opcc_role=OpccRole.MEMBER),
            actor=actor,
        )
    assert error.value.message_dict["name"] == ["A board with this name is already in the register"]


def test_archiving_a_board_keeps_it_and_records_the_archive(actor) -> None:  # type: ignore[no-untyped-def]
    board = BoardFactory()
    services.board_archive(board=board, actor=actor)
    board.refresh_from_db()
    assert board.is_archived
    assert [e.action for e in _events(board)] == [AuditAction.ARCHIVE]
    with pytest.raises(ValidationError, match="already archived"):
        services.board_archive(board=board, actor=actor)


def test_a_seat_is_an_organisation_or_a_role_and_is_held_once(actor) -> None:  # type: ignore[no-untyped-def]
    board = BoardFactory()
    council = OrganisationFactory(name="County council")
    seat = services.member_add(board=board, actor=actor, organisation=council)
    role_only = services.member_add(board=board, actor=actor, role_title=" Independent chair ")
    assert role_only.role_title == "Independent chair"
    assert [e.action for e in _events(seat)] == [AuditAction.CREATE]
    with pytest.raises(ValidationError, match="already has this member"):
        services.member_add(board=board, actor=actor, organisation=council)
    with pytest.raises(ValidationError, match="already has this member"):
        services.member_add(board=board, actor=actor, role_title="Independent chair")
    with pytest.raises(ValidationError, match="Choose an organisation or enter a role"):
        services.member_add(board=board, actor=actor)


def test_removing_a_seat_is_recorded_as_a_delete(actor) -> None:  # type: ignore[no-untyped-def]
    seat = BoardMemberFactory()
    pk = seat.pk
    services.member_remove(member=seat, actor=actor)
    assert not BoardMember.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(object_type="partnerships.BoardMember", object_id=str(pk))
    assert event.action == AuditAction.DELETE
    assert event.organisation_id == seat.organisation_id


def test_a_meeting_in_the_future_cannot_have_been_held(actor) -> None:  # type: ignore[no-untyped-def]
    board = BoardFactory()
    with pytest.raises(ValidationError) as error:
        services.meeting_save(
            meeting=Meeting(
                board=board, held_on=datetime.date(2099, 1, 1), status=MeetingStatus.HELD
            ),
            actor=actor,
        )
    assert "status" in error.value.message_dict
    planned = services.meeting_save(
        meeting=Meeting(board=board, held_on=datetime.date(2099, 1, 1)), actor=actor
    )
    assert [e.action for e in _events(planned)] == [AuditAction.CREATE]
    with pytest.raises(ValidationError, match="already has a meeting on this date"):
        services.meeting_save(
            meeting=Meeting(board=board, held_on=datetime.date(2099, 1, 1)), actor=actor
        )


def test_a_post_must_end_after_it_starts(actor) -> None:  # type: ignore[no-untyped-def]
    host = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.post_save(
            post=JointlyFundedPost(
                title="Co-ordinator",
                host_organisation=host,
                starts_on=datetime.date(2024, 4, 1),
                ends_on=datetime.date(2024, 3, 31),
            ),
            actor=actor,
        )
    assert "The end date must be on or after the start date" in str(error.value)
    post = services.post_save(
        post=JointlyFundedPost(
            title="Co-ordinator", host_organisation=host, starts_on=datetime.date(2024, 4, 1)
        ),
        actor=actor,
    )
    (event,) = _events(post)
    assert event.organisation_id == host.pk


def test_funding_is_recorded_once_a_year_per_funder_and_removal_is_audited(actor) -> None:  # type: ignore[no-untyped-def]
    post = PostFactory()
    funder = OrganisationFactory()
    line = services.funding_save(
        funding=PostFunding(post=post, funder=funder, financial_year=2024, amount_pence=500_000),
        actor=actor,
    )
    (event,) = _events(line)
    assert event.after["amount_pence"] == 500_000
    assert event.organisation_id == funder.pk
    with pytest.raises(ValidationError, match="already recorded"):
        services.funding_save(
            funding=PostFunding(post=post, funder=funder, financial_year=2024, amount_pence=1),
            actor=actor,
        )
    pk = line.pk
    services.funding_remove(funding=line, actor=actor)
    assert not PostFunding.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(
        object_type="partnerships.PostFunding", object_id=str(pk), action=AuditAction.DELETE
    ).exists()


def test_archiving_a_post_is_recorded(actor) -> None:  # type: ignore[no-untyped-def]
    post = PostFundingFactory().post
    services.post_archive(post=post, actor=actor)
    assert [e.action for e in _events(post)] == [AuditAction.ARCHIVE]
