"""Who may open each Victims' Code page (gathered by core's permission matrix), the query
parameters its pages read (for the query crawl) and the downloads' formula plants.

The figures page, its downloads, the blank template and the API are public. The world's own
CSP is made a returning agency where a row lets partner editors in: its partner editor makes
its returns and sees them (not another agency's); partner viewers and panel members see
nothing. The OPCC's staff see every return and the reviews; policy officers and
administrators keep the agencies and record the review.
"""

from collections.abc import Callable

from crimeplan.accounts.constants import OPCC_STAFF_ROLES, Role
from crimeplan.core.tests.matrix import PUBLIC, Row
from crimeplan.core.tests.spreadsheets import FORMULAS, Download
from crimeplan.core.tests.world import World

from ..models import ComplianceReturn, ReturningAgency
from .factories import (
    ReturningAgencyFactory,
    ReviewActionFactory,
    ReviewMeetingFactory,
    return_with_lines,
)
from .feedback_permission_rows import QUERY_PARAMETERS as FEEDBACK_QUERY_PARAMETERS
from .feedback_permission_rows import ROWS as FEEDBACK_ROWS

OPCC = frozenset(OPCC_STAFF_ROLES)
MAKERS = frozenset({Role.PARTNER_EDITOR, Role.OPCC_POLICY, Role.OPCC_ADMIN})
READERS_AND_MAKERS = OPCC | {Role.PARTNER_EDITOR}
MANAGERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})


# Each helper may run more than once on one database (the axe test builds every row's page
# in one world), so it makes the agency and its return only once.
def _own_agency(world: World) -> dict[str, object]:
    ReturningAgency.objects.get_or_create(
        organisation=world.csp_own, defaults={"since_year": 2024, "since_quarter": 1}
    )
    return {}


def _return(world: World, *, own: bool = True) -> int:
    organisation = world.csp_own if own else world.csp_other
    ReturningAgency.objects.get_or_create(
        organisation=organisation, defaults={"since_year": 2024, "since_quarter": 1}
    )
    held = ComplianceReturn.objects.filter(agency=organisation, year=2025, quarter=3).first()
    return (held or return_with_lines(organisation)).pk


ROWS: list[Row] = [
    Row("victims_code:figures", PUBLIC),
    Row("victims_code:figures_export", PUBLIC, lambda w: {"file_format": "csv"}),
    Row("victims_code:template_download", PUBLIC, lambda w: {"file_format": "xlsx"}),
    Row("victims_code:return_list", READERS_AND_MAKERS, _own_agency),
    Row("victims_code:return_upload", MAKERS, _own_agency),
    Row("victims_code:return_enter", MAKERS, _own_agency),
    Row(
        "victims_code:return_detail",
        READERS_AND_MAKERS,
        lambda w: {"pk": _return(w)},
        label="own",
    ),
    Row("victims_code:return_detail", OPCC, lambda w: {"pk": _return(w, own=False)}, label="other"),
    Row("victims_code:agency_list", OPCC),
    Row("victims_code:agency_add", MANAGERS),
    Row(
        "victims_code:agency_archive",
        MANAGERS,
        lambda w: {"pk": ReturningAgencyFactory().pk},
        method="post",
        ok_status=302,
    ),
    Row("victims_code:meeting_list", OPCC),
    Row("victims_code:meeting_create", MANAGERS),
    Row("victims_code:meeting_detail", OPCC, lambda w: {"pk": ReviewMeetingFactory().pk}),
    Row("victims_code:meeting_edit", MANAGERS, lambda w: {"pk": ReviewMeetingFactory().pk}),
    Row(
        "victims_code:action_create",
        MANAGERS,
        lambda w: {"meeting_pk": ReviewMeetingFactory().pk},
    ),
    Row("victims_code:action_edit", MANAGERS, lambda w: {"pk": ReviewActionFactory().pk}),
    Row("api:victims_code_quarters", PUBLIC),
    Row(
        "api:victims_code_figures",
        PUBLIC,
        lambda w: (
            {"year": return_with_lines(ReturningAgencyFactory().organisation).year} | {"quarter": 3}
        ),
    ),
    *FEEDBACK_ROWS,
]

QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "victims_code:figures": ("quarter",),
    "victims_code:figures_export": ("quarter",),
    **FEEDBACK_QUERY_PARAMETERS,
}


def _figures(world: World) -> Download:
    # An agency's name is typed by people and reaches the figures as the agency column.
    for formula in FORMULAS:
        agency = ReturningAgencyFactory(organisation__name=formula).organisation
        return_with_lines(agency)
    return Download("anonymous")


def _template(world: World) -> Download:
    # The blank template holds only the column names and the rights' codes the code writes.
    del world
    return Download("anonymous", carries_formulas=False, is_publication=False)


DOWNLOAD_PLANTS: dict[str, Callable[[World], Download]] = {
    "victims_code:figures_export": _figures,
    "victims_code:template_download": _template,
}
