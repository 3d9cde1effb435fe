"""Writes for custody and animal welfare visiting and the scrutiny panels. Each validates,
saves, writes the audit event in the same transaction and returns what it saved.

By stage: `volunteers` (volunteers, sites, training), `rostering` (the rota and changes to a
planned visit), `visit_reports` (the visitors' reports and the responses to their issues),
`panels` (panels, members, meetings, cases, actions), `reports` (annual reports) and
`retention` (erasure); `common` holds what they share. Callers import the package,
`from crimeplan.scrutiny import services`, never a stage's module.
"""

from ..constants import DETAINEE_CHECKLIST  # read by tests through `services`
from .common import (
    PAIR_HISTORY_DAYS,
)
from .panels import (
    CaseLoad,
    action_add,
    action_close,
    case_findings_record,
    cases_add,
    meeting_save,
    panel_members_set,
    panel_save,
    sample_draw,
)
from .reports import (
    report_figures,
    report_publish,
)
from .retention import (
    ERASED,
    issue_erase,
    visit_personal_erase,
    volunteer_erase,
)
from .rostering import (
    RotaResult,
    rota_generate,
    visit_adjust,
    visit_cancel,
)
from .visit_reports import (
    declined_reason_fields,
    detainee_check_add,
    issue_raise,
    issue_respond,
    visit_file,
    visit_report_save,
)
from .volunteers import (
    availability_slots,
    site_archive,
    site_save,
    training_record_add,
    volunteer_save,
)

__all__ = [
    "DETAINEE_CHECKLIST",
    "ERASED",
    "PAIR_HISTORY_DAYS",
    "CaseLoad",
    "RotaResult",
    "action_add",
    "action_close",
    "availability_slots",
    "case_findings_record",
    "cases_add",
    "declined_reason_fields",
    "detainee_check_add",
    "issue_erase",
    "issue_raise",
    "issue_respond",
    "meeting_save",
    "panel_members_set",
    "panel_save",
    "report_figures",
    "report_publish",
    "rota_generate",
    "sample_draw",
    "site_archive",
    "site_save",
    "training_record_add",
    "visit_adjust",
    "visit_cancel",
    "visit_file",
    "visit_personal_erase",
    "visit_report_save",
    "volunteer_erase",
    "volunteer_save",
]
