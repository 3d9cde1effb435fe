"""The feedback survey's pure logic: reading files, the weighting decision and the estimates."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from crimeplan.victims_code import feedback
from crimeplan.victims_code.feedback_demo import synthetic_codebook, synthetic_files
from crimeplan.victims_code.tests.test_reading import _cut_sheet
from crimeplan.voice.codebook import CodebookError, ResponsesError

CODEBOOK = {
    "title": "Test survey",
    "group": {"column": "grp", "codes": {"1": "Violence", "2": "Theft"}},
    "questions": [
        {
            "id": "told_code",
            "column": "Q1",
            "text": "Were you told about the Victims' Code?",
            "codes": {"1": "Yes", "2": "No", "9": "Don't know"},
            "positive": ["1"],
            "missing": ["9"],
        }
    ],
    "ignored": ["comment"],
}


def book() -> feedback.FeedbackCodebook:
    return feedback.codebook_parse(CODEBOOK, name="codebook.json")


def read(text: str, name: str = "answers.csv") -> list[feedback.Response]:
    return feedback.responses_load(io.BytesIO(text.encode()), name=name, codebook=book())


def problems_of(text: str, name: str = "answers.csv") -> str:
    with pytest.raises(ResponsesError) as caught:
        read(text, name)
    return str(caught.value)


def responses(counts: dict[str, tuple[int, int]]) -> list[feedback.Response]:
    """`counts`: group → (positive answers, negative answers)."""
    made = []
    for group, (yes, no) in counts.items():
        for i in range(yes + no):
            made.append(feedback.Response(len(made) + 2, group, {"told_code": "12"[i >= yes]}))
    return made


def test_a_file_is_read_against_the_codebook_and_ignored_columns_are_not_kept() -> None:
    found = read("grp,Q1,comment\n1,1,my name is Jo\n2,9,\n")
    assert found == [
        feedback.Response(2, "Violence", {"told_code": "1"}),
        feedback.Response(3, "Theft", {"told_code": None}),
    ]
    assert "Jo" not in repr(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("grp,Q1,Q7\n1,1,2\n", "answers.csv, line 1, field Q7: not a question code"),
        ("grp,Q1\n1,5\n", "answers.csv, line 2, field Q1: '5' is not one of the codebook's codes"),
        ("grp,Q1\n3,1\n", "answers.csv, line 2, field grp: '3' is not one"),
        ("grp,Q1\n1,=1+1\n", "answers.csv, line 2, field Q1: '=1+1' is a spreadsheet formula"),
        ("grp,Q1,comment\n1,1,=HYPERLINK()\n", "line 2, field comment: a spreadsheet formula"),
        ("grp\n1\n", "answers.csv: column Q1 (in the codebook) is not in the file"),
        ("", "answers.csv: the file is empty"),
        ("grp,Q1\n", "answers.csv: the file holds no responses, only a header"),
        ("grp,Q1\n1,1\n\xff\n", "answers.csv, line 3: not UTF-8 text"),
        ("grp,Q1\n1,1\n1,\0\n", "answers.csv, line 3: holds a NUL byte"),
        ("grp,Q1,Q1\n1,1,2\n", "answers.csv, line 1, field Q1: the column is given twice"),
    ],
)
def test_each_bad_file_is_refused_naming_file_line_and_field(text: str, expected: str) -> None:
    data = text.encode("latin-1") if "\xff" in text else text.encode()
    with pytest.raises(ResponsesError) as caught:
        feedback.responses_load(io.BytesIO(data), name="answers.csv", codebook=book())
    assert expected in str(caught.value)


def test_a_40_mb_line_is_refused_without_reading_it_all() -> None:
    text = "grp,Q1\n1,1\n1," + "1" * 40_000_000 + "\n"
    assert f"answers.csv, line 3: longer than {feedback.MAX_LINE_CHARS:,}" in problems_of(text)


def test_every_problem_is_listed_not_only_the_first() -> None:
    message = problems_of("grp,Q1\n1,7\n4,1\n")
    assert "2 problem(s)" in message
    assert "line 2, field Q1" in message
    assert "line 3, field grp" in message


def test_an_xlsx_file_is_read_and_a_formula_cell_is_refused() -> None:
    sheet_book = Workbook()
    sheet = sheet_book.active
    sheet.append(["grp", "Q1"])
    sheet.append([1, 1])
    sheet.append([2, "=1+0"])
    stream = io.BytesIO()
    sheet_book.save(stream)
    with pytest.raises(ResponsesError) as caught:
        feedback.responses_load(io.BytesIO(stream.getvalue()), name="answers.xlsx", codebook=book())
    assert "answers.xlsx, line 3, field Q1: '=1+0' is a spreadsheet formula" in str(caught.value)


def test_an_xlsx_file_with_a_damaged_sheet_is_refused_naming_it() -> None:
    sheet_book = Workbook()
    sheet_book.active.append(["grp", "Q1"])
    sheet_book.active.append([1, 1])
    stream = io.BytesIO()
    sheet_book.save(stream)
    damaged = io.BytesIO(_cut_sheet(stream.getvalue()))
    with pytest.raises(ResponsesError) as caught:
        feedback.responses_load(damaged, name="answers.xlsx", codebook=book())
    assert "answers.xlsx: not readable" in str(caught.value)


def test_another_kind_of_file_is_refused() -> None:
    assert "answers.txt: a responses file must be .csv or .xlsx" in problems_of(
        "grp,Q1\n", "answers.txt"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"group": None}, "codebook.json: group: needs a 'column' and 'codes'"),
        ({"questions": []}, "codebook.json: no questions"),
        ({"questions": [{**CODEBOOK["questions"][0], "id": "Q 1"}]}, "'id' 'Q 1' must be"),
        ({"questions": [{**CODEBOOK["questions"][0], "positive": []}]}, "names no 'positive'"),
        ({"questions": [{**CODEBOOK["questions"][0], "positive": ["7"]}]}, "['7'] are not among"),
        ({"questions": [{**CODEBOOK["questions"][0], "column": "grp"}]}, "grp are used twice"),
    ],
)
def test_a_bad_codebook_is_refused_naming_the_part(
    change: dict[str, object], expected: str
) -> None:
    with pytest.raises(CodebookError) as caught:
        feedback.codebook_parse({**CODEBOOK, **change}, name="codebook.json")
    assert expected in str(caught.value)


def test_a_codebook_that_is_not_json_is_refused() -> None:
    with pytest.raises(CodebookError, match=r"book\.json: not a readable JSON codebook"):
        feedback.codebook_load(io.BytesIO(b"{nope"), name="book.json")


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [(0, 1, "year: 0"), (2999, 1, "year: 2999"), (2025, 0, "quarter: 0"), (2025, 5, "quarter: 5")],
)
def test_a_period_out_of_range_is_refused(year: int, quarter: int, expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        feedback.period_check(year=year, quarter=quarter)


def test_population_lines_are_checked_against_the_groups() -> None:
    groups = ["Violence", "Theft"]
    assert feedback.population_parse(
        ["group,victims", "Violence,200", "Theft, 300"], name="pop.csv", groups=groups
    ) == {"Violence": 200, "Theft": 300}
    with pytest.raises(ValueError) as caught:
        feedback.population_parse(
            ["Violence,0", "Fraud,3", "Theft,x", "Theft"], name="pop.csv", groups=groups
        )
    message = str(caught.value)
    assert "pop.csv, line 1, field victims: '0' is not a whole number > 0" in message
    assert "pop.csv, line 2, field group: 'Fraud' is not a codebook group" in message
    assert "pop.csv, line 3, field victims" in message
    assert "pop.csv, line 4: needs two fields" in message


def test_weighted_only_when_every_group_has_the_minimum() -> None:
    population = {"Violence": 1000, "Theft": 3000}
    enough = feedback.weighting_decision(
        respondents={"Violence": 30, "Theft": 45}, population=population, min_per_group=30
    )
    assert enough.weighted
    short = feedback.weighting_decision(
        respondents={"Violence": 29, "Theft": 45}, population=population, min_per_group=30
    )
    assert not short.weighted
    assert "Violence 29" in short.reason
    absent = feedback.weighting_decision(
        respondents={"Theft": 45}, population=population, min_per_group=30
    )
    assert not absent.weighted and "Violence 0" in absent.reason
    unmatched = feedback.weighting_decision(
        respondents={"Theft": 45, "Fraud": 40}, population=population, min_per_group=30
    )
    assert not unmatched.weighted and "Fraud have no count" in unmatched.reason
    none = feedback.weighting_decision(respondents={"Theft": 45}, population={}, min_per_group=30)
    assert not none.weighted and "No count" in none.reason


def test_weighting_moves_the_estimate_towards_the_bigger_group() -> None:
    # Violence: 30 of 40 positive (75%); Theft: 10 of 40 (25%); Theft has 3 times the victims.
    sample = responses({"Violence": (30, 10), "Theft": (10, 30)})
    population = {"Violence": 1000, "Theft": 3000}
    weighted = feedback.feedback_estimates(
        responses=sample, codebook=book(), population=population, min_per_group=30
    )
    overall = next(e for e in weighted.estimates if e.group == feedback.ALL)
    assert weighted.decision.weighted
    assert overall.share == pytest.approx(0.25 * 0.75 + 0.75 * 0.25)  # 0.375
    # Weights 25 (Violence) and 75 (Theft): Kish's 80 x 40(25² + 75²) / 4000² = 1.25.
    assert weighted.design_effect == pytest.approx(1.25)
    assert weighted.effective_n == pytest.approx(64)
    unweighted = feedback.feedback_estimates(
        responses=sample, codebook=book(), population=population, min_per_group=41
    )
    plain = next(e for e in unweighted.estimates if e.group == feedback.ALL)
    assert not unweighted.decision.weighted
    assert plain.share == pytest.approx(0.5)
    assert unweighted.design_effect == pytest.approx(1.0)
    assert unweighted.effective_n == pytest.approx(80)


def test_an_estimate_under_the_minimum_base_is_suppressed() -> None:
    sample = responses({"Violence": (30, 20), "Theft": (5, 5)})
    result = feedback.feedback_estimates(
        responses=sample, codebook=book(), population={}, min_base=50
    )
    by_group = {e.group: e for e in result.estimates}
    assert by_group["Violence"].share == pytest.approx(0.6)
    assert by_group["Theft"].suppressed and by_group["Theft"].base == 10
    assert by_group[feedback.ALL].share == pytest.approx(35 / 60)


@settings(max_examples=25)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=2, max_size=3),
    st.booleans(),
)
def test_shares_stay_in_0_to_1_and_each_interval_holds_its_estimate(
    counts: list[tuple[int, int]], weight: bool
) -> None:
    groups = {f"G{i}": c for i, c in enumerate(counts) if sum(c) > 0}
    sample = responses(groups)
    if not sample:
        return
    population = {g: 100 * (i + 1) for i, g in enumerate(groups)} if weight else {}
    result = feedback.feedback_estimates(
        responses=sample, codebook=book(), population=population, min_per_group=1, min_base=2
    )
    for estimate in result.estimates:
        if estimate.share is None:
            continue
        assert estimate.low is not None and estimate.high is not None
        assert 0.0 <= estimate.low <= estimate.share <= estimate.high <= 1.0


def test_the_synthetic_files_read_cleanly_and_q2_is_too_small_to_weight() -> None:
    codebook = feedback.codebook_parse(synthetic_codebook())
    for quarter, weighted in ((3, True), (2, False)):
        files = synthetic_files(quarter=quarter)
        found = feedback.responses_load(
            io.BytesIO(files.responses), name="s.csv", codebook=codebook
        )
        population = feedback.population_parse(
            files.population, name="p", groups=list(codebook.group.codes.values())
        )
        result = feedback.feedback_estimates(
            responses=found, codebook=codebook, population=population
        )
        assert result.decision.weighted is weighted
    assert json.loads(synthetic_files(quarter=3).codebook) == synthetic_codebook()
    assert synthetic_files(quarter=3) == synthetic_files(quarter=3)
