"""The ONS ASB-by-police-force-area loader, the long-run chart, its summary and its table.

The fixture holds the only published figures crimeplan has (Gloucestershire and its Most
Similar Group, years ending March 2020 and 2023); the other files are written by the tests,
with round made-up figures, to exercise the layout and its failures.
"""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from crimeplan.core import exports
from crimeplan.geography.models import ComparisonGroup, ForcePopulation
from crimeplan.performance import longrun
from crimeplan.performance.longrun import AsbFileError, year_ending_march
from crimeplan.performance.models import AsbYearFigure, Chart

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ["Apr 2018 to Mar 2019", "Year ending Mar 2020 [note 2]"]


def stored() -> list[tuple[object, ...]]:
    return list(
        AsbYearFigure.objects.order_by("area_kind", "area_code", "year_ending_march").values_list(
            "area_kind",
            "area_code",
            "year_ending_march",
            "incidents",
            "population",
            "rate_per_1000",
            "rate_source",
            "source",
            "file_sha256",
            "loaded_at",
        )
    )


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def table(rows: list[list[object]], title: str = "ASB incidents by police force area") -> list:
    notes = [[title], ["This worksheet contains one table."]]
    return [*notes, ["Area Code", "Area Name", *YEARS], *rows]


def svg_root(svg: str) -> ET.Element:
    """The chart's SVG as XML: crimeplan rendered it, so it is trusted."""
    return ET.fromstring(svg)  # noqa: S314


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


# -- the fixture ------------------------------------------------------------------------------


def test_the_fixture_loads_the_published_figures(reference):
    report = longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (3, 3, 0)
    assert report.figures_created == 4
    assert report.figures_unavailable == 6  # the [x] of the two years the plan does not print
    assert report.sheets_without_table == ["Notes"]
    figures = {(f.area_kind, f.year_ending_march): f for f in AsbYearFigure.objects.all()}
    assert set(figures) == {("force", 2020), ("force", 2023), ("msg", 2020), ("msg", 2023)}
    assert figures["force", 2020].incidents == 18304
    assert figures["force", 2023].incidents == 9436
    assert figures["force", 2020].rate_per_1000 == Decimal("28.89")
    assert figures["force", 2023].rate_per_1000 == Decimal("15")
    assert figures["msg", 2020].rate_per_1000 == Decimal("22.12")
    assert figures["msg", 2023].rate_per_1000 == Decimal("14.56")
    assert figures["msg", 2020].incidents is None
    assert {f.area_code for f in figures.values()} == {"gloucestershire"}
    assert all(f.rate_source == longrun.FROM_FILE for f in figures.values())
    assert (
        figures["force", 2020].source
        == figures["msg", 2020].source
        == (
            "ONS, police recorded ASB incidents (rates for the Most Similar Group via iQuanta), as "
            "printed in the ASB table of the performance framework of the Gloucestershire OPCC's "
            "Police and Crime Prevention Plan 2021-25, update 2023/24. (asb-by-pfa-fixture.xlsx)"
        )
    )


def test_the_fixture_is_what_its_script_writes(tmp_path, capsys):
    import runpy

    from openpyxl import load_workbook

    script = runpy.run_path(str(longrun.REFERENCE / "make_fixture.py"))
    script["main"](tmp_path / "again.xlsx")

    def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
        book = load_workbook(path)
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}

    shipped = cells(longrun.DEMO_FILE)
    assert cells(tmp_path / "again.xlsx") == shipped
    assert [c for c in shipped["Table_2"][-1] if c is not None] == [
        "msg",
        "Gloucestershire Most Similar Group [note 2]",
        22.12,
        "[x]",
        "[x]",
        14.56,
    ]


def test_loading_a_file_twice_stores_the_same_data(reference):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    before = stored()
    again = longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    assert (again.figures_created, again.figures_changed, again.figures_unchanged) == (0, 0, 4)
    assert stored() == before


def test_the_demo_loads_the_fixture(reference):
    lines = longrun.load_demo()
    assert "3 rows read, 3 loaded, 0 skipped" in lines[0]
    assert AsbYearFigure.objects.count() == 4
    assert longrun.load_demo() and AsbYearFigure.objects.count() == 4


# -- the layout --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "year"),
    [
        ("Apr 2019 to Mar 2020", 2020),
        ("April 2007 to March 2008 [note 1]", 2008),
        ("Year ending Mar 2023", 2023),
        ("Year ending March 2021", 2021),
        ("2019/20", 2020),
        ("1999-00", 2000),
    ],
)
def test_year_headings(heading, year):
    assert year_ending_march(heading) == year


