"""A SYNTHETIC perception survey for demonstration and tests: made-up respondents drawn from
the real Census 2021 district populations, with a fixed seed so every run makes the same files.

Nobody answered it. The age x sex split of each district's population is an illustrative
assumption (the shares below), not ONS figures: no age-by-sex table is in shared/data.
"""

import copy
import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SOURCE = (
    "SYNTHETIC: district totals from ONS Census 2021 usual residents (sum of LSOAs); "
    "age and sex split by illustrative shares, not ONS figures"
)
AGE_BANDS = {"1": "16-34", "2": "35-54", "3": "55-74", "4": "75+"}
AGE_SHARES = (0.30, 0.33, 0.27, 0.10)  # illustrative
SEXES = {"1": "Female", "2": "Male"}
SEX_SHARES = (0.51, 0.49)  # illustrative
# Who answers: older people reply more often, so the sample needs weighting.
AGE_RESPONSE = (0.6, 0.9, 1.3, 1.2)
SEX_RESPONSE = (1.15, 0.85)

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "Q1",
        "column": "q1_safe_dark",
        "text": "How safe do you feel walking alone in your local area after dark?",
        "codes": {
            "1": "Very safe",
            "2": "Fairly safe",
            "3": "A bit unsafe",
            "4": "Very unsafe",
            "9": "Don't know",
        },
        "positive": ["1", "2"],
        "positive_label": "Feel safe walking alone after dark",
        "text_cy": "Pa mor ddiogel ydych chi'n teimlo wrth gerdded ar eich pen eich hun yn eich "
        "ardal leol ar ôl iddi dywyllu?",
        "positive_label_cy": "Yn teimlo'n ddiogel yn cerdded ar eu pen eu hunain ar ôl iddi "
        "dywyllu",
        "missing": ["9"],
    },
    {
        "id": "Q2",
        "column": "q2_police_job",
        "text": "How good a job do you think the police in this area are doing?",
        "codes": {
            "1": "Excellent",
            "2": "Good",
            "3": "Fair",
            "4": "Poor",
            "5": "Very poor",
            "9": "Don't know",
        },
        "positive": ["1", "2"],
        "positive_label": "Think the police do a good or excellent job",
        "text_cy": "Pa mor dda yw'r gwaith y mae'r heddlu yn yr ardal hon yn ei wneud, yn eich "
        "barn chi?",
        "positive_label_cy": "Yn meddwl bod yr heddlu'n gwneud gwaith da neu ragorol",
        "missing": ["9"],
    },
    {
        "id": "Q3",
        "column": "q3_asb",
        "text": "In the last 12 months, have you witnessed or experienced anti-social behaviour?",
        "codes": {"1": "Yes", "2": "No", "9": "Prefer not to say"},
        "positive": ["1"],
        "positive_label": "Witnessed or experienced ASB",
        "text_cy": "Yn ystod y 12 mis diwethaf, a ydych chi wedi gweld neu brofi ymddygiad "
        "gwrthgymdeithasol?",
        "positive_label_cy": "Wedi gweld neu brofi ymddygiad gwrthgymdeithasol",
        "better": "lower",
        "missing": ["9"],
    },
]
# Chance of a positive answer by age band, nudged per district and year so districts differ.
BASE_POSITIVE = {
    "Q1": (0.62, 0.70, 0.74, 0.60),
    "Q2": (0.42, 0.48, 0.58, 0.66),
    "Q3": (0.45, 0.38, 0.30, 0.22),
}
# A change for the worse made on purpose, so the demonstration's public survey page has a
# finding to answer: (question, district's place in code order) → shift in odd years.
WORSE_IN_ODD_YEARS = {("Q1", 3): -0.10}


@dataclass(frozen=True)
class SyntheticFiles:
    codebook: Path
    responses: Path
    population: Path


def codebook(district_codes: list[str]) -> dict[str, object]:
    return {
        "title": "Perception of crime survey (SYNTHETIC demonstration data)",
        "respondent": {
            "district": {
                "column": "district",
                "codes": {str(i + 1): c for i, c in enumerate(district_codes)},
            },
            "age_band": {"column": "age", "codes": AGE_BANDS},
            "sex": {"column": "sex", "codes": SEXES},
        },
        "questions": copy.deepcopy(QUESTIONS),
        "margins": [["district", "age_band"], ["district", "sex"]],
    }


def population_rows(populations: Mapping[str, int], year: int) -> list[dict[str, object]]:
    """Adults 16+ are taken as 80% of residents (illustrative), split by the shares above."""
    rows = []
    for code, residents in sorted(populations.items()):
        for age, age_share in zip(AGE_BANDS.values(), AGE_SHARES, strict=True):
            for sex, sex_share in zip(SEXES.values(), SEX_SHARES, strict=True):
                rows.append(
                    {
                        "year": year,
                        "district": code,
                        "age_band": age,
                        "sex": sex,
                        "population": round(residents * 0.8 * age_share * sex_share),
                        "source": SOURCE,
                    }
                )
    return rows


def responses(
    populations: Mapping[str, int], *, year: int, per_district: int, seed: int
) -> list[dict[str, str]]:
    rng = np.random.default_rng([seed, year])
    codes = sorted(populations)
    age_p = np.array(AGE_SHARES) * AGE_RESPONSE
    sex_p = np.array(SEX_SHARES) * SEX_RESPONSE
    rows: list[dict[str, str]] = []
    for d_index in range(len(codes)):
        shift = 0.06 * np.sin(d_index + 1) + (0.04 if (year % 2 and d_index == 0) else 0.0)
        for _ in range(per_district):
            age = int(rng.choice(4, p=age_p / age_p.sum()))
            sex = int(rng.choice(2, p=sex_p / sex_p.sum()))
            row = {
                "respondent_id": str(len(rows) + 1),
                "district": str(d_index + 1),
                "age": str(age + 1),
                "sex": str(sex + 1),
            }
            for question in QUESTIONS:
                worse = WORSE_IN_ODD_YEARS.get((question["id"], d_index), 0.0) if year % 2 else 0
                row[str(question["column"])] = _answer(rng, question, age, shift + worse)
            rows.append(row)
    return rows


def _answer(rng: np.random.Generator, question: dict[str, Any], age: int, shift: float) -> str:
    missing: list[str] = question["missing"]
    if rng.random() < 0.04:
        return missing[0]
    chance = min(max(BASE_POSITIVE[question["id"]][age] + shift, 0.02), 0.98)
    positive: list[str] = question["positive"]
    negative = [c for c in question["codes"] if c not in positive and c not in missing]
    pool = positive if rng.random() < chance else negative
    return str(rng.choice(pool))


def write(
    folder: Path,
    populations: Mapping[str, int],
    *,
    year: int,
    per_district: int = 400,
    seed: int = 20251125,
) -> SyntheticFiles:
    folder.mkdir(parents=True, exist_ok=True)
    files = SyntheticFiles(
        codebook=folder / "synthetic-codebook.json",
        responses=folder / f"synthetic-survey-{year}.csv",
        population=folder / "synthetic-population-cells.csv",
    )
    files.codebook.write_text(json.dumps(codebook(sorted(populations)), indent=2))
    _write_csv(
        files.responses, responses(populations, year=year, per_district=per_district, seed=seed)
    )
    _write_csv(files.population, population_rows(populations, year))
    return files


def _write_csv(path: Path, rows: list[dict[str, object]] | list[dict[str, str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
