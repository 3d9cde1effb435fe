"""Plan files: the fixture loads figure by figure, import → export → import gives the same
plan (TOML and spreadsheet), and bad files are refused with their place named, storing nothing."""

import datetime
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.accounts.tests.factories import OrganisationFactory, UserFactory
from crimeplan.core.money import pence_to_pounds, pounds_to_pence
from crimeplan.delivery import planfile, services
from crimeplan.delivery.constants import ItemKind
from crimeplan.delivery.models import Action, FundingItem, Plan
from crimeplan.delivery.planfile import PlanFileError
from crimeplan.geography.models import District

from .factories import PLAN_FIXTURE

pytestmark = pytest.mark.django_db


def fixture_document() -> dict:
    return tomllib.loads(PLAN_FIXTURE.read_text())


def test_fixture_loads_every_priority_commitment_item_and_funding_row(reference: None) -> None:
    plan = services.plan_import(
        spec=planfile.read_plan_file(PLAN_FIXTURE), actor=None, file=PLAN_FIXTURE.name
    )
    document = fixture_document()
    assert plan.slug == "gloucestershire-2021-25"
    assert (plan.term_start, plan.term_end) == (
        datetime.date(2021, 5, 1),
        datetime.date(2025, 3, 1),
    )
    assert [t.name for t in plan.golden_threads.all()] == document["golden_threads"]
    assert [b.name for b in plan.boards.all()] == document["monitored_with"]
    assert plan.scrutinised_by == document["scrutinised_by"]
    for priority, expected in zip(plan.priorities.all(), document["priorities"], strict=True):
        assert (priority.code, priority.title, priority.aim) == (
            expected["code"],
            expected["title"],
            expected["aim"],
        )
        assert [c.text for c in priority.commitments.all()] == expected["commitments"]
        delivered = priority.items.filter(kind=ItemKind.DELIVERED).order_by("position")
        assert [i.text for i in delivered] == expected["delivered"]
    amounts = list(plan.funding.values_list("fund", "round", "years", "bids", "amount_pence"))
    assert amounts == [
        ("Safer Streets Fund", "Round 3", "2021/22", 2, 106147700),
        ("Safer Streets Fund", "Round 4", "2022/23", 3, 203217000),
        ("Safer Streets Fund", "Round 5", "2023-2025", 3, 100000000),
        ("Domestic Abuse Perpetrator Fund", "2023/24", "", None, 44740450),
        ("Domestic Abuse Perpetrator Fund", "2024/25", "", None, 50751800),
    ]


