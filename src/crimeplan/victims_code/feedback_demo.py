"""Demonstration content: a SYNTHETIC victims' feedback survey for 2025/26 Q2 and Q3, made up
from a fixed seed (the same on every run; a second run changes nothing). Q3's sample is big
enough in every offence group to be weighted to the quarter's victims; Q2's is not, so its
page shows unweighted estimates and why."""

import io
import json
import random
from dataclasses import dataclass

from .feedback_services import FeedbackFile, feedback_survey_import, feedback_survey_publish
from .models import FeedbackSurvey

SEED = 20251231
YEAR = 2025
TITLE = "Victims' Code feedback survey (SYNTHETIC)"
# Offence group: (victims in the quarter, Q3 respondents, Q2 respondents, how well served).
GROUPS = {
    "Violence against the person": (2400, 150, 80, 0.0),
    "Sexual offences": (400, 45, 12, -0.10),
    "Burglary and theft": (3100, 120, 60, 0.08),
    "Criminal damage": (900, 60, 28, 0.04),
}
QUESTIONS = [
    ("told_code", "Were you told about the Victims' Code?", {"1": "Yes", "2": "No"}, 0.62),
    (
        "referred",
        "Were you offered a referral to victim support services?",
        {"1": "Yes", "2": "No"},
        0.71,
    ),
    (
        "kept_informed",
        "Were you kept informed about your case?",
        {"1": "Always", "2": "Mostly", "3": "Sometimes", "4": "Never"},
        0.55,
    ),
    (
        "vps_offered",
        "Were you offered the chance to make a Victim Personal Statement?",
        {"1": "Yes", "2": "No"},
        0.48,
    ),
    (
        "satisfied",
        "Overall, how satisfied were you with the service you received?",
        {"1": "Very satisfied", "2": "Fairly satisfied", "3": "Neither", "4": "Dissatisfied"},
        0.66,
    ),
]
POSITIVE = {"kept_informed": ["1", "2"], "satisfied": ["1", "2"]}


@dataclass(frozen=True)
class SyntheticFiles:
    codebook: bytes
    responses: bytes
    population: list[str]


def synthetic_codebook() -> dict[str, object]:
    return {
        "title": TITLE,
        "group": {
            "column": "offence_group",
            "text": "Offence group",
            "codes": {str(i): name for i, name in enumerate(GROUPS, start=1)},
        },
        "questions": [
            {
                "id": qid,
                "column": qid.upper(),
                "text": text,
                "codes": {**codes, "9": "Don't know or can't remember"},
                "positive": POSITIVE.get(qid, ["1"]),
                "missing": ["9"],
            }
            for qid, text, codes, _rate in QUESTIONS
        ],
        # Read by nobody: the comment is free text, which is never kept.
        "ignored": ["respondent_ref", "comment"],
    }


def synthetic_files(*, quarter: int, seed: int = SEED) -> SyntheticFiles:
    """A codebook, a responses CSV and the population lines for the quarter."""
    rng = random.Random(seed * 10 + quarter)  # noqa: S311 (made-up answers, not a secret)
    column = 1 if quarter == 3 else 2
    lines = ["respondent_ref,offence_group," + ",".join(q[0].upper() for q in QUESTIONS)]
    lines[0] += ",comment"
    number = 0
    for code, counts in enumerate(GROUPS.values(), start=1):
        for _ in range(int(counts[column])):
            number += 1
            answers = [_answer(rng, codes, rate + counts[3]) for _q, _t, codes, rate in QUESTIONS]
            lines.append(f"R{number:04d},{code}," + ",".join(answers) + ",made up; not read")
    return SyntheticFiles(
        codebook=json.dumps(synthetic_codebook()).encode(),
        responses=("\n".join(lines) + "\n").encode(),
        # Q2 had a few fewer victims than Q3 in each group.
        population=[f"{name},{counts[0] - 50 * (3 - quarter)}" for name, counts in GROUPS.items()],
    )


def _answer(rng: random.Random, codes: dict[str, str], rate: float) -> str:
    draw = rng.random()
    if draw < 0.04:
        return "9"
    positive = rng.random() < rate
    if len(codes) == 2:
        return "1" if positive else "2"
    return rng.choice(["1", "2"]) if positive else rng.choice(["3", "4"])


def load() -> list[str]:
    lines = []
    for quarter in (2, 3):
        if FeedbackSurvey.objects.filter(year=YEAR, quarter=quarter).exists():
            continue
        files = synthetic_files(quarter=quarter)
        survey = feedback_survey_import(
            year=YEAR,
            quarter=quarter,
            codebook=FeedbackFile("synthetic-codebook.json", io.BytesIO(files.codebook)),
            responses=FeedbackFile(
                f"synthetic-feedback-{YEAR}-q{quarter}.csv", io.BytesIO(files.responses)
            ),
            population_lines=files.population,
            population_source="synthetic population",
            synthetic=True,
        )
        feedback_survey_publish(survey=survey, published=True)
        lines.append(
            f"SYNTHETIC victims' feedback survey {survey.period}: {survey.respondents} made-up "
            f"responses, {'weighted' if survey.weighted else 'unweighted'}."
        )
    return lines or ["Victims' feedback surveys already loaded."]
