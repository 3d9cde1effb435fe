"""Changes to ASB Case Reviews. Each validates, saves, writes the case's event log and the
audit trail in one transaction, and returns the record.

By stage: `applications` (complete applications, receiving and acknowledging them), `review`
(transitions, the threshold decision, the review), `bodies` (invited bodies and the
recommendations), `escalation` and `retention` (anonymisation); `common` holds the log, the
audited change to a case and the threshold rule they share. Callers import the package,
`from crimeplan.asb_reviews import services`, never a stage's module.
"""

from .applications import (
    CONTACT_NEEDED,
    INCIDENT_FIELDS,
    applicant_key,
    application_acknowledge,
    application_validate,
    case_submit,
)
from .bodies import (
    body_invite,
    body_record_account,
    recommendation_add,
    recommendation_complete,
)
from .common import (
    case_threshold_decision,
)
from .escalation import (
    escalation_record,
    escalation_review,
)
from .retention import (
    ANONYMISED,
    case_anonymise,
    cases_anonymise_expired,
)
from .review import (
    TRANSITION_DATES,
    case_decide_threshold,
    case_record_review,
    case_transition,
)

__all__ = [
    "ANONYMISED",
    "CONTACT_NEEDED",
    "INCIDENT_FIELDS",
    "TRANSITION_DATES",
    "applicant_key",
    "application_acknowledge",
    "application_validate",
    "body_invite",
    "body_record_account",
    "case_anonymise",
    "case_decide_threshold",
    "case_record_review",
    "case_submit",
    "case_threshold_decision",
    "case_transition",
    "cases_anonymise_expired",
    "escalation_record",
    "escalation_review",
    "recommendation_add",
    "recommendation_complete",
]
