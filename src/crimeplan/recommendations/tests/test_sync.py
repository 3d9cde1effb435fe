"""Findings announced by the modules (crimeplan.core.findings) become recommendations: one
upsert for the announcement and the full re-sync alike, the module's fields following the
module and the tracker's own fields never overwritten."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.audit.models import AuditEvent
from crimeplan.core.findings import Finding, announce
from crimeplan.delivery.tests.factories import ActionFactory

from .. import sync
from ..constants import WITHDRAWN_REASON, ClosingDecision, Priority, Source, Status
from ..models import Recommendation

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 1, 31)


def _finding(owner_id: int | None, **changes: object) -> Finding:
    values: dict[str, object] = {
        "source": Source.COMPLAINT_REVIEW,
        "key": "12",
        "title": "Complaint review CR-2026-0012, recommendation 1",
        "url": "/complaint-reviews/12/",
        "owner_id": owner_id,
        "due_on": DUE,
    }
    return Finding(**(values | changes))  # type: ignore[arg-type]


def _events() -> int:
    return AuditEvent.objects.filter(object_type="recommendations.Recommendation").count()


def test_an_announcement_creates_the_recommendation_and_audits_it() -> None:
    force = OrganisationFactory(name="The constabulary")
    announce(_finding(force.pk), sender="complaint_reviews")
    item = Recommendation.objects.get()
    assert (item.source, item.source_key, item.title) == (
        "complaint_review",
        "12",
        "Complaint review CR-2026-0012, recommendation 1",
    )
    assert (item.owner, item.due_on, item.origin_url, item.status) == (
        force,
        DUE,
        "/complaint-reviews/12/",
        Status.OPEN,
    )
    event = AuditEvent.objects.get(object_type="recommendations.Recommendation")
    assert event.actor is None and event.organisation_id == force.pk
    assert item.history.count() == 1


def test_module_fields_follow_the_module_and_tracker_fields_stay() -> None:
    force, council = OrganisationFactory(), OrganisationFactory()
    assert sync.finding_apply(finding=_finding(force.pk)) == sync.CREATED
    item = Recommendation.objects.get()
    action = ActionFactory()
    item.priority = Priority.HIGH
    item.action = action
    item.plan_priority = action.commitment.priority
    item.is_public = True
    item.public_summary = "Being answered."
    item.save()

    later = datetime.date(2027, 6, 30)
    changed = _finding(council.pk, title="Renamed", url="/complaint-reviews/12/b/", due_on=later)
    assert sync.finding_apply(finding=changed) == sync.UPDATED
    item.refresh_from_db()
    assert (item.title, item.origin_url, item.owner, item.due_on) == (
        "Renamed",
        "/complaint-reviews/12/b/",
        council,
        later,
    )
    assert (item.priority, item.action, item.plan_priority) == (
        Priority.HIGH,
        action,
        action.commitment.priority,
    )
    assert item.is_public and item.public_summary == "Being answered."


def test_the_same_finding_again_changes_nothing() -> None:
    force = OrganisationFactory()
    sync.finding_apply(finding=_finding(force.pk))
    before = (_events(), Recommendation.history.count())
    assert sync.finding_apply(finding=_finding(force.pk)) == sync.UNCHANGED
    assert (_events(), Recommendation.history.count()) == before


def test_done_in_the_module_awaits_the_opccs_closure() -> None:
    force = OrganisationFactory()
    sync.finding_apply(finding=_finding(force.pk))
    done = _finding(force.pk, done_on=datetime.date(2026, 11, 1))
    assert sync.finding_apply(finding=done) == sync.UPDATED
    item = Recommendation.objects.get()
    assert item.status == Status.DONE
    update = item.updates.get()
    assert (update.status_from, update.status_to, update.by) == (Status.OPEN, Status.DONE, None)
    assert sync.finding_apply(finding=done) == sync.UNCHANGED


def test_a_closed_item_stays_closed_whatever_the_module_says() -> None:
    force = OrganisationFactory()
    sync.finding_apply(finding=_finding(force.pk))
    item = Recommendation.objects.get()
    item.status, item.closing_decision = Status.CLOSED, ClosingDecision.NOT_ACCEPTED
    item.closed_on = datetime.date(2026, 11, 2)
    item.save()
    sync.finding_apply(finding=_finding(force.pk, done_on=datetime.date(2026, 11, 3)))
    sync.finding_apply(finding=_finding(force.pk, withdrawn=True))
    item.refresh_from_db()
    assert (item.status, item.closing_decision) == (Status.CLOSED, ClosingDecision.NOT_ACCEPTED)


def test_withdrawn_closes_it_as_superseded() -> None:
    force = OrganisationFactory()
    sync.finding_apply(finding=_finding(force.pk))
    sync.finding_apply(finding=_finding(force.pk, withdrawn=True))
    item = Recommendation.objects.get()
    assert (item.status, item.closing_decision, item.closing_reason) == (
        Status.CLOSED,
        ClosingDecision.SUPERSEDED,
        WITHDRAWN_REASON,
    )
    assert item.closed_on == datetime.date(2026, 11, 18)
    # The reason is declared personal: never in the audit trail.
    for event in AuditEvent.objects.filter(object_type="recommendations.Recommendation"):
        assert "closing_reason" not in (event.after or {})


def test_a_withdrawn_finding_held_again_is_reopened_but_an_opcc_closure_stays() -> None:
    force = OrganisationFactory()
    sync.finding_apply(finding=_finding(force.pk))
    sync.finding_apply(finding=_finding(force.pk, withdrawn=True))

    assert sync.finding_apply(finding=_finding(force.pk)) == sync.UPDATED

    item = Recommendation.objects.get()
    assert (item.status, item.closing_decision, item.closed_on, item.closing_reason) == (
        Status.OPEN,
        "",
        None,
        "",
    )
    assert list(item.updates.order_by("pk").values_list("status_from", "status_to")) == [
        (Status.OPEN, Status.CLOSED),
        (Status.CLOSED, Status.OPEN),
    ]
    # Closed by the OPCC as superseded for its own reason, it is not reopened.
    sync.finding_apply(finding=_finding(force.pk, withdrawn=True))
    item.refresh_from_db()
    item.closing_reason = "Replaced by the force's new plan."
    item.save()
    sync.finding_apply(finding=_finding(force.pk))
    item.refresh_from_db()
    assert item.status == Status.CLOSED


def test_a_withdrawn_finding_never_held_is_not_created() -> None:
    assert sync.finding_apply(finding=_finding(None, withdrawn=True)) == sync.UNCHANGED
    assert not Recommendation.objects.exists()


def test_a_finding_from_a_source_no_module_announces_is_refused() -> None:
    with pytest.raises(ValidationError, match="hmicfrs_cause_of_concern"):
        sync.finding_apply(finding=_finding(None, source=Source.HMICFRS_CAUSE_OF_CONCERN))
    with pytest.raises(ValidationError, match="key is empty"):
        sync.finding_apply(finding=_finding(None, key=""))
    assert not Recommendation.objects.exists()


def test_an_unknown_owner_is_refused_and_nothing_stored() -> None:
    with pytest.raises(ValidationError):
        sync.finding_apply(finding=_finding(987654))
    assert not Recommendation.objects.exists() and _events() == 0


def test_sync_all_reads_every_module_and_is_idempotent(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    force = OrganisationFactory()
    held = [
        _finding(force.pk),
        _finding(force.pk, key="13", done_on=datetime.date(2026, 10, 1)),
        _finding(None, source=Source.ASB_CASE_REVIEW, key="ASB-1/2", title="ASB-1, rec 2"),
    ]
    monkeypatch.setattr(sync, "sources", lambda: iter([("complaint_reviews", lambda: held)]))
    assert sync.sync_all() == {sync.CREATED: 3, sync.UPDATED: 0, sync.UNCHANGED: 0}
    assert sync.sync_all() == {sync.CREATED: 0, sync.UPDATED: 0, sync.UNCHANGED: 3}
    held[0] = _finding(force.pk, title="Changed in the module")
    call_command("recommendations", "sync")
    assert "0 created, 1 updated, 2 unchanged" in capsys.readouterr().out
    assert Recommendation.objects.get(source_key="13").status == Status.DONE


def test_a_finding_that_cannot_be_applied_is_logged_not_raised_to_its_module(caplog) -> None:  # type: ignore[no-untyped-def]
    # The module's change has committed already: its request must not fail; the sync repairs.
    announce(_finding(987654), sender="complaint_reviews")
    assert not Recommendation.objects.exists()
    assert "could not apply the finding complaint_review 12 from complaint_reviews" in caplog.text
    force = OrganisationFactory()
    announce(_finding(force.pk), sender="complaint_reviews")
    assert Recommendation.objects.get().owner == force