def _with_actions(document: dict) -> dict:
    """The fixture plus actions that use every optional key, so the round trip covers them."""
    owner = OrganisationFactory(slug="cheltenham-csp")
    partner = OrganisationFactory(slug="stroud-csp")
    person = UserFactory(email="owner@example.org")
    cheltenham = District.objects.get(name="Cheltenham")
    document["priorities"][0]["next"] = [
        "Evaluate the mediation PCSOs",
        {
            "text": "Second survey",
            "evidence": "Tender issued",
            "references": ["measure:gloucestershire-2021-25/all-crime", "/voice/"],
            "when": "by March 2025",
        },
        {"text": "Third survey", "when": "in 2026"},
    ]
    document["priorities"][1]["delivered"][0] = {
        "text": "VAWG funding",
        "evidence": "Grant letters",
        "references": ["funding:4", "award:T-00001", "https://example.org/a;b=1"],
    }
    document["foreword"] = "<p>Our <strong>year</strong>; and the next.</p><p>Second.</p>"
    document["foreword_by"] = "The Police and Crime Commissioner"
    document["introduction"] = '<h3>About</h3><p>Read <a href="https://www.gov.uk/">more</a>.</p>'
    document["due_regard"] = [
        "The Strategic Policing Requirement",
        "The Equality Act 2010; the Human Rights Act 1998",
    ]
    document["glossary"] = {
        "CSP": "Community Safety Partnership",
        "VAWG": "Violence against women and girls",
    }
    document["funding"][0]["priority"] = "CSC"
    document["funding"][0]["award_reference"] = "SSF3-001"
    document["actions"] = [
        {
            "priority": "CSC",
            "commitment": 2,
            "title": "Fund CSP projects",
            "description": "Small grants to each CSP.",
            "owner": owner.slug,
            "owner_person": person.email,
            "shared_with": [partner.slug],
            "districts": [cheltenham.code],
            "golden_threads": ["Trauma informed", "Child friendly"],
            "start": datetime.date(2023, 4, 1),
            "due": datetime.date(2024, 3, 31),
            "status": "complete",
            "completed_on": datetime.date(2024, 3, 1),
            "baseline": "0 projects",
            "target": "6 projects",
            "measures": ["all-crime", "burglary"],
            "funding": [1, 4],
            "fictional": True,
            "milestones": [
                {
                    "title": "Round opens",
                    "due": datetime.date(2023, 5, 1),
                    "done": datetime.date(2023, 5, 2),
                },
                {"title": "Awards made", "due": datetime.date(2023, 9, 1)},
            ],
        },
        {
            "priority": "SVRR",
            "commitment": 6,
            "title": "Victims' Code audit",
            "owner": owner.slug,
            "start": datetime.date(2024, 1, 1),
            "due": datetime.date(2025, 1, 1),
            "status": "at_risk",
        },
    ]
    return document


def _db_state(plan: Plan) -> dict:
    """What the database holds for a plan, without ids, to compare two imports."""
    spec = services.plan_spec(plan=plan)
    spec.slug = ""
    return {
        "spec": spec,
        "funding": list(
            FundingItem.objects.filter(plan=plan).values_list(
                "fund", "amount_pence", "priority__code", "award_reference"
            )
        ),
        "actions": [
            (a.title, a.owner_person_id, a.completed_on, sorted(a.measure_ids), a.is_fictional)
            for a in Action.objects.filter(commitment__priority__plan=plan).order_by("title")
        ],
    }


def test_toml_round_trip_gives_the_same_plan(reference: None, tmp_path: Path) -> None:
    document = _with_actions(fixture_document())
    first = services.plan_import(
        spec=planfile.spec_from_document(document, file="in.toml", slug="first"), actor=None
    )
    exported = planfile.toml_bytes(services.plan_spec(plan=first))
    second_spec = planfile.spec_from_document(tomllib.loads(exported.decode()), file="out.toml")
    assert second_spec.slug == "first"
    second_spec.slug = "second"
    second = services.plan_import(spec=second_spec, actor=None)
    assert _db_state(second) == _db_state(first)
    # And exporting the re-import gives the same file, byte for byte but for the slug.
    again = planfile.toml_bytes(services.plan_spec(plan=second)).decode()
    assert again.replace('slug = "second"', 'slug = "first"') == exported.decode()
    assert FundingItem.objects.get(plan=second, round="2023/24").amount_pence == 44740450


def test_spreadsheet_round_trip_gives_the_same_plan(reference: None, tmp_path: Path) -> None:
    document = _with_actions(fixture_document())
    first = services.plan_import(
        spec=planfile.spec_from_document(document, file="in.toml", slug="first"), actor=None
    )
    path = tmp_path / "second.xlsx"
    path.write_bytes(planfile.xlsx_bytes(services.plan_spec(plan=first)))
    spec = planfile.read_plan_file(path)
    assert spec.slug == "first"  # the file's own slug wins over its name
    spec.slug = "second"
    second = services.plan_import(spec=spec, actor=None)
    assert _db_state(second) == _db_state(first)


