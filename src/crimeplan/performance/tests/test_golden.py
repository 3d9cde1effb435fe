"""The published Gloucestershire table, reproduced figure by figure from template files by the
command line, without the database (these tests have no database access)."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from crimeplan.performance.example import measure_id, published_rows, write_templates

PRINTED = {
    # our column: the published column
    "force_baseline": "force_count_baseline",
    "group_baseline": "msg_count_baseline",
    "force_current": "force_count_current",
    "group_current": "msg_count_current",
    "force_rate_baseline": "force_rate_baseline",
    "group_rate_baseline": "msg_rate_baseline",
    "force_rate_current": "force_rate_current",
    "group_rate_current": "msg_rate_current",
    "force_change": "force_pct_change",
    "group_change": "msg_pct_change",
    "priorities": "priorities",
}


def run_table(tmp_path, fmt: str = "csv", *extra: str) -> str:  # type: ignore[no-untyped-def]
    framework, aggregates, populations = write_templates(tmp_path)
    out = io.StringIO()
    call_command(
        "performance",
        "table",
        str(framework),
        "--data",
        str(aggregates),
        "--populations",
        str(populations),
        "--format",
        fmt,
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def test_every_printed_figure_of_the_published_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    computed = {row["measure"]: row for row in csv.DictReader(io.StringIO(run_table(tmp_path)))}
    published = published_rows()
    assert len(computed) == len(published) == 18
    compared = 0
    for expected in published:
        row = computed[expected["measure"]]
        for ours, theirs in PRINTED.items():
            assert row[ours] == expected[theirs], (expected["measure"], ours)
            compared += 1
        assert row["aim"] == expected["aim"].lower()
        assert row["aim_met"] == {"Yes": "yes", "No": "no"}[expected["aim_achieved"]]
        assert row["change_unit"] == "%"
        compared += 2
    assert compared == 18 * 13


def test_the_columns_come_in_the_documented_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = run_table(tmp_path).splitlines()[0]
    assert header == (
        "measure,aim,force_baseline,group_baseline,force_current,group_current,"
        "force_rate_baseline,group_rate_baseline,force_rate_current,group_rate_current,"
        "force_change,group_change,change_unit,aim_met,p_value,verdict,priorities,"
        "force_rate_change,group_rate_change"
    )


def test_what_the_published_table_could_not_say(tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(run_table(tmp_path, "json"))
    rows = {row["id"]: row for row in document["measures"]}
    homicide = rows[measure_id("Murder and other homicide")]
    # 4 → 8 homicides: "aim not achieved" in print, but no more than chance.
    assert (homicide["force_baseline"], homicide["force_current"]) == ("4", "8")
    assert homicide["aim_met"] == "no"
    assert homicide["verdict"] == "no significant change"
    assert homicide["test"]["p_value"] > 0.05
    low, high = homicide["test"]["interval_95"]
    assert low < 1 < high
    # 39,857 → 54,101 crimes is far beyond chance, and against the aim.
    all_crime = rows[measure_id("All Crime")]
    assert all_crime["verdict"] == "significant deterioration"
    assert all_crime["test"]["p_value"] < 1e-6
    # Stalking and harassment: more reporting was the aim, and it rose well beyond chance.
    assert rows[measure_id("Stalking and harassment")]["verdict"] == "significant improvement"
    assert any("2017 population (628,139)" in note for note in document["notes"])


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "pdf"])
def test_binary_formats_hold_the_same_figures(tmp_path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"table.{fmt}"
    run_table(tmp_path, fmt, "--output", str(target))
    data = target.read_bytes()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target).worksheets[0]
        values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert values["All Crime"][6] == "63.453"
        assert values["Theft from shops"][11] == "3.66"
    elif fmt == "ods":
        import zipfile

        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
        assert "63.453" in content and "Theft from shops" in content
    else:
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(data)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        assert "63.453" in text and "Theft from shops" in text


def test_bad_input_names_the_file_line_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError

    framework, aggregates, populations = write_templates(tmp_path)
    lines = aggregates.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",-5"
    aggregates.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        CommandError, match=r"aggregates.csv, line 4, field 'value': -5 is negative"
    ):
        call_command(
            "performance", "table", str(framework), "--data", str(aggregates),
            "--populations", str(populations),
        )  # fmt: skip
    framework.write_text(framework.read_text().replace('aim = "reduce"', 'aim = "down"', 1))
    with pytest.raises(CommandError, match=r"framework.toml: measures\[1\].aim: 'down'"):
        call_command("performance", "table", str(framework), "--data", str(aggregates))
