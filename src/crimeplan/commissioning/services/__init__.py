"""Every change to commissioning records: each validates, saves and writes its audit event in
one transaction, and returns the record. A ValidationError names the field at fault.

By stage: `funds` (funds, rounds and their criteria, questions and panel), `bids` (the OPCC's
bids to national funds), `applications` (the public's applications), `assessment` (conflicts,
scores, authorities' agreement, the panel's decision), `awards`, `payments` (schedule,
payments, spend, carry-over), `monitoring` (returns and evaluation) and `retention`. Callers
import the package, `from crimeplan.commissioning import services`, never a stage's module.
"""

from .applications import (
    APPLICANT_FIELDS,
    REQUIRED_ANSWERS,
    application_ineligible_reasons,
    application_missing,
    application_rule_errors,
    application_start,
    application_submit,
    application_update,
    attachment_add,
    attachment_check_room,
    resume_link_send,
    round_is_open,
)
from .assessment import (
    agreement_record,
    application_moderate,
    conflict_declare,
    is_conflicted,
    missing_agreements,
    scores_record,
)
from .awards import (
    award_create,
)
from .bids import (
    bid_record,
    bid_update,
)
from .funds import (
    criterion_add,
    fund_archive,
    fund_create,
    fund_update,
    panel_member_add,
    question_add,
    round_archive,
    round_create,
    round_update,
)
from .monitoring import (
    evaluation_record,
    return_accept,
    return_submit,
    returns_schedule,
)
from .payments import (
    carry_over,
    instalment_add,
    payment_record,
    spend_record,
)
from .retention import (
    ERASED,
    application_erase,
    draft_delete,
)

__all__ = [
    "APPLICANT_FIELDS",
    "ERASED",
    "REQUIRED_ANSWERS",
    "agreement_record",
    "application_erase",
    "application_ineligible_reasons",
    "application_missing",
    "application_moderate",
    "application_rule_errors",
    "application_start",
    "application_submit",
    "application_update",
    "attachment_add",
    "attachment_check_room",
    "award_create",
    "bid_record",
    "bid_update",
    "carry_over",
    "conflict_declare",
    "criterion_add",
    "draft_delete",
    "evaluation_record",
    "fund_archive",
    "fund_create",
    "fund_update",
    "instalment_add",
    "is_conflicted",
    "missing_agreements",
    "panel_member_add",
    "payment_record",
    "question_add",
    "resume_link_send",
    "return_accept",
    "return_submit",
    "returns_schedule",
    "round_archive",
    "round_create",
    "round_is_open",
    "round_update",
    "scores_record",
    "spend_record",
]