def test_cli_import_then_export(reference: None, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("delivery", "import", str(PLAN_FIXTURE))
    output = tmp_path / "out.toml"
    call_command("delivery", "export", "--plan", "gloucestershire-2021-25", "--output", str(output))
    exported = tomllib.loads(output.read_text())
    original = fixture_document()
    for key in ("name", "force", "term_start", "term_end", "golden_threads", "monitored_with"):
        assert exported[key] == original[key]
    assert exported["funding"] == original["funding"]
    assert [p["commitments"] for p in exported["priorities"]] == [
        p["commitments"] for p in original["priorities"]
    ]
    with pytest.raises(CommandError, match="already exists"):
        call_command("delivery", "import", str(PLAN_FIXTURE))


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [
        (lambda d: d["priorities"][2].update(code="syc"), "priorities[3]", "code"),
        (lambda d: d["funding"][3].update(amount=447404.505), "funding[4]", "amount"),
        (lambda d: d["funding"][0].update(amount="lots"), "funding[1]", "amount"),
        (lambda d: d["funding"][1].update(priority="XYZ"), "funding[2]", "priority"),
        (lambda d: d.update(term_start="2021-13"), "plan", "term_start"),
        (lambda d: d.update(colour="blue"), "plan", "colour"),
        (lambda d: d.update(glossary=["CSP"]), "plan", "glossary"),
        (lambda d: d.update(glossary={"CSP": 3}), "plan", "glossary.CSP"),
        (lambda d: d.update(due_regard=["Equality Act", ""]), "plan", "due_regard"),
        (lambda d: d.update(due_regard=["Equality Act", "Equality Act"]), "plan", "due_regard"),
        (
            lambda d: d["priorities"][0]["next"][1].update(references=["wibble"]),
            "priorities[1], next[2]",
            "references",
        ),
        (
            lambda d: d["priorities"][0]["next"][1].update(references=["funding:first"]),
            "priorities[1], next[2]",
            "references",
        ),
        (
            lambda d: d["priorities"][0]["next"][1].update(colour="red"),
            "priorities[1], next[2]",
            "colour",
        ),
        (lambda d: d["priorities"][0]["next"].append(7), "priorities[1]", "next"),
        (
            lambda d: d["priorities"][0]["next"][2].update(when="x" * 101),
            "priorities[1], next[3]",
            "when",
        ),
        (lambda d: d["actions"][0].update(status="green"), "actions[1]", "status"),
        (lambda d: d["actions"][0].update(commitment=8), "actions[1]", "commitment"),
        (lambda d: d["actions"][1].update(due=datetime.date(2023, 1, 1)), "actions[2]", "due"),
        (lambda d: d["actions"][0].update(golden_threads=["Gold"]), "actions[1]", "golden_threads"),
        (lambda d: d["actions"][0].update(funding=[9]), "actions[1]", "funding"),
        (lambda d: d["actions"][0]["milestones"][1].pop("due"), "actions[1], milestones[2]", "due"),
        (lambda d: d["actions"][0].update(owner="no-such-org"), "actions[1]", "owner"),
        (
            lambda d: d["actions"][1].update(owner_person="x@example.org"),
            "actions[2]",
            "owner_person",
        ),
        (lambda d: d["actions"][1].update(districts=["E99999999"]), "actions[2]", "districts"),
    ],
)
def test_a_bad_file_names_its_place_and_stores_nothing(
    reference: None, change, where, field
) -> None:  # type: ignore[no-untyped-def]
    document = _with_actions(fixture_document())
    change(document)
    with pytest.raises(PlanFileError) as caught:
        spec = planfile.spec_from_document(document, file="bad.toml", slug="bad")
        services.plan_import(spec=spec, actor=None, file="bad.toml")
    assert (caught.value.file, caught.value.where, caught.value.field) == ("bad.toml", where, field)
    assert str(caught.value).startswith(f"bad.toml: {where}: {field}: ")
    assert not Plan.objects.exists()


