"""The shipped offence-code → measure mapping, analysts' edits, and mapping files."""

import csv
import datetime
import io
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.crime_data import offence_measures
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.models import ImportRun, OffenceMeasure, RecordedCrime
from crimeplan.crime_data.offence_measures import (
    MeasureDefinition,
    OffenceMeasureFileError,
)
from crimeplan.geography.models import Force

PRC_FILE = (
    Path(settings.CRIMEPLAN_SHARED_DATA)
    / "homeoffice-prc-pfa-2017-18-and-lsoa2011-lookups"
    / "prc_pfa_2017_18_by_quarter_offence_code.csv"
)
FRAUD_BODIES = {"Action Fraud", "CIFAS", "UK Finance", "Financial Fraud Action UK"}
# Measures that copy a column of the file: (column, the values it takes).
GROUPINGS = {
    "homicide": ("Offence_Subgroup", {"Homicide"}),
    "violence-against-the-person": ("Offence_Group", {"Violence against the person"}),
    "violence-with-injury": ("Offence_Subgroup", {"Violence with injury"}),
    "violence-without-injury": ("Offence_Subgroup", {"Violence without injury"}),
    "stalking-and-harassment": ("Offence_Subgroup", {"Stalking and harassment"}),
    "sexual-offences": ("Offence_Group", {"Sexual offences"}),
    "rape": ("Offence_Subgroup", {"Rape offences"}),
    "other-sexual-offences": ("Offence_Subgroup", {"Other sexual offences"}),
    "robbery": ("Offence_Group", {"Robbery"}),
    "theft-offences": ("Offence_Group", {"Theft offences"}),
    "burglary": ("Offence_Subgroup", {"Domestic burglary", "Non-domestic burglary"}),
    "burglary-residential": ("Offence_Subgroup", {"Domestic burglary"}),
    "burglary-business-and-community": ("Offence_Subgroup", {"Non-domestic burglary"}),
    "vehicle-offences": (
        "Offence_Subgroup",
        {"Theft from a vehicle", "Theft of a motor vehicle", "Vehicle interference"},
    ),
    "theft-of-a-motor-vehicle": ("Offence_Subgroup", {"Theft of a motor vehicle"}),
    "theft-from-a-vehicle": ("Offence_Subgroup", {"Theft from a vehicle"}),
    "theft-from-the-person": ("Offence_Subgroup", {"Theft from the person"}),
    "bicycle-theft": ("Offence_Subgroup", {"Bicycle theft"}),
    "shoplifting": ("Offence_Subgroup", {"Shoplifting"}),
    "other-theft-offences": ("Offence_Subgroup", {"Other theft offences"}),
    "criminal-damage-and-arson": ("Offence_Group", {"Criminal damage and arson"}),
    "drug-offences": ("Offence_Group", {"Drug offences"}),
    "possession-of-weapons": ("Offence_Group", {"Possession of weapons offences"}),
    "public-order-offences": ("Offence_Group", {"Public order offences"}),
    "miscellaneous-crimes-against-society": ("Offence_Group", {"Miscellaneous crimes"}),
}
REQUIRED_SLUGS = {
    "homicide", "most-serious-violence", "violence-against-the-person", "violence-with-injury",
    "violence-without-injury", "stalking-and-harassment", "sexual-offences", "rape",
    "racially-or-religiously-aggravated", "robbery", "burglary-residential", "vehicle-offences",
    "theft-from-the-person", "shoplifting", "criminal-damage-and-arson", "drug-offences",
    "possession-of-weapons", "public-order-offences",
}  # fmt: skip


def file_rows() -> list[dict[str, str]]:
    with PRC_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shipped() -> dict[str, dict[str, object]]:
    with offence_measures.SHIPPED_FILE.open("rb") as handle:
        measures: dict[str, dict[str, object]] = tomllib.load(handle)["measures"]
    return measures


def codes_of(slug: str) -> set[str]:
    codes = shipped()[slug]["offence_codes"]
    assert isinstance(codes, list)
    return set(codes)


