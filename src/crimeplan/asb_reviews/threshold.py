"""Whether an ASB Case Review application meets an area's threshold, and why, in plain words.

Pure: a rule and a case in, a decision with its reasons out; no ORM, no request. The rule is
an area's configuration (see `areas.py` and `areas/*.toml`), never code, so a Community Safety
Partnership can try a local rule against real cases (`crimeplan asb-reviews check-threshold`)
before adopting it.

The reasons are kept as what to say, not in one language: each is a message marked for
translation (by the names `_` and `ngettext`, which makemessages looks for) with its values,
and `say` words it: in English by default, in another language with that language's words
(`Words`: its gettext, ngettext and date format, which the Django side passes).
"""

import calendar
import datetime
import re
from collections.abc import Callable, Mapping, Sequence
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
class Reason:
    """A message (with its plural and the count that chooses, where it has one) and the
    values it names: numbers and text as they are, dates and other reasons worded by `say`."""

    message: str
    values: Mapping[str, object] = field(default_factory=dict)
    plural: str = ""
    count: int = 0


def _(message: str, **values: object) -> Reason:
    """A message marked for translation, with its values: worded by `say`."""
    return Reason(message, values)


def ngettext(singular: str, plural: str, number: int, /, **values: object) -> Reason:
    """A message with a singular and a plural, marked for translation: `number` chooses."""
    return Reason(singular, values, plural, number)


def long_date(day: datetime.date) -> str:
    """5 December 2026."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Words:
    """A language's words for `say`: its translations and its long date."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    date: Callable[[datetime.date], str]


ENGLISH = Words(
    gettext=lambda message: message,
    ngettext=lambda singular, plural, count: singular if count == 1 else plural,
    date=long_date,
)


def say(reason: Reason, words: Words = ENGLISH) -> str:
    """The reason in words: English unless other words are given."""

    def worded(value: object) -> object:
        if isinstance(value, Reason):
            return say(value, words)
        if isinstance(value, datetime.date):
            return words.date(value)
        if isinstance(value, tuple):
            return ", ".join(str(worded(item)) for item in value)
        return value

    template = (
        words.ngettext(reason.message, reason.plural, reason.count)
        if reason.plural
        else words.gettext(reason.message)
    )
    if not reason.values:
        return template
    return template % {name: worded(value) for name, value in reason.values.items()}