def test_a_bad_spreadsheet_row_is_named_by_sheet_and_row(reference: None, tmp_path: Path) -> None:
    import openpyxl

    document = _with_actions(fixture_document())
    plan = services.plan_import(
        spec=planfile.spec_from_document(document, file="in.toml", slug="first"), actor=None
    )
    path = tmp_path / "plan.xlsx"
    path.write_bytes(planfile.xlsx_bytes(services.plan_spec(plan=plan)))
    workbook = openpyxl.load_workbook(path)
    workbook["Actions"]["M3"] = "sideways"  # the second action's status
    workbook.save(path)
    with pytest.raises(
        PlanFileError, match=r"plan.xlsx: sheet Actions, row 3: status: must be one of"
    ):
        planfile.read_plan_file(path, slug="other")


@given(st.integers(min_value=0, max_value=10**13))
def test_pence_survive_the_round_trip_through_pounds(pence: int) -> None:
    assert pounds_to_pence(pence_to_pounds(pence)) == pence
    assert pounds_to_pence(str(pence_to_pounds(pence))) == pence


def test_amounts_with_part_pence_or_negative_are_refused() -> None:
    for amount in (0.001, "12.345", -5, True):
        with pytest.raises(ValueError):
            pounds_to_pence(amount)
    assert pounds_to_pence("£1,061,477") == 106147700


def test_the_new_keys_survive_both_round_trips_exactly(reference: None, tmp_path: Path) -> None:
    document = _with_actions(fixture_document())
    plan = services.plan_import(
        spec=planfile.spec_from_document(document, file="in.toml", slug="first"), actor=None
    )
    plan.refresh_from_db()
    assert plan.foreword == document["foreword"]
    assert plan.glossary == document["glossary"]
    assert plan.due_regard == document["due_regard"]
    item = plan.priorities.get(code="CSC").items.get(text="Second survey")
    assert (item.references, item.when) == (
        ["measure:gloucestershire-2021-25/all-crime", "/voice/"],
        "by March 2025",
    )
    spec = services.plan_spec(plan=plan)
    from_toml = planfile.spec_from_document(
        tomllib.loads(planfile.toml_bytes(spec).decode()), file="out.toml"
    )
    path = tmp_path / "out.xlsx"
    path.write_bytes(planfile.xlsx_bytes(spec))
    from_xlsx = planfile.read_plan_file(path)
    for read in (from_toml, from_xlsx):
        assert read.foreword == spec.foreword
        assert read.introduction == spec.introduction
        assert read.foreword_by == spec.foreword_by
        assert read.due_regard == spec.due_regard
        assert read.glossary == spec.glossary
        assert read.priorities == spec.priorities


def test_a_foreword_with_a_script_is_cleaned_on_import(reference: None) -> None:
    document = fixture_document() | {"foreword": "<p>Hi<script>x()</script></p>"}
    plan = services.plan_import(
        spec=planfile.spec_from_document(document, file="in.toml", slug="clean"), actor=None
    )
    assert plan.foreword == "<p>Hi</p>"


def test_a_bad_glossary_row_is_named_by_sheet_and_row(reference: None, tmp_path: Path) -> None:
    import openpyxl

    plan = services.plan_import(
        spec=planfile.spec_from_document(
            _with_actions(fixture_document()), file="in.toml", slug="first"
        ),
        actor=None,
    )
    path = tmp_path / "plan.xlsx"
    path.write_bytes(planfile.xlsx_bytes(services.plan_spec(plan=plan)))
    workbook = openpyxl.load_workbook(path)
    workbook["Glossary"]["B3"] = None
    workbook["Items"]["E2"] = "award:"
    workbook.save(path)
    with pytest.raises(PlanFileError, match=r"sheet Glossary, row 3: expansion: is required"):
        planfile.read_plan_file(path, slug="other")
    workbook["Glossary"]["B3"] = "Violence against women and girls"
    workbook.save(path)
    with pytest.raises(
        PlanFileError, match=r"sheet Items, row 2: references: 'award:' names no award"
    ):
        planfile.read_plan_file(path, slug="other")