def test_every_shipped_code_is_in_the_real_file() -> None:
    in_file = {row["Offence_Code"] for row in file_rows()}
    for slug, entry in shipped().items():
        codes = entry["offence_codes"]
        assert isinstance(codes, list) and codes, slug
        assert len(codes) == len(set(codes)), slug
        assert set(codes) <= in_file, (slug, set(codes) - in_file)
        assert isinstance(entry["source"], str) and len(entry["source"]) > 20, slug
        assert isinstance(entry["name"], str) and entry["name"], slug
    assert set(shipped()) >= REQUIRED_SLUGS


def test_measures_that_copy_a_column_of_the_file_copy_all_of_it() -> None:
    rows = file_rows()
    for slug, (column, values) in GROUPINGS.items():
        expected = {row["Offence_Code"] for row in rows if row[column] in values}
        assert codes_of(slug) == expected, slug


def test_all_crime_is_every_code_but_fraud_and_aggravated_is_every_aggravated_code() -> None:
    rows = file_rows()
    assert codes_of("all-crime") == {
        row["Offence_Code"] for row in rows if row["Force_Name"] not in FRAUD_BODIES
    }
    assert {row["Offence_Code"] for row in rows if row["Offence_Group"] == "Fraud offences"} == {
        row["Offence_Code"] for row in rows if row["Force_Name"] in FRAUD_BODIES
    }
    aggravated = {
        row["Offence_Code"]
        for row in rows
        if row["Offence_Description"].startswith("Racially or religiously aggravated")
    }
    assert codes_of("racially-or-religiously-aggravated") == aggravated
    assert len(aggravated) == 5


def test_most_serious_violence_is_homicide_and_the_gravest_violence_with_injury() -> None:
    descriptions = {row["Offence_Code"]: row["Offence_Description"] for row in file_rows()}
    chosen = codes_of("most-serious-violence")
    assert codes_of("homicide") <= chosen
    assert chosen - codes_of("homicide") <= codes_of("violence-with-injury")
    assert {descriptions[c] for c in {"2", "5D", "5E"}} <= {descriptions[c] for c in chosen}
    assert not {"8N", "8P", "8S"} & chosen  # assault with injury is not the most serious


@pytest.fixture
def recorded(reference: None) -> set[str]:
    """A RecordedCrime row for each shipped code, so that they count as known."""
    run = ImportRun.objects.create(kind=ImportKind.RECORDED_CRIME, status=ImportStatus.SUCCEEDED)
    force = Force.objects.get(police_uk_id="gloucestershire")
    codes = codes_of("all-crime")
    for code in codes:
        RecordedCrime.objects.create(
            force=force, financial_year="2017/18", quarter=1, offence_code=code,
            offence_description=f"Offence {code}", count=1, import_run=run,
        )  # fmt: skip
    return codes


def test_sync_creates_the_shipped_measures_once(reference: None) -> None:
    report = offence_measures.offence_measures_sync(actor=None)
    assert sorted(report.created) == sorted(shipped())
    measure = OffenceMeasure.objects.get(slug="stalking-and-harassment")
    assert measure.offence_codes == ["8L", "8M", "8Q", "8R"]
    assert measure.source.startswith('Offence_Subgroup "Stalking and harassment"')
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="crime_data.OffenceMeasure",
        object_id=str(measure.pk),
    ).exists()
    again = offence_measures.offence_measures_sync(actor=None)
    assert (again.created, again.kept) == ([], [])
    assert sorted(again.unchanged) == sorted(shipped())


def test_sync_keeps_a_measure_an_analyst_changed(recorded: set[str]) -> None:
    offence_measures.offence_measures_sync(actor=None)
    analyst = UserFactory()
    measure = OffenceMeasure.objects.get(slug="stalking-and-harassment")
    offence_measures.offence_measure_update(
        measure=measure, offence_codes=["8L", "8Q"], name="Stalking and harassment", actor=analyst
    )
    report = offence_measures.offence_measures_sync(actor=None)
    assert report.kept == ["stalking-and-harassment"]
    assert OffenceMeasure.objects.get(slug="stalking-and-harassment").offence_codes == ["8L", "8Q"]