@pytest.mark.parametrize("heading", ["Apr 2019 to Mar 2021", "2020", "2019/21", "Mar 2020"])
def test_headings_that_are_not_a_year_ending_march(heading):
    with pytest.raises(ValueError, match="not a"):
        year_ending_march(heading)


def test_notes_blank_rows_and_other_areas_are_counted_not_stored(reference, tmp_path):
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["Anti-social behaviour incidents recorded by the police [note 1]"],
            ["Area Code", "Area Name", *YEARS],
            ["K04000001", "England and Wales", "1000000", "1,100,000 [r]"],
            ["E92000001", "England", "900000", "950000"],
            ["E12000009", "South West [note 4]", "[x]", ".."],
            ["", "", "", ""],
            ["E23000037", "Gloucestershire", "20000", "[x]"],
            ["Source: made up by the tests"],
            ["Note 4: the region's figures are not available"],
        ],
    )
    report = longrun.run(path)
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (7, 2, 5)
    assert report.skipped == {
        "England (not a comparator)": 1,
        "no figures given": 1,
        "blank": 1,
        "notes": 2,
    }
    figures = {(f.area_kind, f.year_ending_march): f for f in AsbYearFigure.objects.all()}
    assert set(figures) == {
        ("england-and-wales", 2019),
        ("england-and-wales", 2020),
        ("force", 2019),
    }
    assert figures["england-and-wales", 2020].incidents == 1_100_000
    assert figures["england-and-wales", 2020].area_code == "K04000001"
    assert figures["england-and-wales", 2020].rate_per_1000 is None


def test_a_force_rate_comes_from_its_incidents_and_the_mid_year_population(reference, tmp_path):
    path = write_csv(
        tmp_path / "asb.csv",
        [["Area Code", "Area Name", *YEARS], ["", "Gloucestershire", "20000", "10000"]],
    )
    longrun.run(path)
    mid_2018 = ForcePopulation.objects.get(force__police_uk_id="gloucestershire", year=2018)
    mid_2019 = ForcePopulation.objects.get(force__police_uk_id="gloucestershire", year=2019)
    figures = {f.year_ending_march: f for f in AsbYearFigure.objects.all()}
    assert figures[2019].population == mid_2018.population
    assert figures[2019].rate_per_1000 == (Decimal(20000) * 1000 / mid_2018.population).quantize(
        Decimal("0.001")
    )
    assert figures[2020].rate_per_1000 == (Decimal(10000) * 1000 / mid_2019.population).quantize(
        Decimal("0.001")
    )
    assert figures[2020].rate_source == (
        f"incidents per 1,000 of the ONS mid-2019 population ({mid_2019.population:,})"
    )


def test_a_counts_file_and_a_rates_file_loaded_apart_make_one_figure(reference, tmp_path):
    counts = write_csv(
        tmp_path / "counts.csv",
        [["Area Code", "Area Name", "2022/23"], ["E12000009", "South West", "50000"]],
    )
    rates = write_csv(
        tmp_path / "rates.csv",
        [
            ["Rates per 1,000 people"],
            ["Area Code", "Area Name", "2022/23"],
            ["E12000009", "", "8.8"],
        ],
    )
    longrun.run(counts)
    longrun.run(rates)
    longrun.run(counts)
    figure = AsbYearFigure.objects.get()
    assert (figure.incidents, figure.rate_per_1000) == (50000, Decimal("8.8"))
    assert figure.source_file == "counts.csv"


def test_a_rate_worked_out_does_not_replace_the_published_one(reference, tmp_path):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    counts = write_csv(
        tmp_path / "counts.csv",
        [["Area Code", "Area Name", "2019/20"], ["E23000037", "Gloucestershire", "18304"]],
    )
    longrun.run(counts)
    figure = AsbYearFigure.objects.get(area_kind="force", year_ending_march=2020)
    assert (figure.rate_per_1000, figure.rate_source) == (Decimal("28.89"), longrun.FROM_FILE)
    revised = write_csv(
        tmp_path / "revised.csv",
        [["Area Code", "Area Name", "2019/20"], ["E23000037", "Gloucestershire", "18000"]],
    )
    longrun.run(revised)
    figure.refresh_from_db()
    assert figure.incidents == 18000
    assert figure.rate_source.startswith("incidents per 1,000 of the ONS mid-2019 population")


