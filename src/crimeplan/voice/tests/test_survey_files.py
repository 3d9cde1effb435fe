"""Broken survey files (empty, cut short, misaligned, not UTF-8, nested too deeply) are errors
naming the file and row, never an import of part of them."""

from pathlib import Path

import pytest

from crimeplan.voice import synthetic
from crimeplan.voice.codebook import CodebookError, ResponsesError, codebook_read, responses_read
from crimeplan.voice.models import PopulationCell
from crimeplan.voice.survey import SurveyImportError, population_load

from .factories import district_populations

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(reference: None, tmp_path: Path) -> synthetic.SyntheticFiles:
    return synthetic.write(tmp_path, district_populations(), year=2024, per_district=5)


def population_lines(files: synthetic.SyntheticFiles) -> list[str]:
    return files.population.read_text(encoding="utf-8-sig").splitlines()


def test_a_population_file_with_no_rows_is_an_error(files: synthetic.SyntheticFiles) -> None:
    files.population.write_text(population_lines(files)[0] + "\n", encoding="utf-8")
    with pytest.raises(SurveyImportError, match=r"holds no rows, only a header"):
        population_load(path=files.population)


def test_a_population_file_cut_short_names_the_row(files: synthetic.SyntheticFiles) -> None:
    lines = population_lines(files)
    population_load(path=files.population)
    before = PopulationCell.objects.count()
    cut = "\n".join(lines[:5]) + "\n" + lines[5].split(",")[0] + ","
    files.population.write_text(cut, encoding="utf-8")
    with pytest.raises(SurveyImportError, match=r", row 6: not as many fields as the header"):
        population_load(path=files.population)
    assert PopulationCell.objects.count() == before


def test_a_population_file_not_utf8_names_the_row(files: synthetic.SyntheticFiles) -> None:
    content = files.population.read_bytes() + "1999,x,16-24,F,5,caf\u00e9\n".encode("latin-1")
    files.population.write_bytes(content)
    with pytest.raises(SurveyImportError, match=r"not UTF-8 text"):
        population_load(path=files.population)


def test_a_responses_row_with_more_fields_than_the_header_is_refused(
    files: synthetic.SyntheticFiles,
) -> None:
    """A stray comma would otherwise drop the row's last values without a word."""
    lines = files.responses.read_text(encoding="utf-8-sig").splitlines()
    lines[3] += ",1"
    files.responses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ResponsesError, match=r", row 4: more fields than the header has"):
        responses_read(files.responses, codebook_read(files.codebook))


def test_a_responses_workbook_that_is_not_one_is_refused(
    files: synthetic.SyntheticFiles, tmp_path: Path
) -> None:
    broken = tmp_path / "responses.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ResponsesError, match=r"responses\.xlsx: not a readable \.xlsx workbook"):
        responses_read(broken, codebook_read(files.codebook))


def test_a_codebook_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codebook.json"
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"codebook\.json: the JSON is nested too deeply"):
        codebook_read(path)
