"""The process through its services: statuses, the event log, audit, history, deadlines,
overrides, escalation and anonymisation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews import services
from crimeplan.asb_reviews.areas import configured_area
from crimeplan.asb_reviews.constants import Stage, Status
from crimeplan.asb_reviews.models import CaseEvent, CaseReview
from crimeplan.asb_reviews.selectors import case_deadlines, working_list
from crimeplan.audit.models import AuditEvent

from .factories import RECEIVED, case_at, submit_case

pytestmark = pytest.mark.usefixtures("reference")
D = datetime.date.fromisoformat


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.OPCC)


@pytest.fixture
def coordinator(opcc):  # type: ignore[no-untyped-def]
    return member(Role.ASB_COORDINATOR, opcc)


def test_submission_gives_a_reference_computes_the_threshold_and_audits() -> None:
    case = submit_case()
    assert case.reference == f"ASB-2024-{case.pk:05d}"
    assert case.status == Status.RECEIVED
    assert case.threshold_computed_met is True
    assert case.threshold_explanation.startswith("3 separate occasions within 6 months")
    assert case.incidents.count() == 3
    assert case.applicant_key and case.applicant_email not in case.applicant_key
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="create").count() == 1
    assert list(case.events.values_list("kind", flat=True)) == ["status"]


def test_an_incomplete_application_stores_nothing() -> None:
    with pytest.raises(ValidationError) as error:
        submit_case(consent_to_share=False, applicant_relationship="family", incidents=[])
    assert set(error.value.message_dict) == {
        "consent_to_share",
        "victim_consent",
        "victim_name",
        "__all__",
    }
    assert not CaseReview.objects.exists()


def test_contact_details_must_match_the_preference() -> None:
    with pytest.raises(ValidationError) as error:
        submit_case(contact_preference="phone", applicant_phone="")
    assert "applicant_phone" in error.value.message_dict


def test_staff_only_record_phone_applications(opcc) -> None:  # type: ignore[no-untyped-def]
    analyst = member(Role.OPCC_ANALYST, opcc)
    with pytest.raises(PermissionDenied):
        submit_case(actor=analyst, channel="phone")


def test_the_whole_process_logs_every_step(coordinator, opcc) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.CLOSED, coordinator=coordinator, owner=opcc)
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "status",
        "status",
        "status",
        "threshold",
        "review",
        "recommendation",
        "status",
        "status",
    ]
    statuses = [e.to_status for e in case.events.all() if e.to_status]
    assert statuses == [
        Status.ACKNOWLEDGED,
        Status.THRESHOLD_CHECK,
        Status.REVIEW_SCHEDULED,
        Status.REVIEWED,
        Status.RECOMMENDATIONS_ISSUED,
        Status.CLOSED,
    ]
    assert case.history.count() >= 7
    assert case.closed_on == RECEIVED + datetime.timedelta(days=40)


def test_the_event_log_is_append_only(coordinator) -> None:  # type: ignore[no-untyped-def]
    event = submit_case().events.get()
    event.text = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).text != "changed"


def test_a_step_out_of_order_is_refused(coordinator) -> None:  # type: ignore[no-untyped-def]
    case = submit_case()
    with pytest.raises(ValidationError, match="cannot become closed"):
        services.case_transition(actor=coordinator, case=case, to_status=Status.CLOSED, on=RECEIVED)
    with pytest.raises(ValidationError, match="Start the threshold check"):
        services.case_decide_threshold(actor=coordinator, case=case, met=False, on=RECEIVED)


def test_overriding_the_rule_needs_a_reason(coordinator) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.THRESHOLD_CHECK, coordinator=coordinator)
    assert case.threshold_computed_met is True
    with pytest.raises(ValidationError) as error:
        services.case_decide_threshold(actor=coordinator, case=case, met=False, on=RECEIVED)
    assert "override_reason" in error.value.message_dict
    case = services.case_decide_threshold(
        actor=coordinator,
        case=case,
        met=False,
        on=RECEIVED,
        override_reason="The same incident was reported three times.",
    )
    assert case.status == Status.THRESHOLD_NOT_MET
    assert case.threshold_met is False
    assert "overriding the rule" in case.events.last().text  # type: ignore[union-attr]


def test_confirming_the_rule_needs_no_reason(coordinator) -> None:  # type: ignore[no-untyped-def]
    case = case_at(
        Status.THRESHOLD_CHECK,
        coordinator=coordinator,
        incidents=[
            {
                "occurred_on": D("2024-03-01"),
                "reported_on": D("2024-03-02"),
                "reported_to": "council",
            }
        ],
    )
    case = services.case_decide_threshold(actor=coordinator, case=case, met=False, on=RECEIVED)
    assert (case.threshold_computed_met, case.threshold_met, case.threshold_override_reason) == (
        False,
        False,
        "",
    )


def test_only_the_coordinator_moves_a_case(opcc) -> None:  # type: ignore[no-untyped-def]
    case = submit_case()
    for role in (Role.OPCC_ANALYST, Role.PARTNER_EDITOR):
        with pytest.raises(PermissionDenied):
            services.case_transition(
                actor=member(role, opcc), case=case, to_status=Status.ACKNOWLEDGED, on=RECEIVED
            )


def test_review_needs_support_for_both_recorded(coordinator) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.REVIEW_SCHEDULED, coordinator=coordinator)
    with pytest.raises(ValidationError) as error:
        services.case_record_review(
            actor=coordinator,
            case=case,
            held_on=RECEIVED + datetime.timedelta(days=20),
            findings="x",
            victim_attended=None,
            victim_support="",
            perpetrator_support=" ",
        )
    assert set(error.value.message_dict) == {"victim_support", "perpetrator_support"}


def test_a_review_before_the_threshold_decision_is_refused(coordinator) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.REVIEW_SCHEDULED, coordinator=coordinator)
    with pytest.raises(ValidationError):
        services.case_record_review(
            actor=coordinator,
            case=case,
            held_on=RECEIVED,
            findings="x",
            victim_attended=None,
            victim_support="y",
            perpetrator_support="z",
        )
    assert CaseReview.objects.get(pk=case.pk).status == Status.REVIEW_SCHEDULED


def test_body_and_recommendation_owner_record_their_part(coordinator, opcc) -> None:  # type: ignore[no-untyped-def]
    housing = OrganisationFactory(kind=OrganisationKind.VOLUNTARY)
    editor = member(Role.PARTNER_EDITOR, housing)
    case = case_at(Status.REVIEWED, coordinator=coordinator)
    body = services.body_invite(actor=coordinator, case=case, organisation=housing, on=RECEIVED)
    with pytest.raises(ValidationError, match="already invited"):
        services.body_invite(actor=coordinator, case=case, organisation=housing, on=RECEIVED)
    other_editor = member(Role.PARTNER_EDITOR, OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.body_record_account(actor=other_editor, body=body, account="x", on=RECEIVED)
    body = services.body_record_account(
        actor=editor, body=body, account="Two warning letters.", on=RECEIVED
    )
    assert body.account == "Two warning letters."
    recommendation = services.recommendation_add(
        actor=coordinator, case=case, text="Fit CCTV.", owner=housing, due_on=D("2024-07-01")
    )
    done = services.recommendation_complete(
        actor=editor,
        recommendation=recommendation,
        completed_on=timezone.localdate(),
        note="Fitted.",
    )
    assert done.completed_on is not None
    with pytest.raises(ValidationError, match="already complete"):
        services.recommendation_complete(
            actor=editor,
            recommendation=done,
            completed_on=timezone.localdate(),
            note="",
        )


def test_escalation_is_reviewed_by_the_opcc_not_the_coordinator(coordinator, opcc) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.THRESHOLD_CHECK, coordinator=coordinator)
    case = services.case_decide_threshold(
        actor=coordinator, case=case, met=False, on=RECEIVED, override_reason="Old incidents."
    )
    escalation = services.escalation_record(
        actor=coordinator, case=case, received_on=RECEIVED, grounds="Nobody called me back."
    )
    assert CaseReview.objects.get(pk=case.pk).status == Status.ESCALATED
    with pytest.raises(PermissionDenied):
        services.escalation_review(
            actor=coordinator, escalation=escalation, outcome="ok", on=RECEIVED
        )
    admin = member(Role.OPCC_ADMIN, opcc)
    services.escalation_review(
        actor=admin,
        escalation=escalation,
        outcome="Handled properly; apology for delay.",
        on=RECEIVED,
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.closed_on == RECEIVED


def test_deadlines_and_overdue_flags(coordinator) -> None:  # type: ignore[no-untyped-def]
    # Received Friday 20 December 2024: five working days skip Christmas and Boxing Day,
    # fifteen skip New Year's Day too.
    case = submit_case(
        received_on=D("2024-12-20"),
        incidents=[
            {
                "occurred_on": D("2024-12-01"),
                "reported_on": D("2024-12-02"),
                "reported_to": "police",
            }
        ],
    )
    timescales = configured_area().timescales
    stages = case_deadlines(case, timescales, today=D("2024-12-31"))
    assert [(d.stage, d.due_on, d.overdue) for d in stages] == [
        (Stage.ACKNOWLEDGE, D("2024-12-31"), False),
        (Stage.THRESHOLD_DECISION, D("2025-01-15"), False),
    ]
    late = case_deadlines(case, timescales, today=D("2025-01-02"))
    assert [d.overdue for d in late] == [True, False]
    rows = working_list(
        viewer=viewer_for(coordinator),
        timescales=timescales,
        today=D("2025-01-02"),
        overdue_only=True,
    )
    assert [(r.case, [d.stage for d in r.overdue]) for r in rows] == [(case, [Stage.ACKNOWLEDGE])]


def test_anonymising_keeps_the_figures_and_removes_the_person(coordinator, opcc) -> None:  # type: ignore[no-untyped-def]
    case = case_at(Status.CLOSED, coordinator=coordinator, owner=opcc, applicant_name="Ada Example")
    area = configured_area()
    closed = case.closed_on
    assert services.cases_anonymise_expired(today=closed, area=area) == 0
    later = closed + datetime.timedelta(days=366 * 2)
    assert services.cases_anonymise_expired(today=later, area=area) == 1
    case.refresh_from_db()
    assert case.applicant_name == "[anonymised]"
    assert case.applicant_email == "" and case.applicant_key == ""
    assert case.received_on == RECEIVED and case.threshold_met is True
    # The history never held the applicant's name: it stays, as the record of the steps.
    assert case.history.count() > 1
    assert not hasattr(case.history.model, "applicant_name")
    assert services.cases_anonymise_expired(today=later, area=area) == 0
