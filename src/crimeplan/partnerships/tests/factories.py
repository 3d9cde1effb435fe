import datetime

import factory

from crimeplan.accounts.tests.factories import OrganisationFactory

from ..constants import BoardKind, MeetingStatus, OpccRole
from ..models import Board, BoardMember, JointlyFundedPost, Meeting, PostFunding


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    kind = BoardKind.PARTNERSHIP_BOARD
    opcc_role = OpccRole.MEMBER
    terms_of_reference = "Brings partners together."


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role_title = ""


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    held_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    status = MeetingStatus.HELD
    decisions_summary = "Agreed the plan."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointlyFundedPost

    title = factory.Sequence(lambda n: f"Co-ordinator {n}")
    host_organisation = factory.SubFactory(OrganisationFactory)
    starts_on = datetime.date(2023, 4, 1)


class PostFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostFunding

    post = factory.SubFactory(PostFactory)
    funder = factory.SubFactory(OrganisationFactory)
    financial_year = 2024
    amount_pence = 1_250_050