def test_update_checks_codes_and_audits_before_and_after(recorded: set[str]) -> None:
    offence_measures.offence_measures_sync(actor=None)
    analyst = UserFactory()
    measure = OffenceMeasure.objects.get(slug="stalking-and-harassment")
    with pytest.raises(ValidationError) as caught:
        offence_measures.offence_measure_update(
            measure=measure, offence_codes=["8L", "8X", "9Z"], name="S&H", actor=analyst
        )
    assert "Unknown offence codes: 8X, 9Z" in str(caught.value)
    with pytest.raises(ValidationError, match="Listed twice: 8L"):
        offence_measures.offence_measure_update(
            measure=measure, offence_codes=["8L", "8L"], name="S&H", actor=analyst
        )
    with pytest.raises(ValidationError, match="at least one"):
        offence_measures.offence_measure_update(
            measure=measure, offence_codes=[], name="S&H", actor=analyst
        )
    assert OffenceMeasure.objects.get(pk=measure.pk).offence_codes == ["8L", "8M", "8Q", "8R"]

    updated = offence_measures.offence_measure_update(
        measure=measure, offence_codes=["8L", "8Q", "8R"], name="Stalking and harassment "
        "(without aggravated harassment)", actor=analyst, source="Edited: 8M counted elsewhere",
    )  # fmt: skip
    assert updated.offence_codes == ["8L", "8Q", "8R"]
    event = AuditEvent.objects.get(
        action=AuditAction.CHANGE,
        object_type="crime_data.OffenceMeasure",
        object_id=str(measure.pk),
    )
    assert event.actor == analyst
    assert event.before is not None and event.after is not None
    assert event.before["offence_codes"] == ["8L", "8M", "8Q", "8R"]
    assert event.after["offence_codes"] == ["8L", "8Q", "8R"]
    assert event.after["source"] == "Edited: 8M counted elsewhere"


def test_export_and_load_round_trip(recorded: set[str], tmp_path: Path) -> None:
    offence_measures.offence_measures_sync(actor=None)
    path = tmp_path / "measures.toml"
    assert offence_measures.offence_measures_export(path=path) == len(shipped())
    exported = {d.slug: d for d in offence_measures.read_definitions(path)}
    assert exported == {m.slug: MeasureDefinition.of(m) for m in OffenceMeasure.objects.all()}
    report = offence_measures.offence_measures_load(path=path, actor=None)
    assert (report.created, report.updated) == ([], [])
    assert sorted(report.unchanged) == sorted(shipped())


