"""Who may open each ASB Case Review page (gathered by core's permission matrix).

A case in Cheltenham is visible to the co-ordinator, the administrator and the Cheltenham
CSP's partners (the world's own CSP); a case in Stroud only to the first two, unless the
CSP is invited to it.
"""

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import PUBLIC, Row
from crimeplan.core.tests.world import World

from ..constants import Status
from ..models import CaseReview, InvitedBody
from ..services import body_invite, escalation_record
from .factories import RECEIVED, case_at

MANAGERS = frozenset({Role.ASB_COORDINATOR, Role.OPCC_ADMIN})
CASE_PARTNERS = MANAGERS | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
OWN_EDITOR = MANAGERS | {Role.PARTNER_EDITOR}


def _case(world: World, status: str = Status.RECEIVED, district: str = "Cheltenham") -> CaseReview:
    return case_at(
        status,
        coordinator=world.people[Role.ASB_COORDINATOR],
        owner=world.csp_own,
        district_name=district,
    )


def _invited_body(world: World) -> InvitedBody:
    case = _case(world, district="Stroud")
    return body_invite(
        actor=world.people[Role.ASB_COORDINATOR], case=case, organisation=world.csp_own, on=RECEIVED
    )


def _body(world: World) -> int:
    return _invited_body(world).pk


def _invited_stroud_case(world: World) -> int:
    return _invited_body(world).case_id


def _recommendation(world: World) -> int:
    return _case(world, Status.RECOMMENDATIONS_ISSUED).recommendations.get().pk


def _escalation(world: World) -> int:
    case = _case(world, Status.RECOMMENDATIONS_ISSUED)
    return escalation_record(
        actor=world.people[Role.ASB_COORDINATOR], case=case, received_on=RECEIVED, grounds="Slow."
    ).pk


ROWS: list[Row] = [
    Row("asb_reviews:apply", PUBLIC),
    Row("api:asb_reviews_figures", PUBLIC, lambda w: {"year": 2024}),
    Row("asb_reviews:apply_done", PUBLIC, ok_status=302, label="no application yet"),
    Row("asb_reviews:figures", PUBLIC),
    Row("asb_reviews:figures_export", PUBLIC),
    Row("asb_reviews:case_list", CASE_PARTNERS),
    Row("asb_reviews:case_create", MANAGERS),
    Row(
        "asb_reviews:case_detail",
        CASE_PARTNERS,
        lambda w: {"pk": _case(w).pk},
        label="own district",
    ),
    Row(
        "asb_reviews:case_detail",
        MANAGERS,
        lambda w: {"pk": _case(w, district="Stroud").pk},
        label="other district",
    ),
    Row(
        "asb_reviews:case_detail",
        CASE_PARTNERS,
        lambda w: {"pk": _invited_stroud_case(w)},
        label="other district, invited",
    ),
    Row("asb_reviews:case_transition", MANAGERS, lambda w: {"pk": _case(w).pk}),
    Row(
        "asb_reviews:case_threshold",
        MANAGERS,
        lambda w: {"pk": _case(w, Status.THRESHOLD_CHECK).pk},
    ),
    Row("asb_reviews:body_invite", MANAGERS, lambda w: {"pk": _case(w).pk}),
    Row(
        "asb_reviews:case_review", MANAGERS, lambda w: {"pk": _case(w, Status.REVIEW_SCHEDULED).pk}
    ),
    Row("asb_reviews:recommendation_add", MANAGERS, lambda w: {"pk": _case(w, Status.REVIEWED).pk}),
    Row("asb_reviews:escalation_add", MANAGERS, lambda w: {"pk": _case(w, Status.CLOSED).pk}),
    Row(
        "asb_reviews:letter",
        MANAGERS,
        lambda w: {"pk": _case(w, Status.RECOMMENDATIONS_ISSUED).pk, "kind": "outcome"},
    ),
    Row(
        "asb_reviews:letter_export",
        MANAGERS,
        lambda w: {"pk": _case(w).pk, "kind": "acknowledgement"},
    ),
    Row("asb_reviews:body_account", OWN_EDITOR, lambda w: {"pk": _body(w)}),
    Row("asb_reviews:recommendation_complete", OWN_EDITOR, lambda w: {"pk": _recommendation(w)}),
    Row(
        "asb_reviews:escalation_review",
        frozenset({Role.OPCC_ADMIN}),
        lambda w: {"pk": _escalation(w)},
    ),
]
