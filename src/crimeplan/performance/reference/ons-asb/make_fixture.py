"""Writes asb-by-pfa-fixture.xlsx: the only published ASB figures crimeplan could obtain offline
(Gloucestershire and its Most Similar Group, years ending March 2020 and 2023, as printed in the
Gloucestershire OPCC's plan update 2023/24), in the layout of the ONS table of ASB incidents by
police force area. Run it from the project root:

    .venv/bin/python src/crimeplan/performance/reference/ons-asb/make_fixture.py

See PROVENANCE.md beside it. "[x]" marks a year the plan update does not print.
"""

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "asb-by-pfa-fixture.xlsx"
# The workbook's own dates, fixed so that a rewrite differs in nothing but zip times;
# openpyxl takes them as naive UTC.
WRITTEN = datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC).replace(tzinfo=None)
YEARS = [
    "Apr 2019 to Mar 2020",
    "Apr 2020 to Mar 2021",
    "Apr 2021 to Mar 2022",
    "Apr 2022 to Mar 2023",
]
SOURCE = (
    "Source: ONS, police recorded ASB incidents (rates for the Most Similar Group via iQuanta), "
    "as printed in the ASB table of the performance framework of the Gloucestershire OPCC's "
    "Police and Crime Prevention Plan 2021-25, update 2023/24."
)
NOT_PRINTED = (
    "[x] = not available here: the plan update prints only the years ending March 2020 and 2023. "
    "The region and England and Wales are not included (not obtainable offline)."
)
SHEETS = {
    "Table_1": (
        "Anti-social behaviour incidents recorded by the police, Gloucestershire police force "
        "area, years ending March 2020 to 2023 [note 1]",
        [("E23000037", "Gloucestershire", [18304, "[x]", "[x]", 9436])],
    ),
    "Table_2": (
        "Anti-social behaviour incidents per 1,000 population, Gloucestershire and its Most "
        "Similar Group, years ending March 2020 to 2023 [note 1] [note 2]",
        [
            ("E23000037", "Gloucestershire", [28.89, "[x]", "[x]", 15]),
            ("msg", "Gloucestershire Most Similar Group [note 2]", [22.12, "[x]", "[x]", 14.56]),
        ],
    ),
}
NOTES = [
    ("Note number", "Note text"),
    ("note 1", "Figures as published by the OPCC; see PROVENANCE.md."),
    (
        "note 2",
        "The Most Similar Group row is crimeplan's extension of the ONS layout (code msg): "
        "the ONS table has no such row. Its members are not named in the source.",
    ),
]


def main(output: Path = OUTPUT) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    notes = workbook.create_sheet("Notes")
    for row in NOTES:
        notes.append(list(row))
    for name, (title, rows) in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(["This worksheet contains one table."])
        sheet.append([SOURCE])
        sheet.append([NOT_PRINTED])
        sheet.append(["Area Code", "Area Name", *YEARS])
        for code, area, values in rows:
            sheet.append([code, area, *values])
    workbook.properties.creator = "crimeplan make_fixture.py"
    workbook.properties.created = WRITTEN
    workbook.properties.modified = WRITTEN
    workbook.save(output)
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()