def test_load_replaces_named_measures_and_checks_codes(recorded: set[str], tmp_path: Path) -> None:
    offence_measures.offence_measures_sync(actor=None)
    analyst = UserFactory()
    path = tmp_path / "edited.toml"
    path.write_text(
        "[measures.stalking-and-harassment]\n"
        'name = "Stalking"\n'
        'offence_codes = ["8Q"]\n'
        'source = "Edited: stalking only"\n'
        "\n"
        "[measures.shop-theft]\n"
        'name = "Shop theft"\n'
        'offence_codes = ["46"]\n'
        "disabled_on = 2024-04-01\n",
        encoding="utf-8",
    )
    report = offence_measures.offence_measures_load(path=path, actor=analyst)
    assert (report.created, report.updated) == (["shop-theft"], ["stalking-and-harassment"])
    stalking = OffenceMeasure.objects.get(slug="stalking-and-harassment")
    assert (stalking.name, stalking.offence_codes, stalking.source) == (
        "Stalking", ["8Q"], "Edited: stalking only",
    )  # fmt: skip
    assert OffenceMeasure.objects.get(slug="shop-theft").disabled_on == datetime.date(2024, 4, 1)
    assert OffenceMeasure.objects.get(slug="homicide").offence_codes == ["1/4.1/4.10/4.2"]
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(stalking.pk))
    assert change.before is not None and change.before["name"] == "Stalking and harassment"

    path.write_text(
        '[measures.homicide]\nname = "Homicide"\noffence_codes = ["1", "4.1"]\n', encoding="utf-8"
    )
    with pytest.raises(OffenceMeasureFileError) as caught:
        offence_measures.offence_measures_load(path=path, actor=analyst)
    assert str(caught.value) == (
        f"{path}, measure 'homicide': Unknown offence codes: 1, 4.1. They are not in the Home "
        "Office recorded crime loaded (`crimeplan import-recorded-crime` loads it)."
    )
    assert OffenceMeasure.objects.get(slug="homicide").offence_codes == ["1/4.1/4.10/4.2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[measures.Bad_Slug]\nname = 'x'\noffence_codes = ['8L']\n", "measure 'Bad_Slug': a"),
        ("[measures.x]\noffence_codes = ['8L']\n", "measure 'x', key 'name': give some text"),
        ("[measures.x]\nname = 'x'\noffence_codes = []\n", "key 'offence_codes': give a list"),
        ("[measures.x]\nname = 'x'\noffence_codes = ['8L', '8L']\n", "listed twice: 8L"),
        ("[measures.x]\nname = 'x'\noffence_codes = ['8L']\ncodes = 1\n", "unknown keys: codes"),
        ("[measures.x]\nname = 'x'\noffence_codes = ['8L']\ndisabled_on = 'soon'\n", "a date"),
        ("[measures.x]\nname = 'x'\noffence_codes = [8]\n", "8 is not an offence code"),
        ("[measure.x]\nname = 'x'\n", "no [measures.<slug>] tables"),
        ("[measures.x\n", "not a valid TOML file"),
    ],
)
def test_a_bad_mapping_file_names_the_file_measure_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OffenceMeasureFileError) as caught:
        offence_measures.read_definitions(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_written_toml_reads_back_whatever_the_text_holds() -> None:
    definitions = [
        MeasureDefinition(
            slug="odd-text",
            name='Quotes " and \\ backslash, tab\t, newline\n, DEL \x7f, é and \u2019',
            offence_codes=tuple(f"C{n}" for n in range(23)),
            source='Line one\nLine two "quoted"\x01',
            disabled_on=datetime.date(2025, 1, 31),
        ),
        MeasureDefinition(slug="plain", name="Plain", offence_codes=("8L",), source=""),
    ]
    text = offence_measures.definitions_toml(definitions)
    raw = tomllib.loads(text)["measures"]
    assert list(raw) == ["odd-text", "plain"]
    assert raw["odd-text"]["name"] == definitions[0].name
    assert raw["odd-text"]["source"] == definitions[0].source
    assert raw["odd-text"]["offence_codes"] == list(definitions[0].offence_codes)
    assert raw["odd-text"]["disabled_on"] == datetime.date(2025, 1, 31)


def test_the_command_syncs_exports_and_loads(recorded: set[str], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("offence_measures", "sync", stdout=out)
    assert f"{len(shipped())} created" in out.getvalue()
    path = tmp_path / "measures.toml"
    out = io.StringIO()
    call_command("offence_measures", "export", str(path), stdout=out)
    assert f"{len(shipped())} offence measures written to {path}" in out.getvalue()
    path.write_text(
        '[measures.shoplifting]\nname = "Theft from shops"\noffence_codes = ["46"]\n'
        'source = "Offence_Subgroup \\"Shoplifting\\"."\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("offence_measures", "load", str(path), stdout=out)
    assert "0 created, 1 updated" in out.getvalue()
    assert OffenceMeasure.objects.get(slug="shoplifting").name == "Theft from shops"
    with pytest.raises(CommandError, match="file not found"):
        call_command("offence_measures", "load", str(tmp_path / "absent.toml"))