def test_an_ods_file_reads_as_the_xlsx_does(reference, tmp_path):
    rows = table([["E23000037", "Gloucestershire", 20000, "[x]"], ["msg", "MSG", None, 1200]])
    sheet = exports.Sheet(title="Table 3", columns=rows[0], rows=rows[1:])
    path = tmp_path / "asb.ods"
    path.write_bytes(exports.ods_bytes([sheet]))
    report = longrun.run(path, force_id="gloucestershire")
    assert (report.rows_read, report.rows_loaded) == (2, 2)
    figures = {(f.area_kind, f.year_ending_march): f for f in AsbYearFigure.objects.all()}
    assert figures["force", 2019].incidents == 20000
    assert figures["msg", 2020].rate_per_1000 is None  # a sheet without "per 1,000" counts
    assert figures["msg", 2020].incidents == 1200


# -- hostile files: a named error, and nothing stored -------------------------------------------


def refused(path: Path, match: str, force_id: str | None = "gloucestershire") -> AsbFileError:
    with pytest.raises(AsbFileError, match=match) as caught:
        longrun.run(path, force_id=force_id)
    assert AsbYearFigure.objects.count() == 0
    return caught.value


def test_a_wrong_header_is_refused(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx",
        {"Table_1": [["Force", "Name", *YEARS], ["E23000037", "Gloucestershire", 1, 2]]},
    )
    error = refused(path, "no table found")
    assert str(error).startswith("asb.xlsx: ")


def test_a_column_that_is_not_a_year_is_refused(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx",
        {"Table_1": [["Area code", "Area name", "Apr 2019 to Mar 2020", "Population"]]},
    )
    error = refused(path, "'Population' is not a year ending March")
    assert (error.sheet, error.row, error.column) == ("Table_1", 1, "D (Population)")


def test_text_in_a_number_cell_is_refused_naming_row_and_column(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx",
        {
            "Table_1": table(
                [
                    ["E23000037", "Gloucestershire", 20000, 21000],
                    ["E23000038", "Wiltshire", "about 9,000", 9500],
                ]
            )
        },
    )
    error = refused(path, "text 'about 9,000' where a number was expected")
    assert str(error).startswith(
        "asb.xlsx, sheet 'Table_1', row 5, column C (Apr 2018 to Mar 2019): "
    )


def test_an_area_and_year_given_twice_is_refused(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx",
        {
            "Table_1": table([["E23000037", "Gloucestershire", 20000, 21000]]),
            "Table_2": table([["", "Gloucestershire [note 3]", None, 21000]]),
        },
    )
    error = refused(path, r"given twice \(also at sheet 'Table_1', row 4\)")
    assert (error.sheet, error.row) == ("Table_2", 4)


def test_an_unknown_area_name_is_refused(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx",
        {"Table_1": table([["", "Glostershire", 20000, 21000]])},
    )
    error = refused(path, "area name 'Glostershire' is not a police force area")
    assert (error.row, error.column) == (4, "B (area name)")


def test_an_unknown_area_code_is_refused(reference, tmp_path):
    path = workbook(tmp_path / "asb.xlsx", {"Table_1": table([["E23999999", "Somewhere", 1, 2]])})
    error = refused(path, "area code 'E23999999' is not a police force area")
    assert error.column == "A (area code)"


def test_a_group_row_needs_a_force(reference, tmp_path):
    path = workbook(tmp_path / "asb.xlsx", {"Table_1": table([["msg", "Group", 1, 2]])})
    refused(path, "say which", force_id=None)


def test_a_fractional_count_is_refused(reference, tmp_path):
    path = workbook(
        tmp_path / "asb.xlsx", {"Table_1": table([["E23000037", "Gloucestershire", 1.5, 2]])}
    )
    refused(path, "1.5 is not a count of incidents")


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([], "no table found"),
        ([["Area Code", "Area Name", *YEARS]], "holds no figures"),
        (
            [["Area Code", "Area Name", *YEARS], ["E23000037", "Gloucestershire", "[x]", ""]],
            "holds no figures",
        ),
    ],
)
def test_a_file_that_yields_no_figures_is_refused(reference, tmp_path, rows, match):
    refused(write_csv(tmp_path / "empty.csv", rows), match)


def test_a_bad_row_after_good_ones_stores_nothing(reference, tmp_path):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    before = stored()
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["Area Code", "Area Name", *YEARS],
            ["E23000038", "Wiltshire", "9000", "9500"],
            ["E23000037", "Gloucestershire", "20000", "n.a."],
        ],
    )
    with pytest.raises(AsbFileError, match=r"asb\.csv, row 3, column D"):
        longrun.run(path)
    assert stored() == before


