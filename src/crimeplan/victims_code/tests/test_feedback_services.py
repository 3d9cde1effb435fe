"""Importing a quarter's feedback survey: stored whole or not at all, replaced on re-import,
audited without anything identifying; publishing; the quarter's summary; the demo."""

import io
import json

import pytest

from crimeplan.audit.models import AuditEvent
from crimeplan.victims_code import feedback_demo
from crimeplan.victims_code.feedback_demo import synthetic_codebook, synthetic_files
from crimeplan.victims_code.feedback_services import (
    FeedbackFile,
    FeedbackImportError,
    feedback_estimate_rows,
    feedback_survey_import,
    feedback_survey_publish,
    quarter_summary,
)
from crimeplan.victims_code.models import FeedbackEstimate, FeedbackResponse, FeedbackSurvey

pytestmark = pytest.mark.django_db


def run_import(
    *,
    quarter: int = 3,
    year: int = 2025,
    responses: bytes | None = None,
    name: str = "answers.csv",
    codebook: bytes | None = None,
    population: list[str] | None = None,
) -> FeedbackSurvey:
    files = synthetic_files(quarter=quarter)
    return feedback_survey_import(
        year=year,
        quarter=quarter,
        codebook=FeedbackFile("codebook.json", io.BytesIO(codebook or files.codebook)),
        responses=FeedbackFile(
            name, io.BytesIO(files.responses if responses is None else responses)
        ),
        population_lines=files.population if population is None else population,
    )


def test_a_quarter_is_imported_weighted_with_its_estimates_and_audited() -> None:
    survey = run_import()
    assert survey.weighted and survey.respondents == 375
    assert survey.design_effect > 1 and survey.effective_n < survey.respondents
    assert FeedbackResponse.objects.filter(survey=survey).count() == 375
    # Five questions, each for everyone and the four groups.
    assert FeedbackEstimate.objects.filter(survey=survey).count() == 25
    assert not FeedbackResponse.objects.filter(answers__has_key="comment").exists()
    event = AuditEvent.objects.get(object_type="victims_code.FeedbackSurvey")
    assert event.summary == "Imported 375 victims' feedback responses for 2025/26 Q3; weighted"
    assert "R0001" not in json.dumps(list(FeedbackResponse.objects.values("answers", "group")))


def test_a_small_quarter_is_stored_unweighted_with_the_reason() -> None:
    survey = run_import(quarter=2)
    assert not survey.weighted
    assert "Sexual offences 12" in survey.weighting_reason
    assert survey.design_effect == pytest.approx(1.0)


def test_a_reimport_replaces_the_quarter_and_says_so() -> None:
    first = run_import()
    shares = list(
        FeedbackEstimate.objects.order_by("order", "group").values_list("share", flat=True)
    )
    second = run_import()
    assert FeedbackSurvey.objects.count() == 1 and second.pk != first.pk
    again = list(
        FeedbackEstimate.objects.order_by("order", "group").values_list("share", flat=True)
    )
    assert again == shares
    summaries = list(AuditEvent.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries[-1].endswith("replacing the survey held; weighted")


BAD = [
    ({"responses": b"offence_group,TOLD_CODE\n"}, "answers.csv: column REFERRED"),
    ({"responses": b""}, "answers.csv: the file is empty"),
    ({"year": 0}, "year: 0 is not between"),
    ({"year": 2999}, "year: 2999 is not between"),
    ({"quarter": 5}, "quarter: 5 is not 1, 2, 3 or 4"),
    ({"codebook": b"[]"}, "codebook.json: the codebook must be a JSON object"),
    ({"population": ["Fraud,10"]}, "population, line 1, field group: 'Fraud'"),
]


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_bad_input_is_refused_and_nothing_is_stored(
    change: dict[str, object], expected: str
) -> None:
    with pytest.raises(FeedbackImportError) as caught:
        run_import(**change)  # type: ignore[arg-type]
    assert expected in str(caught.value)
    assert not FeedbackSurvey.objects.exists()
    assert not AuditEvent.objects.filter(object_type="victims_code.FeedbackSurvey").exists()


def _edited(line: int, column: str, value: str) -> bytes:
    lines = synthetic_files(quarter=3).responses.decode().splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", "answers.csv, line 40, field REFERRED: '7' is not one of the codebook's codes"),
        ("=SUM(A1)", "answers.csv, line 40, field REFERRED: '=SUM(A1)' is a spreadsheet formula"),
    ],
)
def test_a_bad_cell_late_in_the_file_keeps_an_earlier_quarter_as_it_was(
    value: str, expected: str
) -> None:
    held = run_import()
    with pytest.raises(FeedbackImportError) as caught:
        run_import(responses=_edited(40, "REFERRED", value))
    assert expected in str(caught.value)
    assert list(FeedbackSurvey.objects.values_list("pk", flat=True)) == [held.pk]


