"""`crimeplan asb-reviews check-threshold|annual-figures|anonymise-expired`."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews.constants import Status

from .factories import case_at, submit_case

CASE = {
    "application_date": "2024-06-01",
    "ongoing": True,
    "incidents": [
        {
            "occurred_on": "2024-02-01",
            "reported_on": "2024-02-01",
            "reported_to": "police",
            "hate_motivated": True,
            "location": "St Marks Park",
        },
        {
            "occurred_on": "2024-03-05",
            "reported_on": "2024-04-20",
            "reported_to": "council",
            "hate_motivated": False,
            "location": "St Marks Park",
        },
    ],
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("asb_reviews", *args, stdout=out)
    return out.getvalue()


def write(path: Path, content: object) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_default_rule_is_the_configured_areas(tmp_path: Path) -> None:
    output = run("check-threshold", str(write(tmp_path / "case.json", CASE)))
    assert output.splitlines() == [
        "not met",
        "Incident 2 (5 March 2024) is not a qualifying complaint: it was reported on "
        "20 April 2024, more than 1 month after it happened.",
        "1 separate occasion within 6 months (1 February 2024); the rule needs 3.",
        "The behaviour is still going on, as the rule requires.",
    ]


def test_a_local_rule_from_a_file(tmp_path: Path) -> None:
    rule = write(
        tmp_path / "rule.toml",
        'area = "Trial"\n[threshold]\nsingle_hate_incident = true\ncomplaint_within_months = 2\n',
    )
    output = run("check-threshold", str(write(tmp_path / "case.json", CASE)), "--rule", str(rule))
    assert output.splitlines()[0] == "met"
    assert output.splitlines()[1] == (
        "2 separate occasions within 6 months (1 February 2024, 5 March 2024); the rule needs 3."
    )
    assert output.splitlines()[-1].startswith("A single hate incident is enough under this rule")


@pytest.mark.parametrize(
    ("rule", "case", "message"),
    [
        (None, "{not json", "case.json: not valid JSON"),
        (None, {"ongoing": True, "incidents": []}, "missing field 'application_date'"),
        (
            None,
            {**CASE, "incidents": [{"occurred_on": "2024-02-30", "reported_on": "2024-03-01"}]},
            "incidents[1].occurred_on: '2024-02-30' is not a date",
        ),
        (None, {**CASE, "ongoing": "yes"}, "ongoing: expected true or false"),
        (
            "[threshold]\nqualifying_complaints = 5\n",
            CASE,
            "qualifying_complaints must be 1, 2 or 3",
        ),
        ("[threshold]\nwindow = 6\n", CASE, "unknown keys: window"),
        ("[threshold]\nrequire_ongoing = 1\n", CASE, "require_ongoing must be bool"),
        ("[threshold\n", CASE, "not valid TOML"),
    ],
)
def test_bad_input_names_the_file_and_field(tmp_path: Path, rule, case, message) -> None:  # type: ignore[no-untyped-def]
    args = ["check-threshold", str(write(tmp_path / "case.json", case))]
    if rule is not None:
        args += ["--rule", str(write(tmp_path / "rule.toml", rule))]
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("(", r"\(")):
        run(*args)


def test_the_console_script_with_hyphens(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "crimeplan"
    env = {**os.environ, "CRIMEPLAN_ENV": "test"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "asb-reviews", "check-threshold", str(write(tmp_path / "case.json", CASE))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.splitlines()[0] == "not met"


@pytest.mark.usefixtures("reference")
def test_annual_figures_csv_and_anonymise() -> None:
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    coordinator = member(Role.ASB_COORDINATOR, opcc)
    case_at(Status.CLOSED, coordinator=coordinator, owner=opcc)
    submit_case(district_name="Stroud", channel="web")
    rows = list(
        csv.DictReader(io.StringIO(run("annual-figures", "--year", "2024", "--format", "csv")))
    )
    assert [(r["district"], r["month"], r["applications_received"]) for r in rows] == [
        ("Cheltenham", "04", "1"),
        ("Cheltenham", "05", "0"),
        ("Cheltenham", "all", "1"),
        ("Stroud", "04", "1"),
        ("Stroud", "all", "1"),
        ("All districts", "all", "2"),
    ]
    assert rows[1]["reviews_carried_out"] == "1"
    assert (
        run("annual-figures", "--year", "2023")
        .splitlines()[1]
        .startswith("2023,all,All districts,0,0,0,0")
    )
    assert run("anonymise-expired") == "Anonymised 1 closed case(s) past the retention period.\n"