@dataclass(frozen=True)
class ThresholdDecision:
    met: bool
    explained: tuple[Reason, ...]
    qualifying: tuple[int, ...]  # indexes into the case's incidents

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in English."""
        return self.reasons_in(ENGLISH)

    def reasons_in(self, words: Words) -> tuple[str, ...]:
        return tuple(say(reason, words) for reason in self.explained)

    def as_text(self) -> str:
        return "\n".join(["met" if self.met else "not met", *self.reasons])


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months on, or the month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def _why_not_qualifying(rule: ThresholdRule, case: Case, incident: Incident) -> Reason | None:
    if incident.reported_on < incident.occurred_on:
        return _("it was reported before the date it is said to have happened")
    if incident.reported_on > case.application_date:
        return _("it was reported after the application was made")
    complaint_limit = add_months(incident.occurred_on, rule.complaint_within_months)
    if incident.reported_on > complaint_limit:
        return ngettext(
            "it was reported on %(day)s, more than %(count)d month after it happened",
            "it was reported on %(day)s, more than %(count)d months after it happened",
            rule.complaint_within_months,
            day=incident.reported_on,
            count=rule.complaint_within_months,
        )
    application_limit = add_months(incident.reported_on, rule.application_within_months)
    if case.application_date > application_limit:
        return ngettext(
            "the application was made more than %(count)d month after it was reported (on %(day)s)",
            "the application was made more than %(count)d months after it was reported "
            "(on %(day)s)",
            rule.application_within_months,
            day=incident.reported_on,
            count=rule.application_within_months,
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
) -> tuple[bool, list[Reason]]:
    if rule.separate_occasions:
        days = sorted({incident.occurred_on for incident in qualifying})
    else:
        days = sorted(incident.occurred_on for incident in qualifying)
    in_window = _occasions_in_window(rule, days)
    found = len(in_window)
    counted = (
        ngettext("%(count)d separate occasion", "%(count)d separate occasions", found, count=found)
        if rule.separate_occasions
        else ngettext(
            "%(count)d qualifying complaint", "%(count)d qualifying complaints", found, count=found
        )
    )
    window = ngettext(
        "within %(count)d month",
        "within %(count)d months",
        rule.window_months,
        count=rule.window_months,
    )
    needed = rule.qualifying_complaints
    count_met = found >= needed
    reasons = [
        _(
            "%(counted)s %(window)s (%(listed)s); the rule needs %(needed)d.",
            counted=counted,
            window=window,
            listed=tuple(in_window) or _("none"),
            needed=needed,
        )
    ]
    if rule.separate_occasions and len(days) < len(qualifying):
        reasons.append(_("Complaints about incidents on the same day count as one occasion."))
    if not rule.require_ongoing:
        return count_met, reasons
    if case.ongoing:
        reasons.append(_("The behaviour is still going on, as the rule requires."))
        return count_met, reasons
    reasons.append(_("The behaviour is no longer going on; the rule requires that it is."))
    return False, reasons


def _hate_trigger(incidents: list[tuple[int, Incident]]) -> tuple[bool, list[Reason]]:
    hate = [(index, incident) for index, incident in incidents if incident.hate_motivated]
    if not hate:
        return False, []
    index, incident = hate[0]
    return True, [
        _(
            "A single hate incident is enough under this rule: incident %(number)d (%(day)s) "
            "was hate-motivated and is a qualifying complaint.",
            number=index + 1,
            day=incident.occurred_on,
        )
    ]


def _location_trigger(
    trigger: LocationTrigger, incidents: list[Incident]
) -> tuple[bool, list[Reason]]:
    by_place: dict[str, list[Incident]] = {}
    for incident in incidents:
        place = normalise_location(incident.location)
        if place:
            by_place.setdefault(place, []).append(incident)
    for reports in by_place.values():
        people = {normalise_location(r.reported_by) or "the applicant" for r in reports}
        if len(reports) >= trigger.reports and len(people) >= trigger.reporters:
            return True, [
                ngettext(
                    "%(reports)d qualifying reports about %(place)s from %(count)d person; "
                    "this rule lets %(needed)d reports from %(reporters)d or more people "
                    "trigger a review.",
                    "%(reports)d qualifying reports about %(place)s from %(count)d persons; "
                    "this rule lets %(needed)d reports from %(reporters)d or more people "
                    "trigger a review.",
                    len(people),
                    reports=len(reports),
                    place=reports[0].location,
                    count=len(people),
                    needed=trigger.reports,
                    reporters=trigger.reporters,
                )
            ]
    return False, []


def evaluate(rule: ThresholdRule, case: Case) -> ThresholdDecision:
    """Applies the rule: the count rule first, then the area's optional triggers."""
    reasons: list[Reason] = []
    qualifying: list[tuple[int, Incident]] = []
    for index, incident in enumerate(case.incidents):
        why_not = _why_not_qualifying(rule, case, incident)
        if why_not is None:
            qualifying.append((index, incident))
        else:
            reasons.append(
                _(
                    "Incident %(number)d (%(day)s) is not a qualifying complaint: %(why)s.",
                    number=index + 1,
                    day=incident.occurred_on,
                    why=why_not,
                )
            )
    if not case.incidents:
        reasons.append(_("No incidents were given."))
    met, count_reasons = _count_rule(rule, case, [incident for _index, incident in qualifying])
    reasons.extend(count_reasons)
    if not met and rule.single_hate_incident:
        met, extra = _hate_trigger(qualifying)
        reasons.extend(extra)
    if not met and rule.location_trigger is not None:
        met, extra = _location_trigger(rule.location_trigger, [i for _index, i in qualifying])
        reasons.extend(extra)
    return ThresholdDecision(
        met=met, explained=tuple(reasons), qualifying=tuple(index for index, _i in qualifying)
    )
