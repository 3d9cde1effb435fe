"""Kinds, statuses and outcomes of the commissioning process."""

from django.db import models
from django.utils.translation import gettext_noop

# Labels marked with gettext_noop are shown to the public (the grant application, in Welsh
# where the site offers it) and translated where shown; the data and staff pages keep English.


class FundKind(models.TextChoices):
    NATIONAL = "national", "National fund the OPCC bids to"
    LOCAL = "local", "Local fund the OPCC awards"
    JOINT = "joint", "Fund decided jointly by the specified authorities"


class MatchFundingForm(models.TextChoices):
    CASH = "cash", gettext_noop("Cash")
    IN_KIND = "in_kind", gettext_noop("In kind")
    EITHER = "either", gettext_noop("Cash or in kind")


class BidOutcome(models.TextChoices):
    DRAFT = "draft", "Being written"
    SUBMITTED = "submitted", "Submitted"
    WON = "won", "Won"
    PART_WON = "part_won", "Partly won"
    LOST = "lost", "Not successful"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Not yet submitted"
    INELIGIBLE = "ineligible", "Ineligible"
    SUBMITTED = "submitted", "Submitted"
    FUNDED = "funded", "Funded"
    DECLINED = "declined", "Not funded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OrganisationType(models.TextChoices):
    CHARITY = "charity", gettext_noop("Registered charity")
    CIC = "cic", gettext_noop("Community interest company")
    COMMUNITY_GROUP = "community_group", gettext_noop("Constituted community group")
    PARISH = "parish", gettext_noop("Town or parish council")
    SCHOOL = "school", gettext_noop("School or college")
    BUSINESS = "business", gettext_noop("Private business")
    INDIVIDUAL = "individual", gettext_noop("Individual")


class Decision(models.TextChoices):
    FUND = "fund", "Fund"
    DECLINE = "decline", "Do not fund"


class CostType(models.TextChoices):
    LABOUR = "labour", "Labour"
    NON_LABOUR = "non_labour", "Non-labour"
    UNSPLIT = "unsplit", "Not split"


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"


class FundAgain(models.TextChoices):
    YES = "yes", "Yes"
    WITH_CHANGES = "with_changes", "Yes, with changes"
    NO = "no", "No"


# An application names a plan priority by its code (e.g. CSC), as the performance tables do;
# the award made from it links to the delivery app's Priority row.
PRIORITY_CODE_MAX_LENGTH = 10

# A grantee with an overdue monitoring return is e-mailed about it at most once in this many days.
RETURN_REMINDER_REPEAT_DAYS = 7

# The formats commissioning tables are downloaded and printed in (see crimeplan.core.exports).
EXPORT_FORMATS = ("csv", "xlsx", "ods")
