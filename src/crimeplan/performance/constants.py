"""The performance framework's vocabularies (plain enums: the engine runs without Django)."""

import enum


class Aim(enum.StrEnum):
    REDUCE = "reduce"
    INCREASE = "increase"

    @property
    def sign(self) -> int:
        """+1 when a rise is the aim, -1 when a fall is."""
        return 1 if self is Aim.INCREASE else -1


class MeasureKind(enum.StrEnum):
    COUNT = "count"  # crimes or incidents: rates per 1,000, % change
    PERCENTAGE = "percentage"  # a survey measure: change in percentage points


class Source(enum.StrEnum):
    AGGREGATES = "aggregates"
    POLICE_UK = "police.uk"
    RECORDED_CRIME = "recorded-crime"


class Verdict(enum.StrEnum):
    IMPROVEMENT = "significant improvement"
    DETERIORATION = "significant deterioration"
    NO_CHANGE = "no significant change"
    NOT_TESTABLE = "not testable"


class ChangeUnit(enum.StrEnum):
    PERCENT = "%"
    POINTS = "pp"


class Rule(enum.StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"


class PointType(enum.StrEnum):
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEUTRAL = "neutral"
    COMMON_CAUSE = "common_cause"


class Assurance(enum.StrEnum):
    PASS = "pass"  # noqa: S105  (an assurance, not a password)
    FAIL = "fail"
    INCONSISTENT = "inconsistent"


class Outlier(enum.StrEnum):
    HIGH = "above the group"
    LOW = "below the group"
    WITHIN = "within the group's range"


# Significance level of the verdict and of the 95% interval.
ALPHA = 0.05
# Funnel-plot limits for outliers among the group's members (Spiegelhalter's 99.8%).
OUTLIER_COVERAGE = 0.998
# Published table: rates to 3 decimals; % change to 1 for the force and 2 for the group;
# percentage points to 1.
RATE_DECIMALS = 3
FORCE_CHANGE_DECIMALS = 1
GROUP_CHANGE_DECIMALS = 2
POINTS_DECIMALS = 1
