"""Demonstration content for `crimeplan load-demo`: partnerships, boards and jointly funded
posts that the OPCC for Gloucestershire's published plan update (2021-25) names, described in
our own words, with the demonstration organisations as members, chairs, hosts and funders.

What the update publishes: the boards' and posts' names, what each is for, who chairs or hosts
them and which partners take part. It publishes no amounts, start dates or meeting dates for
them, so every amount, date and meeting here is illustrative, and each meeting says so.
Idempotent: a board, seat, meeting, post or funding line already held is left as it is.
"""

import datetime
from collections.abc import Iterator

from django.db import transaction

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation

from . import services
from .constants import BoardKind, MeetingStatus, OpccRole
from .models import Board, JointlyFundedPost, Meeting, PostFunding

CSPS = "csps"  # every Community Safety Partnership
VICTIM_SUPPORT = "Victim Support"

# name, kind, chair, the OPCC's part, terms of reference, seats (kinds or role titles)
BOARDS: list[tuple[str, str, str | None, str, str, list[str]]] = [
    ("Safer Gloucestershire", BoardKind.PARTNERSHIP_BOARD, OrganisationKind.OPCC,
     OpccRole.CHAIRS,
     "The county-wide community safety partnership, led by the Deputy Police and Crime "
     "Commissioner. It helps the bodies with duties under section 17 of the Crime and Disorder "
     "Act 1998 reduce crime, disorder and anti-social behaviour, supports the six district "
     "Community Safety Partnerships and oversees county groups such as road safety.",
     [CSPS, OrganisationKind.COUNTY_COUNCIL, OrganisationKind.CONSTABULARY,
      OrganisationKind.FIRE_RESCUE, OrganisationKind.ICB, OrganisationKind.PROBATION]),
    ("Gloucestershire Criminal Justice Board", BoardKind.STRATEGIC_BOARD, None, OpccRole.HOSTS,
     "Criminal justice agencies improving how a case travels from report to court, supporting "
     "victims and witnesses and reducing reoffending. Its co-ordinator is based in the OPCC.",
     [OrganisationKind.CONSTABULARY, OrganisationKind.PROBATION,
      "Crown Prosecution Service", "HM Courts and Tribunals Service"]),
    ("Emergency Services Collaboration Board", BoardKind.COLLABORATION_BOARD, None,
     OpccRole.MEMBER,
     "Police, fire and ambulance services looking for ways to work together, as the Policing "
     "and Crime Act 2017 requires: shared buildings, equipment, training and problem solving.",
     [OrganisationKind.CONSTABULARY, OrganisationKind.FIRE_RESCUE, "Ambulance service"]),
    ("Combating Drugs Partnership", BoardKind.PARTNERSHIP_BOARD, None, OpccRole.MEMBER,
     "Partners agreeing and delivering a shared action plan against drug-related harm and "
     "crime.",
     [OrganisationKind.CONSTABULARY, OrganisationKind.COUNTY_COUNCIL, OrganisationKind.ICB,
      OrganisationKind.PROBATION]),
    ("Domestic Abuse Local Strategic Partnership Board", BoardKind.PARTNERSHIP_BOARD, None,
     OpccRole.MEMBER,
     "The county's strategic group for domestic abuse, working alongside the Sexual Violence "
     "Partnership and the Serious Violence Duty's priorities.",
     [OrganisationKind.COUNTY_COUNCIL, OrganisationKind.CONSTABULARY, OrganisationKind.ICB]),
    ("Gloucestershire Road Safety Partnership", BoardKind.DELIVERY_GROUP, None, OpccRole.MEMBER,
     "Restored to work under Safer Gloucestershire: road safety education, Community Speedwatch "
     "cameras and novice driver training.",
     [OrganisationKind.COUNTY_COUNCIL, OrganisationKind.CONSTABULARY,
      OrganisationKind.FIRE_RESCUE]),
    ("Victims' Code of Practice scrutiny panel", BoardKind.PANEL, OrganisationKind.OPCC,
     OpccRole.CHAIRS,
     "Statutory agencies examine chosen cases for compliance with the Victims' Code and draw "
     "out learning. Chaired by the OPCC's Victims and Vulnerability Strategic Co-ordinator.",
     [OrganisationKind.CONSTABULARY, OrganisationKind.PROBATION, "Crown Prosecution Service",
      "HM Courts and Tribunals Service"]),
]  # fmt: skip

# board, date, summary: illustrative meetings.
MEETINGS = [
    ("Safer Gloucestershire", datetime.date(2023, 6, 14),
     "Illustrative meeting: agreed the partnership's performance framework."),
    ("Safer Gloucestershire", datetime.date(2023, 10, 11),
     "Illustrative meeting: leaders signed the county's anti-social behaviour pledge."),
    ("Gloucestershire Criminal Justice Board", datetime.date(2023, 9, 20),
     "Illustrative meeting: received the first phase of the 'Life of a file' research."),
]  # fmt: skip