def test_other_file_types_are_refused(reference, tmp_path):
    path = tmp_path / "asb.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    refused(path, r"give an \.xlsx, \.ods or \.csv file")
    fake = tmp_path / "asb.xlsx"
    fake.write_text("Area Code,Area Name\n")
    refused(fake, "not an XLSX workbook")


# -- the Most Similar Group --------------------------------------------------------------------


def test_the_group_line_sums_its_members_incidents_over_their_populations(reference, tmp_path):
    group = ComparisonGroup.objects.get(force__police_uk_id="gloucestershire")
    members = [m.police_uk_id for m in group.members.all()]
    incidents = {member: 10000 + 1000 * i for i, member in enumerate(members)}
    rows = [["Area Code", "Area Name", *YEARS]]
    rows += [
        [m.ons_code, "", incidents[m.police_uk_id], incidents[m.police_uk_id]]
        for m in group.members.all()
    ]
    rows += [["msg", "Most Similar Group", 1, 1]]  # a file's group row gives way to the members
    longrun.run(write_csv(tmp_path / "members.csv", rows), force_id="gloucestershire")
    force = group.force
    series = longrun.longrun_series(force)
    assert series[1].kind == "msg"
    for year in (2019, 2020):
        population = sum(
            ForcePopulation.objects.get(force__police_uk_id=m, year=year - 1).population
            for m in members
        )
        expected = (Decimal(sum(incidents.values())) * 1000 / population).quantize(Decimal("0.001"))
        assert series[1].rates[year] == expected
    assert series[1].incidents[2019] == sum(incidents.values())
    assert "member forces" in series[1].sources[0]


def test_without_members_figures_the_group_line_is_the_files_group_row(reference):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    force = ComparisonGroup.objects.get(force__police_uk_id="gloucestershire").force
    group = longrun.longrun_series(force)[1]
    assert group.label == "Most Similar Group"
    assert group.rates == {2020: Decimal("22.12"), 2023: Decimal("14.56")}


# -- the chart, the summary, the table ----------------------------------------------------------


def test_the_chart_of_the_fixture(reference):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    chart = longrun.longrun_chart("gloucestershire")
    assert chart is not None
    root = svg_root(chart.svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and "Gloucestershire" in (title.text or "")
    assert desc is not None and desc.text == chart.summary
    lines = [p for p in root.iter(f"{SVG}path") if p.get("aria-roledescription") == "line mark"]
    assert len(lines) == 2  # the force and its group: one line each, broken at the gap
    assert chart.columns == [
        "Year ending March",
        "Gloucestershire (per 1,000)",
        "Most Similar Group (per 1,000)",
    ]
    assert chart.rows == [
        ["2020", "28.89", "22.12"],
        ["2021", "not held", "not held"],
        ["2022", "not held", "not held"],
        ["2023", "15.00", "14.56"],
    ]
    assert chart.source.startswith("ONS, police recorded ASB incidents")
    assert chart.source.endswith("(asb-by-pfa-fixture.xlsx)")


def test_the_summary_states_the_published_figures(reference):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    summary = longrun.longrun_chart("gloucestershire").summary
    assert (
        "Gloucestershire: 28.89 in the year ending March 2020 and 15.00 in the year ending "
        "March 2023, a fall of 13.89 per 1,000 (48.1%)."
    ) in summary
    assert "Gloucestershire's recorded incidents went from 18,304 to 9,436 (48.4% fewer)." in (
        summary
    )
    assert (
        "Most Similar Group: 22.12 in the year ending March 2020 and 14.56 in the year ending "
        "March 2023, a fall of 7.56 per 1,000 (34.2%)."
    ) in summary
    assert (
        "Compared with the Most Similar Group, Gloucestershire's rate was 0.44 per 1,000 higher "
        "in the year ending March 2023 and 6.77 per 1,000 higher in the year ending March 2020."
    ) in summary
    assert (
        "No figure is held for Gloucestershire or the Most Similar Group for the years ending "
        "March 2021 and 2022."
    ) in summary
    assert (
        "No figures are held for the South West region and England and Wales, so the chart has "
        "no line for them."
    ) in summary


def test_all_four_lines_and_a_gap_named(reference, tmp_path):
    path = write_csv(
        tmp_path / "rates.csv",
        [
            ["Anti-social behaviour incidents per 1,000 population"],
            ["Area Code", "Area Name", *YEARS, "Apr 2020 to Mar 2021"],
            ["E23000037", "Gloucestershire", "30", "28", "25"],
            ["msg", "Most Similar Group", "26", "24", "22"],
            ["E12000009", "South West", "27", "[x]", "23"],
            ["K04000001", "England and Wales", "35", "32", "30"],
        ],
    )
    longrun.run(path, force_id="gloucestershire")
    chart = longrun.longrun_chart("gloucestershire")
    root = svg_root(chart.svg)
    lines = [p for p in root.iter(f"{SVG}path") if p.get("aria-roledescription") == "line mark"]
    assert len(lines) == 4
    assert [c.split(" (")[0] for c in chart.columns[1:]] == [
        "Gloucestershire",
        "Most Similar Group",
        "South West region",
        "England and Wales",
    ]
    assert chart.rows[1] == ["2020", "28.00", "24.00", "not held", "32.00"]
    assert "No figure is held for the South West region for the year ending March 2020." in (
        chart.summary
    )
    assert (
        "Compared with England and Wales, Gloucestershire's rate was 5.00 per 1,000 lower in the "
        "year ending March 2021 and 5.00 per 1,000 lower in the year ending March 2019."
    ) in chart.summary


def test_the_chart_is_rendered_once_per_data_version(reference, tmp_path):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    first = longrun.longrun_chart("gloucestershire")
    charts = Chart.objects.count()
    assert longrun.longrun_chart("gloucestershire").svg == first.svg
    assert Chart.objects.count() == charts
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["Rates per 1,000 population"],
            ["Area Code", "Area Name", "Apr 2023 to Mar 2024"],
            ["E23000037", "Gloucestershire", "14"],
        ],
    )
    longrun.run(path)
    assert longrun.longrun_chart("gloucestershire").svg != first.svg
    assert Chart.objects.count() == charts + 1


