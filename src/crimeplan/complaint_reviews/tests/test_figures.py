"""The quarterly figures, worked by hand: quarters, counts, the median and the nearest-rank
90th percentile of working days to decision, and the share within the target."""

import datetime

from ..figures import ReviewFacts, nearest_rank_percentile, quarter_of, quarterly_figures
from ..timers import add_working_days, in_time, timers

D = datetime.date


def test_financial_quarters() -> None:
    assert quarter_of(D(2025, 4, 1)) == "2025/26 Q1"
    assert quarter_of(D(2025, 9, 30)) == "2025/26 Q2"
    assert quarter_of(D(2025, 12, 31)) == "2025/26 Q3"
    assert quarter_of(D(2026, 1, 1)) == "2025/26 Q4"
    assert quarter_of(D(2026, 3, 31)) == "2025/26 Q4"


def test_nearest_rank_percentile_by_hand() -> None:
    # Ten values: the 90th percentile is the 9th smallest (ceil(0.9 * 10) = 9).
    assert nearest_rank_percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90) == 9
    # Eleven values: ceil(9.9) = 10, the 10th smallest.
    assert nearest_rank_percentile(list(range(1, 12)), 90) == 10
    assert nearest_rank_percentile([7], 90) == 7


def _decided(received: datetime.date, days: int, *, upheld: bool = False) -> ReviewFacts:
    return ReviewFacts(
        received_on=received, valid=True, decided_on=add_working_days(received, days), upheld=upheld
    )


def test_a_quarter_by_hand() -> None:
    # Received Monday 6 October 2025 (no bank holidays until Christmas): 5 decided cases
    # taking 10, 20, 30, 40 and 50 working days; two upheld; one not valid; one open.
    monday = D(2025, 10, 6)
    cases = [
        _decided(monday, 10),
        _decided(monday, 20, upheld=True),
        _decided(monday, 30),
        _decided(monday, 40, upheld=True),
        ReviewFacts(received_on=monday, valid=False),
        ReviewFacts(received_on=monday, valid=True),
    ]
    rows = quarterly_figures(cases, target_working_days=25)
    assert rows == [
        {
            "quarter": "2025/26 Q3",
            "applications": 6,
            "valid": 5,
            "decided": 4,
            "upheld": 2,
            # Median of 10, 20, 30, 40 = (20 + 30) / 2; p90: ceil(3.6) = 4th = 40.
            "median_working_days_to_decision": 25.0,
            "p90_working_days_to_decision": 40,
            "decided_within_target": 2,
            "share_within_target_percent": 50.0,
        }
    ]


def test_a_decision_counts_in_the_quarter_it_was_made() -> None:
    # Received 22 December 2025; 5 working days on (25, 26 December and 1 January are bank
    # holidays): 23, 24, 29, 30, 31 December; then 2, 5, 6, 7 and 8 January 2026.
    received = D(2025, 12, 22)
    assert add_working_days(received, 10) == D(2026, 1, 8)
    rows = quarterly_figures([_decided(received, 10)], target_working_days=10)
    assert [(r["quarter"], r["applications"], r["decided"]) for r in rows] == [
        ("2025/26 Q3", 1, 0),
        ("2025/26 Q4", 0, 1),
    ]
    assert rows[1]["median_working_days_to_decision"] == 10
    assert rows[1]["share_within_target_percent"] == 100.0


def test_no_cases_no_rows() -> None:
    assert quarterly_figures([], target_working_days=40) == []


def test_the_28_days_run_from_the_day_after_the_letter() -> None:
    assert in_time(outcome_letter_on=D(2026, 3, 1), received_on=D(2026, 3, 29))
    assert not in_time(outcome_letter_on=D(2026, 3, 1), received_on=D(2026, 3, 30))


def test_timers_acknowledgment_and_decision() -> None:
    found = timers(
        received_on=D(2026, 3, 2),
        acknowledged_on=None,
        decided_on=None,
        valid=None,
        ack_days=5,
        decision_days=40,
        today=D(2026, 3, 10),
    )
    assert [(t.what, t.due_on, t.overdue) for t in found] == [
        ("Acknowledgment", D(2026, 3, 9), True),
        # 40 working days over Good Friday (3 April) and Easter Monday (6 April 2026).
        ("Decision", D(2026, 4, 29), False),
    ]
    not_valid = timers(
        received_on=D(2026, 3, 2),
        acknowledged_on=D(2026, 3, 3),
        decided_on=None,
        valid=False,
        ack_days=5,
        decision_days=40,
        today=D(2026, 3, 10),
    )
    assert [t.what for t in not_valid] == ["Acknowledgment"]
