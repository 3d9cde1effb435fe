"""The performance framework's vocabularies (plain enums: the engine runs without Django)."""

import enum


class Aim(enum.StrEnum):
    REDUCE = "reduce"
    INCREASE = "increase"
    MONITOR = "monitor"  # no aim: a share shown for context (only share measures)

    @property
    def sign(self) -> int:
        """+1 when a rise is the aim, -1 when a fall is, 0 when there is no aim."""
        return {Aim.INCREASE: 1, Aim.REDUCE: -1}.get(self, 0)


class MeasureKind(enum.StrEnum):
    COUNT = "count"  # crimes or incidents: rates per 1,000, % change
    PERCENTAGE = "percentage"  # a survey measure: change in percentage points
    SHARE = "share"  # a component's share of a total count measure, in %
    TARGET = "target"  # a count against a fixed target
    RANK = "rank"  # a place among forces, 1 = best
    DURATION = "duration"  # a time in seconds


class Source(enum.StrEnum):
    AGGREGATES = "aggregates"
    POLICE_UK = "police.uk"
    RECORDED_CRIME = "recorded-crime"


class Verdict(enum.StrEnum):
    IMPROVEMENT = "significant improvement"
    DETERIORATION = "significant deterioration"
    NO_CHANGE = "no significant change"
    CHANGE = "significant change"  # for a share with no aim
    NOT_TESTABLE = "not testable"


class ChangeUnit(enum.StrEnum):
    PERCENT = "%"
    POINTS = "pp"
    SECONDS = "s"
    NONE = ""  # targets and ranks: the figures are shown, not a change


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
# The published ASB table prints shares and their changes to 2 decimals ("Pers: 40.01%").
SHARE_DECIMALS = 2

# Why a kind's change is not put to a test of chance, said beside "aim met".
NOT_A_SAMPLE = {
    "target": "a target is a fixed figure to reach, not a sample, so chance does not apply",
    "rank": "a rank among forces is a position, not a sample, so chance does not apply",
    "duration": "a single summary time, published without its spread, cannot be tested",
}