def test_incidents_without_a_population_are_named_not_charted(reference, tmp_path):
    longrun.run(longrun.DEMO_FILE, force_id="gloucestershire")
    path = write_csv(
        tmp_path / "asb.csv",
        [
            ["Area Code", "Area Name", "Apr 2023 to Mar 2024"],
            ["E23000037", "Gloucestershire", "9000"],
        ],
    )
    longrun.run(path)
    chart = longrun.longrun_chart("gloucestershire")
    assert chart.rows[-1][0] == "2023"
    assert (
        "Gloucestershire also has recorded incidents with no population held to make a rate per "
        "1,000, so they are not charted: 9,000 in the year ending March 2024."
    ) in chart.summary


def test_no_chart_without_figures(reference):
    assert longrun.longrun_chart("gloucestershire") is None
    assert longrun.longrun_chart("no-such-force") is None


# -- the command, the regions ------------------------------------------------------------------


def test_the_command_prints_rows_read_loaded_and_skipped(reference):
    out = io.StringIO()
    call_command("load_ons_asb", str(longrun.DEMO_FILE), "--force", "gloucestershire", stdout=out)
    printed = out.getvalue()
    assert "asb-by-pfa-fixture.xlsx: 3 rows read, 3 loaded, 0 skipped." in printed
    assert "Figures: 4 new, 0 changed, 0 unchanged; 6 cells marked unavailable" in printed
    assert "Sheets with no area table (notes, contents): Notes." in printed


def test_the_command_names_the_error_and_stores_nothing(reference, tmp_path):
    path = write_csv(
        tmp_path / "asb.csv",
        [["Area Code", "Area Name", *YEARS], ["", "Atlantis", "1", "2"]],
    )
    with pytest.raises(CommandError, match=r"asb.csv, row 2, column B \(area name\): .*stored"):
        call_command("load_ons_asb", str(path), stdout=io.StringIO())
    assert AsbYearFigure.objects.count() == 0


def test_every_english_force_is_in_the_region_the_home_office_lookup_gives(reference):
    lookup = (
        Path(settings.CRIMEPLAN_SHARED_DATA)
        / "homeoffice-prc-pfa-2017-18-and-lsoa2011-lookups"
        / "lsoa2011_to_la_msoa_police_force_england.csv"
    )
    from crimeplan.geography.models import Force

    short_names = {f.short_name: f.police_uk_id for f in Force.objects.all()}
    seen = {}
    with lookup.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["Police_force"] in short_names:
                seen[short_names[record["Police_force"]]] = record["Region code"]
    assert len(seen) == 39
    assert {k: v for k, v in longrun.FORCE_REGION.items() if v != "W92000004"} == seen