# title, host, purpose, start, funders (kinds) with illustrative yearly amounts in pounds
POSTS = [
    ("Safer Gloucestershire Co-ordinator", OrganisationKind.OPCC,
     "Strategic and tactical support to the six Community Safety Partnerships, and the link "
     "between them, the OPCC and Safer Gloucestershire.",
     datetime.date(2021, 10, 1),
     [(OrganisationKind.OPCC, 30_000), (OrganisationKind.COUNTY_COUNCIL, 15_000)]),
    ("Domestic Abuse and Sexual Violence Strategic Co-ordinator", OrganisationKind.OPCC,
     "Leads the county's work on domestic abuse and sexual violence, including the stalking "
     "clinic, and chairs the MARAC.",
     datetime.date(2022, 4, 1),
     [(OrganisationKind.OPCC, 28_000), (OrganisationKind.COUNTY_COUNCIL, 28_000)]),
    ("Domestic Abuse and Sexual Violence Consultation Officer", OrganisationKind.OPCC,
     "Makes sure victims' and survivors' voices, including seldom heard groups, reach policy "
     "and decisions.",
     datetime.date(2023, 4, 1),
     [(OrganisationKind.OPCC, 18_000), (OrganisationKind.COUNTY_COUNCIL, 18_000)]),
    ("Domestic Abuse and Sexual Violence Programme Assistant", OrganisationKind.OPCC,
     "Supports the domestic abuse and sexual violence programme.",
     datetime.date(2023, 4, 1),
     [(OrganisationKind.OPCC, 13_000), (OrganisationKind.COUNTY_COUNCIL, 13_000)]),
    ("Strategic Serious Violence Prevention Co-ordinator", OrganisationKind.OPCC,
     "Leads the Serious Violence Duty's work for the county's specified authorities.",
     datetime.date(2023, 1, 31),
     [(OrganisationKind.OPCC, 25_000), (OrganisationKind.COUNTY_COUNCIL, 10_000),
      (OrganisationKind.CONSTABULARY, 10_000)]),
    ("Strategic Hate Crime Co-ordinator", VICTIM_SUPPORT,
     "The county's hate crime co-ordinator, based with Victim Support, reporting to Safer "
     "Gloucestershire every six months.",
     datetime.date(2022, 4, 1),
     [(OrganisationKind.OPCC, 35_000)]),
    ("Gloucestershire Criminal Justice Board Co-ordinator", OrganisationKind.OPCC,
     "Supports the Criminal Justice Board, its research and the scrutiny panels.",
     datetime.date(2022, 4, 1),
     [(OrganisationKind.OPCC, 40_000)]),
]  # fmt: skip
FINANCIAL_YEARS = (2023, 2024)


def _organisation(kind_or_name: str) -> Organisation | None:
    active = Organisation.objects.filter(archived_at__isnull=True).order_by("name")
    if kind_or_name == VICTIM_SUPPORT:
        return active.filter(name__startswith=VICTIM_SUPPORT).first()
    return active.filter(kind=kind_or_name).first()


def _seats(seats: list[str]) -> Iterator[tuple[Organisation | None, str]]:
    kinds = set(OrganisationKind.values)
    for seat in seats:
        if seat == CSPS:
            for csp in Organisation.objects.filter(
                kind=OrganisationKind.CSP, archived_at__isnull=True
            ).order_by("name"):
                yield csp, ""
        elif seat in kinds:
            organisation = _organisation(seat)
            if organisation is not None:
                yield organisation, ""
        else:
            yield None, seat


def _load_boards() -> int:
    made = 0
    for name, kind, chair, opcc_role, terms, seats in BOARDS:
        board = Board.objects.filter(name=name).first()
        if board is None:
            board = services.board_save(
                board=Board(
                    name=name,
                    kind=kind,
                    chair_organisation=_organisation(chair) if chair else None,
                    opcc_role=opcc_role,
                    terms_of_reference=terms,
                ),
                actor=None,
            )
            made += 1
        for organisation, role_title in _seats(seats):
            if not board.members.filter(organisation=organisation, role_title=role_title).exists():
                services.member_add(
                    board=board, actor=None, organisation=organisation, role_title=role_title
                )
    for name, held_on, summary in MEETINGS:
        board = Board.objects.get(name=name)
        if not Meeting.objects.filter(board=board, held_on=held_on).exists():
            services.meeting_save(
                meeting=Meeting(
                    board=board,
                    held_on=held_on,
                    status=MeetingStatus.HELD,
                    decisions_summary=summary,
                ),
                actor=None,
            )
    return made


def _load_posts() -> int:
    made = 0
    for title, host_kind, purpose, starts_on, funders in POSTS:
        host = _organisation(host_kind)
        if host is None:
            continue
        post = JointlyFundedPost.objects.filter(title=title, host_organisation=host).first()
        if post is None:
            post = services.post_save(
                post=JointlyFundedPost(
                    title=title, host_organisation=host, purpose=purpose, starts_on=starts_on
                ),
                actor=None,
            )
            made += 1
        for funder_kind, pounds in funders:
            funder = _organisation(funder_kind)
            if funder is None:
                continue
            for year in FINANCIAL_YEARS:
                if not post.funding.filter(funder=funder, financial_year=year).exists():
                    services.funding_save(
                        funding=PostFunding(
                            post=post,
                            funder=funder,
                            financial_year=year,
                            amount_pence=pounds * 100,
                        ),
                        actor=None,
                    )
    return made


@transaction.atomic
def load() -> list[str]:
    boards = _load_boards()
    posts = _load_posts()
    if not boards and not posts:
        return ["Partnerships register already loaded."]
    return [
        f"Partnerships register: {boards} boards and {posts} jointly funded posts "
        "(amounts and dates illustrative)."
    ]
