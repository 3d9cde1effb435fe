"""The register in the JSON API: the boards and the jointly funded posts (with their funding)
the signed-in member may see, read-only."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from crimeplan.accounts.permissions import Viewer, viewer_for

from . import selectors
from .constants import financial_year_label
from .permissions import READERS

router = Router(tags=["partnerships"])


class Message(Schema):
    detail: str


class BoardMemberOut(Schema):
    organisation: str | None
    role_title: str


class BoardOut(Schema):
    id: int
    name: str
    kind: str
    chair_organisation: str | None
    opcc_role: str
    terms_of_reference: str
    terms_review_on: datetime.date | None
    members: list[BoardMemberOut]


class FundingOut(Schema):
    funder: str
    financial_year: str
    amount_pence: int


class PostOut(Schema):
    id: int
    title: str
    host_organisation: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    total_pence: int
    funding: list[FundingOut]


def _readable_by(request: HttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.has_any(READERS):
        raise HttpError(403, "Your role has no access to the partnerships register.")
    return viewer


@router.get("/boards", response={200: list[BoardOut], 401: Message, 403: Message}, auth=django_auth)
def partnerships_board_list(request: HttpRequest) -> list[BoardOut]:
    """The boards the member may see (OPCC staff: all; partners: those their organisation
    sits on or chairs), with their members."""
    boards = selectors.board_list(viewer=_readable_by(request)).prefetch_related(
        "members__organisation"
    )
    return [
        BoardOut(
            id=board.pk,
            name=board.name,
            kind=board.kind,
            chair_organisation=board.chair_organisation.name if board.chair_organisation else None,
            opcc_role=board.opcc_role,
            terms_of_reference=board.terms_of_reference,
            terms_review_on=board.terms_review_on,
            members=[
                BoardMemberOut(
                    organisation=member.organisation.name if member.organisation else None,
                    role_title=member.role_title,
                )
                for member in board.members.all()
            ],
        )
        for board in boards
    ]


@router.get("/posts", response={200: list[PostOut], 401: Message, 403: Message}, auth=django_auth)
def partnerships_post_list(request: HttpRequest) -> list[PostOut]:
    """The jointly funded posts the member may see (OPCC staff: all; partners: those their
    organisation hosts or helps to fund), with every funder's share by financial year."""
    return [
        PostOut(
            id=post.pk,
            title=post.title,
            host_organisation=post.host_organisation.name,
            starts_on=post.starts_on,
            ends_on=post.ends_on,
            total_pence=post.total_pence or 0,  # type: ignore[attr-defined]
            funding=[
                FundingOut(
                    funder=line.funder.name,
                    financial_year=financial_year_label(line.financial_year),
                    amount_pence=line.amount_pence,
                )
                for line in post.funding.all()
            ],
        )
        for post in selectors.post_list(viewer=_readable_by(request))
    ]
