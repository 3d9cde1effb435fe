"""The annual figures, computed by hand for a small worked set of cases, figure by figure."""

import datetime

from crimeplan.asb_reviews.figures import COLUMNS, CaseFacts, annual_figures

D = datetime.date.fromisoformat

CASES = [
    # Received in December 2023, decided (not met) in January 2024: counts as received in
    # 2023 and as not met in 2024.
    CaseFacts(
        D("2023-12-18"),
        "web",
        "Stroud",
        acknowledged_on=D("2023-12-20"),
        threshold_decided_on=D("2024-01-08"),
        threshold_met=False,
        applicant_key="a",
        location="High Street",
    ),
    # Reviewed with two recommendations: 3 working days to acknowledge (Fri 1 → Wed 6 March),
    # 10 to the decision, review 13 working days after it, outcome 2 after that.
    CaseFacts(
        D("2024-03-01"),
        "phone",
        "Stroud",
        acknowledged_on=D("2024-03-06"),
        threshold_decided_on=D("2024-03-15"),
        threshold_met=True,
        review_held_on=D("2024-04-05"),
        outcome_sent_on=D("2024-04-09"),
        recommendations=2,
        applicant_key="a",
        location="high  street",
    ),
    # Reviewed, no recommendations; Easter (29 March, 1 April) is not counted.
    CaseFacts(
        D("2024-03-25"),
        "email",
        "Cheltenham",
        acknowledged_on=D("2024-04-03"),
        threshold_decided_on=D("2024-04-03"),
        threshold_met=True,
        review_held_on=D("2024-04-30"),
        applicant_key="b",
        location="High Street",
    ),
    CaseFacts(D("2024-03-28"), "post", "Cheltenham", applicant_key=""),
    CaseFacts(D("2025-01-02"), "web", "Stroud"),
]


def test_columns() -> None:
    rows = annual_figures(CASES, year=2024)
    assert all(tuple(row) == COLUMNS for row in rows)


def test_the_four_statutory_figures_and_more() -> None:
    rows = {(r["district"], r["month"]): r for r in annual_figures(CASES, year=2024)}
    total = rows[("All districts", "all")]
    assert (
        total["applications_received"],
        total["threshold_not_met"],
        total["reviews_carried_out"],
        total["reviews_with_recommendations"],
    ) == (3, 1, 2, 1)
    assert (
        total["received_by_web"],
        total["received_by_phone"],
        total["received_by_email"],
        total["received_by_post"],
    ) == (0, 1, 1, 1)
    # "a" applied in 2023 and again in 2024; the same street in another district is not a
    # repeat location.
    assert (total["repeat_applicants"], total["repeat_locations"]) == (1, 1)
    # Acknowledgements in 2024: 3 (case 2) and 5 (case 3: 25 Mar → 3 Apr over Easter).
    assert total["median_working_days_to_acknowledge"] == 4
    # Decisions in 2024: case 1, 12 (18 Dec → 8 Jan over Christmas and New Year); case 2, 10;
    # case 3, 5.
    assert total["median_working_days_to_threshold_decision"] == 10
    assert (
        total["median_working_days_to_review"] == (13 + 19) / 2
    )  # 15 Mar → 5 Apr over Easter; 3 → 30 Apr
    assert total["median_working_days_to_outcome"] == 2
    stroud_jan = rows[("Stroud", "01")]
    assert (stroud_jan["applications_received"], stroud_jan["threshold_not_met"]) == (0, 1)
    stroud_april = rows[("Stroud", "04")]
    assert (stroud_april["reviews_carried_out"], stroud_april["reviews_with_recommendations"]) == (
        1,
        1,
    )
    assert rows[("Cheltenham", "03")]["applications_received"] == 2
    assert [key for key in rows if key[1] == "all"] == [
        ("Cheltenham", "all"),
        ("Stroud", "all"),
        ("All districts", "all"),
    ]


def test_an_empty_year_still_has_its_total() -> None:
    rows = annual_figures(CASES, year=2022)
    assert len(rows) == 1
    assert rows[0]["applications_received"] == 0
    assert rows[0]["median_working_days_to_review"] == ""
