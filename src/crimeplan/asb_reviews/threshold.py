"""Whether an ASB Case Review application meets an area's threshold, and why, in plain words.

Pure: a rule and a case in, a decision with its reasons out; no ORM, no request. The rule is
an area's configuration (see `areas.py` and `areas/*.toml`), never code, so a Community Safety
Partnership can try a local rule against real cases (`crimeplan asb-reviews check-threshold`)
before adopting it.
"""

import calendar
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Schedule 4 of the Anti-social Behaviour, Crime and Policing Act 2014: the threshold may be
# set no higher than three complaints, and guidance fixes the time limits as the least
# generous an area may use. A local rule may be more generous, never stricter.
STATUTORY_MAX_COMPLAINTS = 3
STATUTORY_MIN_WINDOW_MONTHS = 6
STATUTORY_MIN_COMPLAINT_MONTHS = 1
STATUTORY_MIN_APPLICATION_MONTHS = 6


class RuleError(ValueError):
    """A rule that the Act does not allow, or that cannot be read."""


@dataclass(frozen=True)
class LocationTrigger:
    """N qualifying reports about one location, from at least M different people."""

    reports: int
    reporters: int


@dataclass(frozen=True)
class ThresholdRule:
    area: str
    qualifying_complaints: int = 3
    window_months: int = 6
    complaint_within_months: int = 1
    application_within_months: int = 6
    separate_occasions: bool = True
    require_ongoing: bool = True
    single_hate_incident: bool = False
    location_trigger: LocationTrigger | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.qualifying_complaints <= STATUTORY_MAX_COMPLAINTS:
            raise RuleError(
                f"qualifying_complaints must be 1, 2 or 3, not {self.qualifying_complaints}: "
                "the Act treats the threshold as met at three complaints at most"
            )
        minimums = {
            "window_months": STATUTORY_MIN_WINDOW_MONTHS,
            "complaint_within_months": STATUTORY_MIN_COMPLAINT_MONTHS,
            "application_within_months": STATUTORY_MIN_APPLICATION_MONTHS,
        }
        for name, minimum in minimums.items():
            if getattr(self, name) < minimum:
                raise RuleError(
                    f"{name} must be at least {minimum}, not {getattr(self, name)}: "
                    "a local rule may be more generous than the statutory one, not stricter"
                )
        trigger = self.location_trigger
        if trigger is not None and (trigger.reports < 1 or trigger.reporters < 1):
            raise RuleError("location_trigger needs reports and reporters of at least 1")


@dataclass(frozen=True)
class Incident:
    occurred_on: datetime.date
    reported_on: datetime.date
    reported_to: str = ""
    hate_motivated: bool = False
    location: str = ""
    # Who made the complaint, for the several-people location trigger; blank means the
    # applicant.
    reported_by: str = ""


@dataclass(frozen=True)
class Case:
    application_date: datetime.date
    ongoing: bool
    incidents: Sequence[Incident] = field(default_factory=tuple)


@dataclass(frozen=True)
class ThresholdDecision:
    met: bool
    reasons: tuple[str, ...]
    qualifying: tuple[int, ...]  # indexes into the case's incidents

    def as_text(self) -> str:
        return "\n".join(["met" if self.met else "not met", *self.reasons])


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months on, or the month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _why_not_qualifying(rule: ThresholdRule, case: Case, incident: Incident) -> str | None:
    if incident.reported_on < incident.occurred_on:
        return "it was reported before the date it is said to have happened"
    if incident.reported_on > case.application_date:
        return "it was reported after the application was made"
    complaint_limit = add_months(incident.occurred_on, rule.complaint_within_months)
    if incident.reported_on > complaint_limit:
        return (
            f"it was reported on {long_date(incident.reported_on)}, more than "
            f"{_plural(rule.complaint_within_months, 'month')} after it happened"
        )
    application_limit = add_months(incident.reported_on, rule.application_within_months)
    if case.application_date > application_limit:
        return (
            f"the application was made more than "
            f"{_plural(rule.application_within_months, 'month')} after it was reported "
            f"(on {long_date(incident.reported_on)})"
        )
    return None


