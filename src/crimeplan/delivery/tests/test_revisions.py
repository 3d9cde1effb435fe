"""Revisions: the change lines computed between two contents, and the revisions an import
and each edit make."""

import pytest

from crimeplan.delivery import planfile, revisions, services
from crimeplan.delivery.models import PlanRevision

from .factories import PLAN_FIXTURE, plan_from_fixture

BEFORE = {
    "name": "Plan",
    "foreword": "<p>Old</p>",
    "golden_threads": ["Trauma informed"],
    "due_regard": ["Equality Act"],
    "glossary": {"CSP": "Community Safety Partnership", "PCC": "Police and Crime Commissioner"},
    "priorities": [
        {
            "code": "CSC",
            "title": "Safer communities",
            "aim": "Less crime",
            "commitments": ["One", "Two"],
            "delivered": ["Lights", {"text": "Cameras", "evidence": "Report"}],
            "next": [{"text": "Survey", "when": "by March 2025"}],
        },
        {"code": "OLD", "title": "Dropped priority"},
    ],
}


def test_no_previous_revision_is_the_first() -> None:
    assert revisions.content_changes(None, BEFORE) == ["First revision of the plan"]


def test_the_same_content_has_no_changes() -> None:
    assert revisions.content_changes(BEFORE, BEFORE) == []


def test_every_kind_of_change_has_its_line() -> None:
    after = {
        "name": "Plan",
        "foreword": "<p>New</p>",
        "golden_threads": ["Trauma informed", "Child friendly"],
        "due_regard": [],
        "glossary": {"CSP": "Community Safety Partnerships", "ASB": "Anti-social behaviour"},
        "priorities": [
            {
                "code": "CSC",
                "title": "Safer and stronger communities",
                "aim": "Much less crime",
                "commitments": ["One", "Three"],
                "delivered": [
                    "Lights",
                    {"text": "Cameras", "evidence": "Report", "references": ["funding:1"]},
                    {"text": "Mediation PCSOs", "references": ["measure:all-crime"]},
                ],
                "next": [],
            },
            {"code": "NEW", "title": "Road safety"},
        ],
    }
    assert revisions.content_changes(BEFORE, after) == [
        "Foreword changed",
        "Golden thread added: Child friendly",
        "Due regard line removed: Equality Act",
        "Glossary: ASB added (Anti-social behaviour)",
        "Glossary: PCC removed",
        "Glossary: CSP changed to Community Safety Partnerships",
        "Priority NEW added: Road safety",
        "Priority OLD removed: Dropped priority",
        "Priority CSC: title changed to Safer and stronger communities",
        "Priority CSC: aim changed",
        "Priority CSC: commitment added: Three",
        "Priority CSC: commitment removed: Two",
        "Priority CSC: delivered item added: Mediation PCSOs",
        "Priority CSC: delivered item changed (references): Cameras",
        "Priority CSC: next item removed: Survey",
    ]


def test_long_text_is_shortened_in_a_line() -> None:
    after = dict(BEFORE, due_regard=["Equality Act", "x" * 200])
    (line,) = revisions.content_changes(BEFORE, after)
    assert line.startswith("Due regard line added: xxx") and line.endswith("…")
    assert len(line) < 120


@pytest.mark.django_db
def test_import_makes_revision_one_that_reads_back_as_the_plan(reference: None) -> None:
    plan = plan_from_fixture()
    (revision,) = PlanRevision.objects.filter(plan=plan)
    assert revision.number == 1
    assert revision.changes == ["First revision of the plan"]
    assert revision.note == f"Imported from {PLAN_FIXTURE.name}"
    assert "actions" not in revision.content
    spec = revisions.content_spec(revision.content, number=1)
    expected = planfile.read_plan_file(PLAN_FIXTURE)
    assert [p.title for p in spec.priorities] == [p.title for p in expected.priorities]
    assert spec.golden_threads == expected.golden_threads


@pytest.mark.django_db
def test_an_edit_that_changes_nothing_makes_no_revision(reference: None) -> None:
    plan = plan_from_fixture()
    services.plan_content_update(
        plan=plan,
        actor=None,
        foreword="",
        foreword_by="",
        introduction="",
        due_regard=[],
        golden_threads=[t.name for t in plan.golden_threads.all()],
        glossary={},
    )
    assert plan.revisions.count() == 1


@pytest.mark.django_db
def test_a_revision_is_never_changed(reference: None) -> None:
    revision = plan_from_fixture().revisions.get()
    revision.note = "rewritten"
    with pytest.raises(PermissionError):
        revision.save()
