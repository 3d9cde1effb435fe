"""Importing a survey against its codebook, weighting it, and its estimates and command."""

import csv
import io
import json
from pathlib import Path

import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from crimeplan.voice import synthetic
from crimeplan.voice.codebook import CodebookError, ResponsesError, codebook_read, responses_read
from crimeplan.voice.models import PopulationCell, Survey, SurveyChart, SurveyEstimate
from crimeplan.voice.survey import population_load, survey_import

from .factories import district_populations, synthetic_survey

pytestmark = pytest.mark.django_db


def test_a_synthetic_survey_is_weighted_to_the_population(reference, tmp_path: Path) -> None:
    survey = synthetic_survey(tmp_path)
    assert survey.synthetic and survey.respondents == 6 * 80
    # Raked weights reproduce each district's adult population (the district x sex margin).
    for code, residents in district_populations().items():
        cells = PopulationCell.objects.filter(year=2025, district__code=code)
        weights = survey.responses.filter(district__code=code).values_list("weight", flat=True)
        assert sum(weights) == pytest.approx(sum(c.population for c in cells), rel=1e-6)
        assert sum(c.population for c in cells) == pytest.approx(0.8 * residents, rel=1e-3)
    assert 1.0 < survey.design_effect < 3.0
    assert survey.efficiency == pytest.approx(1 / survey.design_effect)
    # Three questions, six districts and the county each; 80 answers a district is enough.
    assert SurveyEstimate.objects.filter(question__survey=survey).count() == 3 * 7
    county = SurveyEstimate.objects.get(question__survey=survey, question__code="Q1", district=None)
    assert county.lower < county.percent < county.upper
    assert SurveyChart.objects.filter(question__survey=survey).count() == 3 * 7
    chart = SurveyChart.objects.filter(question__survey=survey, district=None).first()
    assert chart is not None and 'role="img"' in chart.svg and "<title" in chart.svg


def test_small_bases_are_suppressed_and_last_years_change_tested(reference, tmp_path) -> None:
    files = synthetic.write(tmp_path, district_populations(), year=2024, per_district=40)
    population_load(path=files.population)
    survey_import(
        year=2024,
        codebook_path=files.codebook,
        responses_path=files.responses,
        population_year=2024,
        min_base=50,
    )
    district_rows = SurveyEstimate.objects.filter(question__survey__year=2024).exclude(
        district=None
    )
    assert district_rows.count() == 18 and all(e.percent is None for e in district_rows)
    later = synthetic_survey(tmp_path / "2025", year=2025, per_district=60)
    county = SurveyEstimate.objects.get(question__survey=later, question__code="Q2", district=None)
    before = SurveyEstimate.objects.get(
        question__survey__year=2024, question__code="Q2", district=None
    )
    assert county.previous_percent == pytest.approx(before.percent)
    assert county.change_points == pytest.approx(county.percent - before.percent)
    assert 0 <= county.change_p_value <= 1
    # A district suppressed last year has no change.
    row = SurveyEstimate.objects.filter(question=county.question).exclude(district=None).first()
    assert row is not None and row.change_points is None


