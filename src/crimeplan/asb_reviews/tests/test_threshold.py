"""The threshold rule: a table of cases against the expected decision and explanation, for
the default rule and each optional trigger, then properties that hold for every case."""

import datetime
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.asb_reviews.areas import AREAS_DIR, load_area
from crimeplan.asb_reviews.threshold import (
    Case,
    Incident,
    LocationTrigger,
    RuleError,
    ThresholdRule,
    Words,
    add_months,
    evaluate,
)

D = datetime.date.fromisoformat
GLOS = load_area(AREAS_DIR / "gloucestershire.toml").rule
HATE = replace(GLOS, single_hate_incident=True)
LOCATION = replace(GLOS, location_trigger=LocationTrigger(reports=5, reporters=2))


def incident(occurred: str, reported: str | None = None, **extra: object) -> Incident:
    return Incident(occurred_on=D(occurred), reported_on=D(reported or occurred), **extra)  # type: ignore[arg-type]


THREE_IN_SPRING = (
    incident("2024-01-10", "2024-01-11"),
    incident("2024-02-10", "2024-02-12"),
    incident("2024-03-10", "2024-03-10"),
)

# (id, rule, case, met, the reasons' text, in order)
CASES = [
    (
        "three separate occasions, ongoing",
        GLOS,
        Case(D("2024-04-01"), True, THREE_IN_SPRING),
        True,
        [
            "3 separate occasions within 6 months (10 January 2024, 10 February 2024, "
            "10 March 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "three occasions but no longer ongoing",
        GLOS,
        Case(D("2024-04-01"), False, THREE_IN_SPRING),
        False,
        [
            "3 separate occasions within 6 months (10 January 2024, 10 February 2024, "
            "10 March 2024); the rule needs 3.",
            "The behaviour is no longer going on; the rule requires that it is.",
        ],
    ),
    (
        "two occasions only",
        GLOS,
        Case(D("2024-04-01"), True, THREE_IN_SPRING[:2]),
        False,
        [
            "2 separate occasions within 6 months (10 January 2024, 10 February 2024); "
            "the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "same day counts once",
        GLOS,
        Case(
            D("2024-04-01"),
            True,
            (*THREE_IN_SPRING[:2], incident("2024-02-10", "2024-02-11")),
        ),
        False,
        [
            "2 separate occasions within 6 months (10 January 2024, 10 February 2024); "
            "the rule needs 3.",
            "Complaints about incidents on the same day count as one occasion.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "complaint exactly 1 month after the incident qualifies",
        GLOS,
        Case(
            D("2024-04-01"),
            True,
            (*THREE_IN_SPRING[:2], incident("2024-02-20", "2024-03-20")),
        ),
        True,
        [
            "3 separate occasions within 6 months (10 January 2024, 10 February 2024, "
            "20 February 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "complaint 1 month and a day after the incident does not",
        GLOS,
        Case(
            D("2024-04-01"),
            True,
            (*THREE_IN_SPRING[:2], incident("2024-02-20", "2024-03-21")),
        ),
        False,
        [
            "Incident 3 (20 February 2024) is not a qualifying complaint: it was reported on "
            "21 March 2024, more than 1 month after it happened.",
            "2 separate occasions within 6 months (10 January 2024, 10 February 2024); "
            "the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "leap year: 31 January + 1 month is 29 February 2024",
        GLOS,
        Case(
            D("2024-04-01"),
            True,
            (*THREE_IN_SPRING[1:], incident("2024-01-31", "2024-02-29")),
        ),
        True,
        [
            "3 separate occasions within 6 months (31 January 2024, 10 February 2024, "
            "10 March 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "not a leap year: 31 January 2023 reported 1 March is too late",
        GLOS,
        Case(
            D("2023-04-01"),
            True,
            (
                incident("2023-01-31", "2023-03-01"),
                incident("2023-02-10"),
                incident("2023-03-10"),
            ),
        ),
        False,
        [
            "Incident 1 (31 January 2023) is not a qualifying complaint: it was reported on "
            "1 March 2023, more than 1 month after it happened.",
            "2 separate occasions within 6 months (10 February 2023, 10 March 2023); "
            "the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "application exactly 6 months after the first complaint",
        GLOS,
        Case(
            D("2024-07-11"),
            True,
            (
                incident("2024-01-10", "2024-01-11"),
                incident("2024-04-01"),
                incident("2024-06-01"),
            ),
        ),
        True,
        [
            "3 separate occasions within 6 months (10 January 2024, 1 April 2024, "
            "1 June 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "application 6 months and a day after the first complaint",
        GLOS,
        Case(
            D("2024-07-12"),
            True,
            (
                incident("2024-01-10", "2024-01-11"),
                incident("2024-04-01"),
                incident("2024-06-01"),
            ),
        ),
        False,
        [
            "Incident 1 (10 January 2024) is not a qualifying complaint: the application was "
            "made more than 6 months after it was reported (on 11 January 2024).",
            "2 separate occasions within 6 months (1 April 2024, 1 June 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "incidents spread over more than 6 months",
        replace(GLOS, application_within_months=12),
        Case(
            D("2024-09-01"),
            True,
            (incident("2024-01-10"), incident("2024-05-01"), incident("2024-07-11")),
        ),
        False,
        [
            "2 separate occasions within 6 months (1 May 2024, 11 July 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "reported after the application",
        GLOS,
        Case(D("2024-03-01"), True, (*THREE_IN_SPRING[:2], incident("2024-03-10"))),
        False,
        [
            "Incident 3 (10 March 2024) is not a qualifying complaint: it was reported after "
            "the application was made.",
            "2 separate occasions within 6 months (10 January 2024, 10 February 2024); "
            "the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "no incidents",
        GLOS,
        Case(D("2024-03-01"), True, ()),
        False,
        [
            "No incidents were given.",
            "0 separate occasions within 6 months (none); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "default rule: a single hate incident is not enough",
        GLOS,
        Case(D("2024-03-01"), True, (incident("2024-02-01", hate_motivated=True),)),
        False,
        [
            "1 separate occasion within 6 months (1 February 2024); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "hate trigger: a single qualifying hate incident is enough",
        HATE,
        Case(D("2024-03-01"), False, (incident("2024-02-01", hate_motivated=True),)),
        True,
        [
            "1 separate occasion within 6 months (1 February 2024); the rule needs 3.",
            "The behaviour is no longer going on; the rule requires that it is.",
            "A single hate incident is enough under this rule: incident 1 (1 February 2024) "
            "was hate-motivated and is a qualifying complaint.",
        ],
    ),
    (
        "hate trigger: the hate incident must itself qualify",
        HATE,
        Case(D("2024-04-01"), True, (incident("2024-01-01", "2024-02-15", hate_motivated=True),)),
        False,
        [
            "Incident 1 (1 January 2024) is not a qualifying complaint: it was reported on "
            "15 February 2024, more than 1 month after it happened.",
            "0 separate occasions within 6 months (none); the rule needs 3.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "location trigger: 5 reports from 2 people about one place, on 2 days",
        LOCATION,
        Case(
            D("2024-04-01"),
            True,
            tuple(
                incident(day, location=place, reported_by=who)
                for day, place, who in [
                    ("2024-03-01", "St Marks Park", "A"),
                    ("2024-03-01", "st marks park", "B"),
                    ("2024-03-01", "St. Marks Park", "C"),
                    ("2024-03-02", "St Marks Park", "A"),
                    ("2024-03-02", "St Marks Park", "B"),
                ]
            ),
        ),
        True,
        [
            "2 separate occasions within 6 months (1 March 2024, 2 March 2024); the rule needs 3.",
            "Complaints about incidents on the same day count as one occasion.",
            "The behaviour is still going on, as the rule requires.",
            "5 qualifying reports about St Marks Park from 3 persons; this rule lets 5 reports "
            "from 2 or more people trigger a review.",
        ],
    ),
    (
        "location trigger: 5 reports from one person are not enough",
        LOCATION,
        Case(
            D("2024-04-01"),
            True,
            tuple(incident(f"2024-03-0{n}", location="Bus station") for n in (1, 1, 2, 2, 2)),
        ),
        False,
        [
            "2 separate occasions within 6 months (1 March 2024, 2 March 2024); the rule needs 3.",
            "Complaints about incidents on the same day count as one occasion.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
    (
        "a lower local number: 2 complaints",
        replace(GLOS, qualifying_complaints=2),
        Case(D("2024-04-01"), True, THREE_IN_SPRING[:2]),
        True,
        [
            "2 separate occasions within 6 months (10 January 2024, 10 February 2024); "
            "the rule needs 2.",
            "The behaviour is still going on, as the rule requires.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("rule", "case", "met", "reasons"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decision_and_explanation(
    rule: ThresholdRule, case: Case, met: bool, reasons: list[str]
) -> None:
    decision = evaluate(rule, case)
    assert decision.met is met
    assert list(decision.reasons) == reasons
    assert decision.as_text().splitlines()[0] == ("met" if met else "not met")


@pytest.mark.parametrize(
    ("rule", "case", "met", "reasons"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_reason_is_worded_by_the_words_given(
    rule: ThresholdRule, case: Case, met: bool, reasons: list[str]
) -> None:
    """In another language each message, plural and date goes through that language's
    words: here a make-believe one that brackets what it translates and counts in words."""
    words = Words(
        gettext=lambda message: f"[{message}]",
        ngettext=lambda singular, plural, n: f"<{singular if n == 1 else plural}>",
        date=lambda day: f"{day:%d.%m.%Y}",
    )
    worded = evaluate(rule, case).reasons_in(words)
    assert len(worded) == len(reasons)
    # The count rule's reason is there for every case, and words its counts by the plural
    # form of the words given, inside its own message.
    assert any(text.startswith("[<") for text in worded), worded
    english = {"separate occasion", "qualifying complaint", "within", "month", "person"}
    for text, plain in zip(worded, reasons, strict=True):
        assert text.startswith(("[", "<")), text
        # Nothing of the English is left outside the brackets the words put round it.
        outside, inner = text, ""
        while inner != outside:  # take out the bracketed messages, innermost first
            inner, outside = outside, re.sub(r"\[[^\[\]<>]*\]|<[^\[\]<>]*>", "", outside)
        assert not any(word in outside for word in english), (text, plain)
        assert not re.search(
            r"\b\d{1,2} (January|February|March|April|May|June|July|August"
            r"|September|October|November|December)\b",
            text,
        ), text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"qualifying_complaints": 4}, "qualifying_complaints must be 1, 2 or 3, not 4"),
        ({"qualifying_complaints": 0}, "qualifying_complaints must be 1, 2 or 3, not 0"),
        ({"window_months": 5}, "window_months must be at least 6, not 5"),
        ({"complaint_within_months": 0}, "complaint_within_months must be at least 1"),
        ({"application_within_months": 3}, "application_within_months must be at least 6"),
        ({"location_trigger": LocationTrigger(0, 2)}, "location_trigger needs reports"),
    ],
)
def test_a_rule_stricter_than_the_act_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        replace(GLOS, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2024-03-31", -1, "2024-02-29"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(D(day), months) == D(expected)


# Properties -------------------------------------------------------------------------------

days = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2030, 12, 31))


@st.composite
def incidents(draw: st.DrawFn, application: datetime.date) -> Incident:
    reported = draw(
        st.dates(min_value=application - datetime.timedelta(days=250), max_value=application)
    )
    occurred = reported - datetime.timedelta(days=draw(st.integers(0, 45)))
    return Incident(
        occurred_on=occurred,
        reported_on=reported,
        hate_motivated=draw(st.booleans()),
        location=draw(st.sampled_from(["", "Park", "Shop", "park"])),
        reported_by=draw(st.sampled_from(["", "A", "B", "C"])),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    application = draw(days)
    items = draw(st.lists(incidents(application), max_size=8))
    return Case(application_date=application, ongoing=draw(st.booleans()), incidents=tuple(items))


rules = st.builds(
    ThresholdRule,
    area=st.just("test"),
    qualifying_complaints=st.integers(1, 3),
    window_months=st.integers(6, 12),
    complaint_within_months=st.integers(1, 2),
    application_within_months=st.integers(6, 12),
    separate_occasions=st.booleans(),
    require_ongoing=st.booleans(),
    single_hate_incident=st.booleans(),
    location_trigger=st.none() | st.builds(LocationTrigger, st.integers(1, 6), st.integers(1, 3)),
)


@given(rules, cases(), st.randoms())
def test_order_of_incidents_does_not_matter(rule: ThresholdRule, case: Case, random) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(case.incidents)
    random.shuffle(shuffled)
    assert evaluate(rule, case).met == evaluate(rule, replace(case, incidents=tuple(shuffled))).met


@given(rules, cases(), st.data())
def test_another_complaint_never_undoes_a_met_threshold(
    rule: ThresholdRule, case: Case, data
) -> None:  # type: ignore[no-untyped-def]
    extra = data.draw(incidents(case.application_date))
    if evaluate(rule, case).met:
        assert evaluate(rule, replace(case, incidents=(*case.incidents, extra))).met


@given(rules, cases())
def test_optional_triggers_only_ever_add(rule: ThresholdRule, case: Case) -> None:
    plain = replace(rule, single_hate_incident=False, location_trigger=None)
    if evaluate(plain, case).met:
        assert evaluate(rule, case).met


@given(rules, cases())
def test_a_lower_number_is_never_stricter(rule: ThresholdRule, case: Case) -> None:
    if evaluate(rule, case).met and rule.qualifying_complaints > 1:
        assert evaluate(
            replace(rule, qualifying_complaints=rule.qualifying_complaints - 1), case
        ).met


@given(cases())
def test_default_rule_needs_three_qualifying_complaints_and_ongoing(case: Case) -> None:
    decision = evaluate(GLOS, case)
    if decision.met:
        assert case.ongoing
        assert len({case.incidents[i].occurred_on for i in decision.qualifying}) >= 3


@given(rules, cases())
def test_every_non_qualifying_incident_is_explained(rule: ThresholdRule, case: Case) -> None:
    decision = evaluate(rule, case)
    not_qualifying = set(range(len(case.incidents))) - set(decision.qualifying)
    explained = [r for r in decision.reasons if "is not a qualifying complaint" in r]
    assert len(explained) == len(not_qualifying)


@given(days, st.integers(-30, 30))
def test_add_months_lands_in_the_right_month(day: datetime.date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (
        result.day < day.day and (result + datetime.timedelta(days=1)).day == 1
    )
