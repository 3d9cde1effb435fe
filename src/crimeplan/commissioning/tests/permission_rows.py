"""Commissioning's rows of the permission matrix."""

import datetime

from django.core.files.base import ContentFile

from crimeplan.accounts.constants import Role
from crimeplan.commissioning.constants import FundKind
from crimeplan.commissioning.models import (
    Application,
    Attachment,
    Award,
    Bid,
    Fund,
    MonitoringReturn,
    PanelMember,
    Round,
)
from crimeplan.core.tests.matrix import ALL_ROLES, OPCC, PUBLIC, Row
from crimeplan.core.tests.world import World

from .factories import ApplicationFactory, FundFactory, RoundFactory

COMMISSIONERS = frozenset({Role.OPCC_ADMIN, Role.OPCC_COMMISSIONING})
ASSESSORS = OPCC | {Role.GRANT_ASSESSOR}
PARTNERS = OPCC | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
EDITORS = COMMISSIONERS | {Role.PARTNER_EDITOR}


def _round(world: World, kind: str = FundKind.LOCAL) -> Round:
    round_ = RoundFactory(fund=FundFactory(kind=kind))
    PanelMember.objects.create(round=round_, user=world.people[Role.GRANT_ASSESSOR])
    return round_


def _application(world: World) -> Application:
    return ApplicationFactory(round=_round(world))


def _joint_application(world: World) -> Application:
    application = ApplicationFactory(round=_round(world, FundKind.JOINT))
    application.round.fund.specified_authorities.set([world.csp_own, world.csp_other])
    return application


def _draft(world: World) -> Application:
    return Application.objects.create(round=_round(world))


def _award(world: World, *, own: bool = True) -> Award:
    return Award.objects.create(
        round=RoundFactory(budget_pence=10_000),
        recipient=world.csp_own if own else world.csp_other,
        title="Test award",
        amount_pence=1_000,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
    )


def _published_award(world: World, file_format: str) -> dict[str, object]:
    """A published local grant (the 360Giving files need one), and the file's URL kwargs."""
    _award(world)
    return {"file_format": file_format}


def _return(world: World, status: str = "due") -> MonitoringReturn:
    return MonitoringReturn.objects.create(
        award=_award(world),
        period_end=datetime.date(2025, 6, 30),
        due_on=datetime.date(2025, 7, 28),
        status=status,
        outputs="x" if status != "due" else "",
        outcomes="y" if status != "due" else "",
    )


def _fund(world: World) -> Fund:
    return FundFactory()


def _bid(world: World) -> Bid:
    return Bid.objects.create(round=_round(world, FundKind.NATIONAL), title="Test bid")


def _attachment(world: World) -> Attachment:
    """An attachment of an application the grant assessor's panel assesses."""
    attachment = Attachment(
        application=_application(world),
        original_name="budget.pdf",
        content_type="application/pdf",
        size=9,
    )
    attachment.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return attachment