def _codebook(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.json"
    path.write_text(json.dumps(synthetic.codebook(sorted(district_populations()))))
    return path


def test_bad_values_are_reported_by_file_row_and_field(reference, tmp_path: Path) -> None:
    codebook = codebook_read(_codebook(tmp_path))
    path = tmp_path / "responses.csv"
    path.write_text(
        "district,age,sex,q1_safe_dark,q2_police_job,q3_asb\n1,1,2,1,2,1\n7,1,2,1,2,1\n1,1,2,5,2,\n"
    )
    with pytest.raises(ResponsesError) as caught:
        responses_read(path, codebook)
    assert caught.value.total == 3
    assert caught.value.problems == [
        "responses.csv, row 3, field district: '7' is not one of the codebook's codes "
        "(1, 2, 3, 4, 5, 6)",
        "responses.csv, row 4, field q1_safe_dark: '5' is not one of the codebook's codes "
        "(1, 2, 3, 4, 9)",
        "responses.csv, row 4, field q3_asb: blank is not one of the codebook's codes (1, 2, 9)",
    ]


def test_a_missing_column_is_named(reference, tmp_path: Path) -> None:
    codebook = codebook_read(_codebook(tmp_path))
    path = tmp_path / "responses.csv"
    path.write_text("district,age,sex,q1_safe_dark,q2_police_job\n1,1,2,1,2\n")
    with pytest.raises(ResponsesError, match="column q3_asb"):
        responses_read(path, codebook)


def test_a_codebook_without_positive_answers_is_refused(tmp_path: Path) -> None:
    raw = synthetic.codebook(["E07000078"])
    raw["questions"][0] = {**raw["questions"][0], "positive": []}  # type: ignore[index]
    path = tmp_path / "codebook.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(CodebookError, match="question Q1 names no 'positive' answers"):
        codebook_read(path)


def test_a_failed_import_leaves_the_stored_survey_as_it_was(reference, tmp_path: Path) -> None:
    survey = synthetic_survey(tmp_path, per_district=60)
    bad = tmp_path / "bad.csv"
    bad.write_text("district,age,sex,q1_safe_dark,q2_police_job,q3_asb\n1,1,2,1,2,8\n")
    with pytest.raises(ResponsesError):
        survey_import(
            year=2025,
            codebook_path=tmp_path / "synthetic-codebook.json",
            responses_path=bad,
            population_year=2025,
        )
    assert Survey.objects.get(year=2025).pk == survey.pk
    assert survey.responses.count() == 360


def test_xlsx_and_sav_files_read_the_same_as_csv(reference, tmp_path: Path) -> None:
    codebook = codebook_read(_codebook(tmp_path))
    rows = synthetic.responses(district_populations(), year=2025, per_district=3, seed=1)
    header = list(rows[0])
    csv_path = tmp_path / "r.csv"
    with csv_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(row[h]) for h in header])  # numbers, as Excel holds them
    book.save(tmp_path / "r.xlsx")
    import pandas as pd

    frame = pd.DataFrame([{h: float(row[h]) for h in header} for row in rows])
    pyreadstat.write_sav(frame, str(tmp_path / "r.sav"))
    expected = responses_read(csv_path, codebook)
    assert len(expected) == 18
    assert responses_read(tmp_path / "r.xlsx", codebook) == expected
    assert responses_read(tmp_path / "r.sav", codebook) == expected


def test_the_estimates_command_prints_a_csv(reference, tmp_path: Path) -> None:
    synthetic_survey(tmp_path)
    out = io.StringIO()
    call_command(
        "survey",
        "estimates",
        "--year",
        "2025",
        "--question",
        "Q1",
        "--by",
        "district",
        "--format",
        "csv",
        stdout=out,
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 7
    stored = SurveyEstimate.objects.get(
        question__survey__year=2025, question__code="Q1", district__name="Stroud"
    )
    stroud = next(r for r in rows if r["area"] == "Stroud")
    assert float(stroud["percent"]) == round(stored.percent, 1)
    assert float(stroud["lower_95"]) == round(stored.lower, 1)
    with pytest.raises(CommandError, match="'Q9' is not one of Q1, Q2, Q3"):
        call_command("survey", "estimates", "--year", "2025", "--question", "Q9")


def test_the_import_command_reports_the_weighting(reference, tmp_path: Path) -> None:
    files = synthetic.write(tmp_path, district_populations(), year=2025, per_district=60)
    call_command("survey", "load-population", str(files.population), stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "survey",
        "import",
        "--year",
        "2025",
        "--codebook",
        str(files.codebook),
        "--responses",
        str(files.responses),
        "--population-year",
        "2025",
        stdout=out,
    )
    survey = Survey.objects.get(year=2025)
    assert f"design effect {survey.design_effect:.3f}" in out.getvalue()


def test_the_api_gives_a_partner_their_district_and_the_county(
    reference, tmp_path: Path, client
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.constants import Role
    from crimeplan.core.tests.world import build_world

    synthetic_survey(tmp_path, per_district=60)
    world = build_world()
    client.force_login(world.people[Role.PARTNER_VIEWER])
    rows = client.get("/api/v1/voice/surveys/2025/estimates").json()
    assert {r["area"] for r in rows} == {"Cheltenham", "County"}
    assert len(rows) == 6
    client.force_login(world.people[Role.OPCC_ANALYST])
    assert len(client.get("/api/v1/voice/surveys/2025/estimates").json()) == 21
    client.force_login(world.people[Role.PANEL_MEMBER])
    assert client.get("/api/v1/voice/surveys/2025/estimates").status_code == 403