def test_an_unknown_question_column_is_refused() -> None:
    files = synthetic_files(quarter=3)
    text = files.responses.decode().replace(",comment", ",Q_NEW", 1)
    with pytest.raises(FeedbackImportError, match="line 1, field Q_NEW: not a question code"):
        run_import(responses=text.encode())


def test_a_40_mb_line_is_refused_naming_it() -> None:
    responses = synthetic_files(quarter=3).responses + b"1," + b"1" * 40_000_000 + b"\n"
    with pytest.raises(FeedbackImportError, match=r"answers\.csv, line 377: longer than"):
        run_import(responses=responses)
    assert not FeedbackSurvey.objects.exists()


def test_publishing_is_audited_and_the_summary_carries_it() -> None:
    run_import(quarter=2)
    survey = run_import()
    summary = quarter_summary(year=2025, quarter=3)
    assert summary is not None and not summary.published
    assert [r.question for r in summary.rows] == [
        q["id"] for q in synthetic_codebook()["questions"]
    ]  # type: ignore[index, union-attr]
    assert all(r.group == "" for r in summary.rows)
    # Q3 is compared with Q2 where both are shown.
    assert all(r.change_points is not None for r in summary.rows)
    feedback_survey_publish(survey=survey, published=True)
    published = quarter_summary(year=2025, quarter=3)
    assert published is not None and published.published and published.weighted
    assert published.paragraphs()[0].startswith(
        "Victims' Code feedback survey (SYNTHETIC), 2025/26 Q3: 375 victims answered. Weighted."
    )
    # Imported here as a real survey (only its title says otherwise): no synthetic note.
    assert published.paragraphs()[1] == "Estimates on fewer than 50 answers are not shown."
    first = published.table()[0]
    assert first["Question"] == "Were you told about the Victims' Code?"
    assert first["Percentage"] == f"{100 * published.rows[0].share:.0f}%"  # type: ignore[operator]
    assert (
        first["Change since the quarter before"].endswith("points")
        or "(significant)" in (first["Change since the quarter before"])
    )
    assert AuditEvent.objects.filter(summary__startswith="Published the victims'").count() == 1
    assert quarter_summary(year=2025, quarter=4) is None


def test_the_public_summary_compares_only_with_a_published_quarter() -> None:
    earlier = run_import(quarter=2)
    feedback_survey_publish(survey=run_import(), published=True)
    public = quarter_summary(year=2025, quarter=3, public=True)
    assert public is not None and public.rows
    # Q2 is not published: its estimates must not be recoverable from a change.
    assert all(r.previous_share is None and r.change_points is None for r in public.rows)
    staff = quarter_summary(year=2025, quarter=3)
    assert staff is not None and all(r.change_points is not None for r in staff.rows)
    feedback_survey_publish(survey=earlier, published=True)
    again = quarter_summary(year=2025, quarter=3, public=True)
    assert again is not None and all(r.change_points is not None for r in again.rows)


def test_estimates_under_the_minimum_base_are_suppressed() -> None:
    survey = run_import(quarter=2)
    rows = {(r.question, r.group): r for r in feedback_estimate_rows(survey=survey)}
    assert rows[("told_code", "Sexual offences")].suppressed
    assert rows[("told_code", "Sexual offences")].percents is None
    assert not rows[("told_code", "")].suppressed


def test_the_demo_loads_twice_and_changes_nothing_the_second_time() -> None:
    lines = feedback_demo.load()
    assert len(lines) == 2 and all("SYNTHETIC" in line for line in lines)
    surveys = list(FeedbackSurvey.objects.values_list("year", "quarter", "synthetic", "weighted"))
    assert surveys == [(2025, 3, True, True), (2025, 2, True, False)]
    shares = list(FeedbackEstimate.objects.order_by("pk").values_list("share", flat=True))
    events = AuditEvent.objects.count()
    assert feedback_demo.load() == ["Victims' feedback surveys already loaded."]
    assert list(FeedbackEstimate.objects.order_by("pk").values_list("share", flat=True)) == shares
    assert AuditEvent.objects.count() == events
