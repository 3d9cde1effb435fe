"""Custody visiting issues and panel actions as findings for the recommendations tracker:
what the module holds, what its services announce (only once their transaction commits), and
that no text typed about a detainee, an officer or a case reaches a finding."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.core.findings import Finding, finding_announced
from crimeplan.core.tests.strategies import typed_text

from .. import findings, services
from ..constants import ActionStatus
from ..models import PanelAction, VisitIssue
from .factories import PanelFactory, SiteFactory, VisitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def announced():  # type: ignore[no-untyped-def]
    """Every finding announced while the test runs, with its sender."""
    heard: list[tuple[str, Finding]] = []

    def receive(sender: str, finding: Finding, **kwargs: object) -> None:
        heard.append((sender, finding))

    finding_announced.connect(receive, weak=False, dispatch_uid="scrutiny-findings-test")
    yield heard
    finding_announced.disconnect(dispatch_uid="scrutiny-findings-test")


@pytest.fixture
def force():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.CONSTABULARY, name="Severn Constabulary")


@pytest.fixture
def visit(force):  # type: ignore[no-untyped-def]
    return VisitFactory(site=SiteFactory(name="Riverside custody suite", organisation=force))


def _raise(visit, description="Cell 4's call bell did not work."):  # type: ignore[no-untyped-def]
    return services.issue_raise(
        visit=visit,
        category="conditions",
        description=description,
        raised_with_custody_officer=True,
        actor=None,
    )


def _add_action(panel, owner="Head of criminal justice", description="Remind officers."):  # type: ignore[no-untyped-def]
    return services.action_add(
        panel=panel,
        meeting=None,
        description=description,
        owner=owner,
        due_on=D(2025, 9, 30),
        actor=None,
    )


def test_the_module_declares_its_findings_function() -> None:
    config = apps.get_app_config("scrutiny")
    assert config.findings == "crimeplan.scrutiny.findings.all_findings"


def test_an_issue_is_a_finding_for_the_sites_constabulary(visit, force) -> None:  # type: ignore[no-untyped-def]
    issue = _raise(visit)
    services.issue_respond(issue=issue, response="Repaired.", resolved=True, actor=None)
    assert findings.all_findings() == [
        Finding(
            source="custody_visiting",
            key=str(issue.pk),
            title="Conditions and facilities issue raised on the visit to Riverside custody "
            "suite on 14 June 2025",
            url=f"/scrutiny/visits/{visit.pk}/",
            owner_id=force.pk,
            done_on=timezone.localdate(),
        )
    ]


def test_an_action_is_a_finding_owned_by_the_organisation_it_names(force) -> None:  # type: ignore[no-untyped-def]
    panel = PanelFactory(name="Use of force panel")
    first = _add_action(panel)
    second = _add_action(panel, owner="severn constabulary ")
    third = _add_action(panel)
    services.action_close(action=second, status=ActionStatus.DONE, note="", actor=None)
    services.action_close(action=third, status=ActionStatus.DROPPED, note="", actor=None)
    common = {"source": "scrutiny_panel", "url": f"/scrutiny/panels/{panel.pk}/"}
    due = {"due_on": D(2025, 9, 30)}
    assert findings.all_findings() == [
        Finding(key=str(first.pk), title="Use of force panel: action 1 due 30 September 2025",
                **common, **due),
        Finding(key=str(second.pk), title="Use of force panel: action 2 due 30 September 2025",
                owner_id=force.pk, done_on=timezone.localdate(), **common, **due),
        Finding(key=str(third.pk), title="Use of force panel: action 3 due 30 September 2025",
                withdrawn=True, **common, **due),
    ]  # fmt: skip


def test_the_services_announce_each_change(
    visit, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    panel = PanelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        issue = _raise(visit)
        action = _add_action(panel)
    assert announced == [("scrutiny", f) for f in findings.all_findings()]
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_respond(issue=issue, response="Repaired.", resolved=True, actor=None)
        services.action_close(action=action, status=ActionStatus.DONE, note="", actor=None)
    assert announced[2:] == [("scrutiny", f) for f in findings.all_findings()]
    assert all(f.done_on == timezone.localdate() for _, f in announced[2:])
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_erase(issue=issue, actor=None, reason="after the retention period")
        panel.name = "Renamed panel"
        services.panel_save(panel=panel, actor=None)
    assert [f.title for _, f in announced[4:]] == [f.title for f in findings.all_findings()]
    assert announced[-1][1].title.startswith("Renamed panel: action 1")


def test_a_change_rolled_back_announces_nothing(
    visit, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _raise(visit)
        _add_action(PanelFactory())
        raise RuntimeError("the request failed after the service")
    assert announced == [] and callbacks == []
    assert not VisitIssue.objects.exists() and not PanelAction.objects.exists()


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    description=typed_text(min_size=1, max_size=80),
    response=typed_text(min_size=1, max_size=80),
    owner=typed_text(min_size=1, max_size=40),
)
def test_no_typed_text_reaches_a_finding(
    visit, announced, django_capture_on_commit_callbacks, description, response, owner
) -> None:  # type: ignore[no-untyped-def]
    """The issue's texts are personal; the action's description and owner are not declared
    so, but are written about cases: none is copied. A marker begins each text so that any
    copy of it, whole or cut, shows."""
    description, response = f"PERSONAL-D {description}", f"PERSONAL-R {response}"
    owner = f"PERSONAL-O {owner}"
    announced.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issue = _raise(visit, description=description)
        services.issue_respond(issue=issue, response=response, resolved=False, actor=None)
        _add_action(PanelFactory(), owner=owner, description=description)
    assert len(announced) == 3
    for finding in [*findings.all_findings(), *(f for _, f in announced)]:
        for value in (description, response, owner.strip(), "PERSONAL"):
            assert value not in finding.title
            assert value not in finding.url
