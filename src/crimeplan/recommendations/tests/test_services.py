"""The tracker's services and selectors: recording, evidence, closing, who sees and changes
what per organisation, and the order of the list (overdue first)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent

from .. import selectors, services
from ..constants import ClosingDecision, Priority, Source, Status
from ..models import Recommendation
from .factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="The OPCC", kind=OrganisationKind.OPCC)


@pytest.fixture
def policy(opcc):  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, opcc)


def test_recording_an_item_directly_is_audited(policy) -> None:  # type: ignore[no-untyped-def]
    force = OrganisationFactory()
    item = services.recommendation_save(
        recommendation=Recommendation(
            source=Source.HMICFRS_CAUSE_OF_CONCERN,
            inspection=InspectionFactory(),
            title="Answer calls faster",
            owner=force,
        ),
        actor=policy,
    )
    assert item.created_by == policy and item.source_key == ""
    event = AuditEvent.objects.get(object_type="recommendations.Recommendation")
    assert event.actor == policy and event.organisation_id == force.pk


def test_a_module_source_cannot_be_recorded_directly(policy) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="come from their module"):
        services.recommendation_save(
            recommendation=Recommendation(
                source=Source.COMPLAINT_REVIEW, title="x", owner=OrganisationFactory()
            ),
            actor=policy,
        )
    assert not Recommendation.objects.exists()


def test_only_an_inspectorate_item_names_an_inspection_and_publishing_needs_a_summary(
    policy,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ValidationError, match="Only an inspectorate"):
        services.recommendation_save(
            recommendation=Recommendation(
                source=Source.OPCC_REVIEW, inspection=InspectionFactory(), title="x"
            ),
            actor=policy,
        )
    with pytest.raises(ValidationError, match="before publishing"):
        services.recommendation_save(
            recommendation=Recommendation(source=Source.OPCC_REVIEW, title="x", is_public=True),
            actor=policy,
        )


def test_evidence_and_status_are_appended_and_the_evidence_never_audited(policy) -> None:  # type: ignore[no-untyped-def]
    item = RecommendationFactory()
    editor = member(Role.PARTNER_EDITOR, item.owner)
    update = services.update_add(
        recommendation=item,
        actor=editor,
        evidence="Zebedee Quarmby trained 40 staff",
        status="done",
    )
    item.refresh_from_db()
    assert item.status == Status.DONE
    assert (update.status_from, update.status_to, update.by) == ("open", "done", editor)
    for event in AuditEvent.objects.all():
        assert "Quarmby" not in f"{event.summary} {event.before} {event.after}"
    with pytest.raises(ValidationError, match="Enter the evidence"):
        services.update_add(recommendation=item, actor=editor, evidence=" ", status="done")
    with pytest.raises(ValidationError, match="open, in progress or done"):
        services.update_add(recommendation=item, actor=editor, evidence="x", status="closed")


def test_closing_records_the_decision_and_takes_no_more_updates(policy) -> None:  # type: ignore[no-untyped-def]
    item = RecommendationFactory(status=Status.DONE)
    with pytest.raises(ValidationError, match="reason"):
        services.recommendation_close(
            recommendation=item, actor=policy, decision=ClosingDecision.DISCHARGED, reason=""
        )
    services.recommendation_close(
        recommendation=item, actor=policy, decision=ClosingDecision.DISCHARGED, reason="Done."
    )
    item.refresh_from_db()
    assert (item.status, item.closing_decision, item.closed_on, item.closed_by) == (
        Status.CLOSED,
        ClosingDecision.DISCHARGED,
        TODAY,
        policy,
    )
    assert item.updates.get().status_to == Status.CLOSED
    with pytest.raises(ValidationError, match="already closed"):
        services.recommendation_close(
            recommendation=item, actor=policy, decision=ClosingDecision.DISCHARGED, reason="x"
        )
    with pytest.raises(ValidationError, match="closed"):
        services.update_add(recommendation=item, actor=policy, evidence="more")
    assert "closing_reason" not in item.history.model._meta.fields_map


def test_a_partner_sees_and_updates_only_its_own(policy) -> None:  # type: ignore[no-untyped-def]
    own, other = OrganisationFactory(), OrganisationFactory()
    mine = RecommendationFactory(owner=own)
    theirs = RecommendationFactory(owner=other)
    unowned = RecommendationFactory(owner=None)
    editor = viewer_for(member(Role.PARTNER_EDITOR, own))
    reader = viewer_for(member(Role.PARTNER_VIEWER, own))
    staff = viewer_for(policy)
    panel = viewer_for(member(Role.PANEL_MEMBER, OrganisationFactory()))

    assert list(selectors.recommendation_list(viewer=editor)) == [mine]
    assert list(selectors.recommendation_list(viewer=reader)) == [mine]
    assert set(selectors.recommendation_list(viewer=staff)) == {mine, theirs, unowned}
    assert list(selectors.recommendation_list(viewer=panel)) == []
    assert selectors.may_update(editor, mine) and not selectors.may_update(editor, theirs)
    assert not selectors.may_update(reader, mine)
    assert not selectors.may_manage(editor) and selectors.may_manage(staff)
    mine.status = Status.CLOSED
    assert not selectors.may_update(editor, mine)


def test_the_list_filters_and_puts_overdue_first() -> None:
    force = OrganisationFactory()
    later = RecommendationFactory(owner=force, due_on=datetime.date(2027, 5, 1))
    sooner = RecommendationFactory(owner=force, due_on=datetime.date(2027, 1, 1))
    undated = RecommendationFactory(owner=force, due_on=None)
    late = RecommendationFactory(
        owner=force, due_on=datetime.date(2026, 10, 1), priority=Priority.HIGH
    )
    late_but_done = RecommendationFactory(
        owner=force, due_on=datetime.date(2026, 9, 1), status=Status.DONE
    )
    staff = viewer_for(member(Role.OPCC_ANALYST, OrganisationFactory(kind=OrganisationKind.OPCC)))
    ordered = list(selectors.recommendation_list(viewer=staff))
    assert ordered == [late, late_but_done, sooner, later, undated]
    assert [item.overdue for item in ordered] == [1, 0, 0, 0, 0]
    high = selectors.recommendation_list(viewer=staff, filters={"priority": "high"})
    assert list(high) == [late]
    done = selectors.recommendation_list(viewer=staff, filters={"status": "done", "owner": force})
    assert list(done) == [late_but_done]
    other_source = selectors.recommendation_list(viewer=staff, filters={"source": "opcc_review"})
    assert other_source.count() == 5


def test_public_figures_count_by_source_and_status() -> None:
    RecommendationFactory(source=Source.OPCC_REVIEW, due_on=datetime.date(2026, 1, 1))
    RecommendationFactory(source=Source.OPCC_REVIEW, status=Status.DONE)
    RecommendationFactory(source=Source.HMICFRS_CAUSE_OF_CONCERN, status=Status.IN_PROGRESS)
    figures = selectors.public_figures()
    by_source = {row["source"]: row for row in figures["rows"]}
    assert set(by_source) == {"OPCC review", "HMICFRS cause of concern"}
    assert (by_source["OPCC review"]["open"], by_source["OPCC review"]["done"]) == (1, 1)
    assert by_source["OPCC review"]["total"] == 2
    assert figures["totals"]["total"] == 3 and figures["totals"]["in_progress"] == 1
    assert figures["overdue"] == 1