def _occasions_in_window(rule: ThresholdRule, days: list[datetime.date]) -> list[datetime.date]:
    """The largest set of incident dates that fit in one window of the rule's length (the
    most recent such window when several are as large)."""
    best: list[datetime.date] = []
    ordered = sorted(days)
    for start_index, start in enumerate(ordered):
        end = add_months(start, rule.window_months)
        inside = [day for day in ordered[start_index:] if day <= end]
        if len(inside) >= len(best):
            best = inside
    return best


def normalise_location(location: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", location.lower()).strip()


def _count_rule(
    rule: ThresholdRule, case: Case, qualifying: list[Incident]
) -> tuple[bool, list[str]]:
    if rule.separate_occasions:
        days = sorted({incident.occurred_on for incident in qualifying})
        unit = "separate occasion"
    else:
        days = sorted(incident.occurred_on for incident in qualifying)
        unit = "qualifying complaint"
    in_window = _occasions_in_window(rule, days)
    needed = rule.qualifying_complaints
    listed = ", ".join(long_date(day) for day in in_window) or "none"
    count_met = len(in_window) >= needed
    reasons = [
        f"{_plural(len(in_window), unit)} within {_plural(rule.window_months, 'month')} "
        f"({listed}); the rule needs {needed}."
    ]
    if rule.separate_occasions and len(days) < len(qualifying):
        reasons.append("Complaints about incidents on the same day count as one occasion.")
    if not rule.require_ongoing:
        return count_met, reasons
    if case.ongoing:
        reasons.append("The behaviour is still going on, as the rule requires.")
        return count_met, reasons
    reasons.append("The behaviour is no longer going on; the rule requires that it is.")
    return False, reasons


def _hate_trigger(incidents: list[tuple[int, Incident]]) -> tuple[bool, list[str]]:
    hate = [(index, incident) for index, incident in incidents if incident.hate_motivated]
    if not hate:
        return False, []
    index, incident = hate[0]
    return True, [
        f"A single hate incident is enough under this rule: incident {index + 1} "
        f"({long_date(incident.occurred_on)}) was hate-motivated and is a qualifying complaint."
    ]


def _location_trigger(
    trigger: LocationTrigger, incidents: list[Incident]
) -> tuple[bool, list[str]]:
    by_place: dict[str, list[Incident]] = {}
    for incident in incidents:
        place = normalise_location(incident.location)
        if place:
            by_place.setdefault(place, []).append(incident)
    for reports in by_place.values():
        people = {normalise_location(r.reported_by) or "the applicant" for r in reports}
        if len(reports) >= trigger.reports and len(people) >= trigger.reporters:
            return True, [
                f"{len(reports)} qualifying reports about {reports[0].location} from "
                f"{_plural(len(people), 'person')}; this rule lets {trigger.reports} reports "
                f"from {trigger.reporters} or more people trigger a review."
            ]
    return False, []


def evaluate(rule: ThresholdRule, case: Case) -> ThresholdDecision:
    """Applies the rule: the count rule first, then the area's optional triggers."""
    reasons: list[str] = []
    qualifying: list[tuple[int, Incident]] = []
    for index, incident in enumerate(case.incidents):
        why_not = _why_not_qualifying(rule, case, incident)
        if why_not is None:
            qualifying.append((index, incident))
        else:
            reasons.append(
                f"Incident {index + 1} ({long_date(incident.occurred_on)}) is not a qualifying "
                f"complaint: {why_not}."
            )
    if not case.incidents:
        reasons.append("No incidents were given.")
    met, count_reasons = _count_rule(rule, case, [incident for _, incident in qualifying])
    reasons.extend(count_reasons)
    if not met and rule.single_hate_incident:
        met, extra = _hate_trigger(qualifying)
        reasons.extend(extra)
    if not met and rule.location_trigger is not None:
        met, extra = _location_trigger(rule.location_trigger, [i for _, i in qualifying])
        reasons.extend(extra)
    return ThresholdDecision(
        met=met, reasons=tuple(reasons), qualifying=tuple(index for index, _ in qualifying)
    )
