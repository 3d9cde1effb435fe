"""The ICV annual statistics and compliance figures, counted by hand for small cases."""

import datetime

from crimeplan.scrutiny.figures import (
    FiledVisit,
    RightFinding,
    compliance_by,
    financial_quarter,
    financial_year,
    icv_figures,
    outcomes_over_time,
)


def visit(site: str, day: datetime.date, *, night: bool = False, **counts: int) -> FiledVisit:
    base = {
        "detainees_in_custody": 0,
        "offered": 0,
        "spoken_to": 0,
        "observed": 0,
        "declined": 0,
        "issues_raised": 0,
        "issues_resolved": 0,
    }
    return FiledVisit(site=site, day=day, is_night=night, **(base | counts))


def test_financial_quarters() -> None:
    assert [financial_quarter(datetime.date(2025, m, 1)) for m in (4, 6, 7, 12, 1, 3)] == [
        1,
        1,
        2,
        3,
        4,
        4,
    ]
    assert financial_year(datetime.date(2026, 3, 31)) == 2025
    assert financial_year(datetime.date(2026, 4, 1)) == 2026


def test_icv_figures_by_suite_and_quarter() -> None:
    visits = [
        # Saturday night at Cheltenham in Q1.
        visit(
            "Cheltenham",
            datetime.date(2025, 4, 5),
            night=True,
            detainees_in_custody=8,
            offered=6,
            spoken_to=4,
            observed=1,
            declined=2,
            issues_raised=2,
            issues_resolved=1,
        ),
        visit(
            "Cheltenham", datetime.date(2025, 5, 7), detainees_in_custody=5, offered=5, spoken_to=5
        ),
        visit(
            "Gloucester",
            datetime.date(2026, 1, 11),
            detainees_in_custody=12,
            offered=10,
            spoken_to=7,
            observed=2,
            declined=3,
            issues_raised=1,
        ),
        # Outside the year: before April 2025 and after March 2026.
        visit("Gloucester", datetime.date(2025, 3, 31), detainees_in_custody=99),
        visit("Gloucester", datetime.date(2026, 4, 1), detainees_in_custody=99),
    ]
    rows = {(r.site, r.quarter): r for r in icv_figures(visits, year=2025)}
    assert list(rows) == [
        ("Cheltenham", "Q1"),
        ("Cheltenham", "all"),
        ("Gloucester", "Q4"),
        ("Gloucester", "all"),
        ("All suites", "all"),
    ]
    cheltenham = rows[("Cheltenham", "Q1")].as_dict()
    assert cheltenham["visits"] == 2
    assert cheltenham["detainees_in_custody"] == 13
    assert cheltenham["spoken_to"] == 9
    assert cheltenham["night_visits"] == 1
    assert cheltenham["weekend_visits"] == 1
    assert cheltenham["night_share_percent"] == 50.0
    total = rows[("All suites", "all")].as_dict()
    assert total["visits"] == 3
    assert total["detainees_in_custody"] == 25
    assert total["spoken_to"] == 16
    assert total["observed"] == 3
    assert total["declined"] == 5
    assert total["issues_raised"] == 3
    assert total["issues_resolved"] == 1
    assert total["weekend_visits"] == 2  # 5 April 2025 and 11 January 2026 are weekend days
    assert total["weekend_share_percent"] == 66.7


def test_compliance_by_right_and_agency() -> None:
    day = datetime.date(2025, 6, 1)
    findings = [
        RightFinding("r04", "Police", "met", day),
        RightFinding("r04", "Police", "not_met", day),
        RightFinding("r04", "CPS", "met", day),
        RightFinding("r07", "Police", "na", day),
        RightFinding("r07", "CPS", "not_met", day),
    ]
    by_right = {r.key: r for r in compliance_by(findings, by="right")}
    assert (by_right["r04"].met, by_right["r04"].not_met, by_right["r04"].rate_percent) == (
        2,
        1,
        66.7,
    )
    assert by_right["r07"].rate_percent == 0.0
    assert by_right["r07"].not_assessed == 1
    by_agency = {r.key: r for r in compliance_by(findings, by="agency")}
    assert by_agency["Police"].rate_percent == 50.0
    assert by_agency["CPS"].rate_percent == 50.0


def test_outcomes_over_time() -> None:
    outcomes = [
        (datetime.date(2025, 5, 1), "appropriate"),
        (datetime.date(2025, 5, 1), "inappropriate"),
        (datetime.date(2025, 2, 1), "appropriate"),
    ]
    assert outcomes_over_time(outcomes) == [
        ("2024/25 Q4", {"appropriate": 1}),
        ("2025/26 Q1", {"appropriate": 1, "inappropriate": 1}),
    ]