ROWS: list[Row] = [
    Row("commissioning:fund_list", OPCC),
    Row("commissioning:fund_create", COMMISSIONERS),
    Row("commissioning:fund_detail", OPCC, lambda w: {"pk": _fund(w).pk}),
    Row("commissioning:fund_edit", COMMISSIONERS, lambda w: {"pk": _fund(w).pk}),
    Row(
        "commissioning:fund_archive",
        COMMISSIONERS,
        lambda w: {"pk": _fund(w).pk},
        method="post",
        ok_status=302,
    ),
    Row("commissioning:round_create", COMMISSIONERS, lambda w: {"pk": _fund(w).pk}),
    Row("commissioning:round_edit", COMMISSIONERS, lambda w: {"pk": _round(w).pk}),
    Row(
        "commissioning:round_archive",
        COMMISSIONERS,
        lambda w: {"pk": _round(w).pk},
        method="post",
        ok_status=302,
    ),
    Row("commissioning:bid_edit", COMMISSIONERS, lambda w: {"pk": _bid(w).pk}),
    Row("commissioning:round_detail", OPCC, lambda w: {"pk": _round(w).pk}),
    Row("commissioning:criterion_add", COMMISSIONERS, lambda w: {"pk": _round(w).pk}),
    Row("commissioning:question_add", COMMISSIONERS, lambda w: {"pk": _round(w).pk}),
    Row("commissioning:panel_add", COMMISSIONERS, lambda w: {"pk": _round(w).pk}),
    Row("commissioning:bid_add", COMMISSIONERS, lambda w: {"pk": _round(w, FundKind.NATIONAL).pk}),
    Row("commissioning:award_create", COMMISSIONERS, lambda w: {"pk": _round(w).pk}),
    Row("commissioning:application_list", ASSESSORS),
    Row("commissioning:application_export", ASSESSORS),
    Row("commissioning:application_detail", ASSESSORS, lambda w: {"pk": _application(w).pk}),
    Row("commissioning:attachment_download", ASSESSORS, lambda w: {"pk": _attachment(w).pk}),
    Row(
        "commissioning:application_score",
        {Role.GRANT_ASSESSOR},
        lambda w: {"pk": _application(w).pk},
    ),
    Row(
        "commissioning:conflict_declare",
        {Role.GRANT_ASSESSOR},
        lambda w: {"pk": _application(w).pk},
    ),
    Row("commissioning:application_decide", COMMISSIONERS, lambda w: {"pk": _application(w).pk}),
    Row(
        "commissioning:agreement_record",
        COMMISSIONERS,
        lambda w: {"pk": _joint_application(w).pk},
    ),
    Row("commissioning:award_list", PARTNERS),
    Row("commissioning:award_detail", PARTNERS, lambda w: {"pk": _award(w).pk}, label="own"),
    Row(
        "commissioning:award_detail",
        OPCC,
        lambda w: {"pk": _award(w, own=False).pk},
        label="other",
    ),
    Row("commissioning:instalment_add", COMMISSIONERS, lambda w: {"pk": _award(w).pk}),
    Row("commissioning:payment_add", COMMISSIONERS, lambda w: {"pk": _award(w).pk}),
    Row("commissioning:spend_add", EDITORS, lambda w: {"pk": _award(w).pk}, label="own"),
    Row(
        "commissioning:spend_add",
        COMMISSIONERS,
        lambda w: {"pk": _award(w, own=False).pk},
        label="other",
    ),
    Row("commissioning:carry_over", COMMISSIONERS, lambda w: {"pk": _award(w).pk}),
    Row("commissioning:returns_schedule", COMMISSIONERS, lambda w: {"pk": _award(w).pk}),
    Row("commissioning:evaluation_edit", COMMISSIONERS, lambda w: {"pk": _award(w).pk}),
    Row("commissioning:return_submit", EDITORS, lambda w: {"pk": _return(w).pk}),
    Row(
        "commissioning:return_accept",
        COMMISSIONERS,
        lambda w: {"pk": _return(w, "submitted").pk},
        method="post",
        ok_status=302,
    ),
    Row("commissioning:report", OPCC),
    Row("commissioning:report_export", OPCC),
    Row("commissioning:area_summary", ALL_ROLES),
    Row("commissioning:public_grants", PUBLIC),
    Row("commissioning:public_grants_360", PUBLIC, lambda w: _published_award(w, "json")),
    Row("commissioning:apply_start", PUBLIC),
    Row(
        "commissioning:apply_begin",
        PUBLIC,
        lambda w: {"pk": _round(w).pk},
        method="post",
        ok_status=302,
    ),
    Row(
        "commissioning:apply_step",
        PUBLIC,
        lambda w: {"token": _draft(w).resume_token, "step": "organisation"},
    ),
    Row("commissioning:apply_check", PUBLIC, lambda w: {"token": _draft(w).resume_token}),
    Row("commissioning:apply_save", PUBLIC, lambda w: {"token": _draft(w).resume_token}),
    # The confirmation is shown only to the browser that submitted the application.
    Row(
        "commissioning:apply_done",
        PUBLIC,
        lambda w: {"reference": _application(w).reference},
        ok_status=404,
    ),
]

ROWS.append(Row("api:list_grants", PUBLIC))
