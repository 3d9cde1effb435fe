"""The commissioning workflow's rules, through its services and selectors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import selectors, services
from crimeplan.commissioning.constants import (
    ApplicationStatus,
    CostType,
    Decision,
    FundKind,
)
from crimeplan.commissioning.models import Application, Award, EligibilityQuestion

from .factories import ApplicationFactory, CriterionFactory, FundFactory, RoundFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 4, 1), datetime.date(2027, 3, 31)


def _panel(round_, opcc):  # type: ignore[no-untyped-def]
    people = [member(Role.GRANT_ASSESSOR, opcc) for _ in range(2)]
    for person in people:
        services.panel_member_add(actor=None, round=round_, user=person)
    return people


def test_conflict_hides_the_application_and_withdraws_scores() -> None:
    opcc = OrganisationFactory()
    application = ApplicationFactory()
    criterion = CriterionFactory(round=application.round)
    first, second = _panel(application.round, opcc)
    services.scores_record(application=application, assessor=first, scores={criterion.pk: (4, "")})
    assert application in selectors.application_list(viewer=viewer_for(first))
    services.conflict_declare(application=application, user=first, reason="I chair its board")
    assert application not in selectors.application_list(viewer=viewer_for(first))
    assert application in selectors.application_list(viewer=viewer_for(second))
    assert not application.scores.filter(assessor=first).exists()
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.scores_record(
            application=application, assessor=first, scores={criterion.pk: (3, "")}
        )


def test_only_panel_members_score_within_the_range() -> None:
    opcc = OrganisationFactory()
    application = ApplicationFactory()
    criterion = CriterionFactory(round=application.round, max_score=5)
    outsider = member(Role.GRANT_ASSESSOR, opcc)
    assert application not in selectors.application_list(viewer=viewer_for(outsider))
    with pytest.raises(ValidationError, match="not on this round's panel"):
        services.scores_record(
            application=application, assessor=outsider, scores={criterion.pk: (3, "")}
        )
    (assessor, _) = _panel(application.round, opcc)
    with pytest.raises(ValidationError) as error:
        services.scores_record(
            application=application, assessor=assessor, scores={criterion.pk: (6, "")}
        )
    assert error.value.message_dict == {
        f"criterion_{criterion.pk}": [f"Score {criterion.name} from 0 to 5"]
    }


def test_moderation_and_assessment_figures() -> None:
    opcc = OrganisationFactory()
    application = ApplicationFactory(amount_requested_pence=300_000)
    heavy = CriterionFactory(round=application.round, weight=3)
    light = CriterionFactory(round=application.round, weight=1)
    first, second = _panel(application.round, opcc)
    services.scores_record(
        application=application, assessor=first, scores={heavy.pk: (5, ""), light.pk: (5, "")}
    )
    services.scores_record(
        application=application, assessor=second, scores={heavy.pk: (3, ""), light.pk: (1, "")}
    )
    rows, mean = selectors.assessment(application)
    assert sorted(str(r.percentage) for r in rows) == ["100.00", "50.00"]
    assert str(mean) == "75.00"
    with pytest.raises(ValidationError, match="cannot exceed what was asked"):
        services.application_moderate(
            actor=None,
            application=application,
            decision=Decision.FUND,
            reasons="Good",
            amount_pence=300_001,
        )
    services.application_moderate(
        actor=None,
        application=application,
        decision=Decision.FUND,
        reasons="Strong bid",
        amount_pence=250_000,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED
    with pytest.raises(ValidationError, match="not open for scoring"):
        services.scores_record(application=application, assessor=first, scores={heavy.pk: (1, "")})
    recipient = OrganisationFactory()
    with pytest.raises(ValidationError, match="exceed the amount the panel agreed"):
        services.award_create(
            actor=None,
            round=application.round,
            recipient=recipient,
            title="x",
            amount_pence=250_001,
            starts_on=START,
            ends_on=END,
            application=application,
        )
    award = services.award_create(
        actor=None,
        round=application.round,
        recipient=recipient,
        title="x",
        amount_pence=250_000,
        starts_on=START,
        ends_on=END,
        application=application,
    )
    application.refresh_from_db()
    assert application.organisation == recipient
    assert award.history.count() == 1
    with pytest.raises(ValidationError, match="already has an award"):
        services.award_create(
            actor=None,
            round=application.round,
            recipient=recipient,
            title="again",
            amount_pence=1,
            starts_on=START,
            ends_on=END,
            application=application,
        )


def test_joint_fund_needs_every_authority() -> None:
    authorities = [OrganisationFactory() for _ in range(3)]
    fund = FundFactory(kind=FundKind.JOINT, costs_split=True, carry_over_allowed=False)
    fund.specified_authorities.set(authorities)
    application = ApplicationFactory(round=RoundFactory(fund=fund))
    services.agreement_record(
        actor=None, application=application, authority=authorities[0], agrees=True
    )
    services.agreement_record(
        actor=None, application=application, authority=authorities[1], agrees=False
    )
    with pytest.raises(ValidationError, match="waiting for"):
        services.application_moderate(
            actor=None,
            application=application,
            decision=Decision.FUND,
            reasons="r",
            amount_pence=1000,
        )
    assert [a.pk for a in services.missing_agreements(application)] == [
        a.pk for a in authorities[1:]
    ]
    with pytest.raises(ValidationError, match="not a specified authority"):
        services.agreement_record(
            actor=None, application=application, authority=OrganisationFactory(), agrees=True
        )
    services.agreement_record(
        actor=None, application=application, authority=authorities[1], agrees=True
    )
    services.agreement_record(
        actor=None, application=application, authority=authorities[2], agrees=True
    )
    services.application_moderate(
        actor=None, application=application, decision=Decision.FUND, reasons="r", amount_pence=1000
    )


def test_split_costs_and_no_carry_over() -> None:
    """The Serious Violence Duty grant: labour and non-labour costs; no carry-over."""
    fund = FundFactory(kind=FundKind.JOINT, costs_split=True, carry_over_allowed=False)
    round_ = RoundFactory(fund=fund, budget_pence=100_000)
    recipient = OrganisationFactory()
    with pytest.raises(ValidationError, match="labour and non-labour"):
        services.award_create(
            actor=None,
            round=round_,
            recipient=recipient,
            title="SVD",
            amount_pence=10_000,
            starts_on=START,
            ends_on=END,
        )
    award = services.award_create(
        actor=None,
        round=round_,
        recipient=recipient,
        title="SVD",
        amount_pence=10_000,
        labour_pence=6_000,
        non_labour_pence=4_000,
        starts_on=START,
        ends_on=END,
    )
    services.instalment_add(
        actor=None, award=award, due_on=datetime.date(2025, 5, 1), amount_pence=5_000
    )
    services.instalment_add(
        actor=None, award=award, due_on=datetime.date(2026, 5, 1), amount_pence=5_000
    )
    with pytest.raises(ValidationError, match="exceed the award"):
        services.instalment_add(
            actor=None, award=award, due_on=datetime.date(2026, 6, 1), amount_pence=1
        )
    services.spend_record(
        actor=None,
        award=award,
        financial_year=2025,
        amount_pence=3_000,
        cost_type=CostType.LABOUR,
        description="Co-ordinator",
    )
    with pytest.raises(ValidationError, match="cannot be carried over"):
        services.spend_record(
            actor=None,
            award=award,
            financial_year=2025,
            amount_pence=2_001,
            cost_type=CostType.NON_LABOUR,
            description="Too much this year",
        )
    with pytest.raises(ValidationError, match="Labour spend would exceed"):
        services.spend_record(
            actor=None,
            award=award,
            financial_year=2026,
            amount_pence=3_001,
            cost_type=CostType.LABOUR,
            description="Too much labour",
        )
    with pytest.raises(ValidationError, match="cannot be carried over"):
        services.carry_over(actor=None, award=award, from_year=2025, amount_pence=1_000)


def test_carry_over_where_allowed_and_payments_capped() -> None:
    round_ = RoundFactory(budget_pence=100_000)
    award = services.award_create(
        actor=None,
        round=round_,
        recipient=OrganisationFactory(),
        title="Local",
        amount_pence=10_000,
        starts_on=START,
        ends_on=END,
    )
    services.instalment_add(
        actor=None, award=award, due_on=datetime.date(2025, 5, 1), amount_pence=10_000
    )
    services.spend_record(
        actor=None, award=award, financial_year=2025, amount_pence=4_000, description="x"
    )
    with pytest.raises(ValidationError, match=r"At most £60\.00 is unspent"):
        services.carry_over(actor=None, award=award, from_year=2025, amount_pence=6_001)
    moved = services.carry_over(actor=None, award=award, from_year=2025, amount_pence=6_000)
    assert moved.financial_year == 2026
    assert [(i.financial_year, i.amount_pence) for i in award.instalments.all()] == [
        (2025, 4_000),
        (2026, 6_000),
    ]
    services.payment_record(actor=None, award=award, paid_on=START, amount_pence=9_999)
    with pytest.raises(ValidationError, match=r"£0\.01 is left to pay"):
        services.payment_record(actor=None, award=award, paid_on=START, amount_pence=2)
    # Issue 22, item 10: a payment is recorded once made, never dated ahead.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The date paid cannot be in the future"):
        services.payment_record(actor=None, award=award, paid_on=tomorrow, amount_pence=1)
    assert award.payments.count() == 1


def test_application_submit_explains_ineligibility() -> None:
    round_ = RoundFactory(max_amount_pence=500_000, match_funding_percent=10)
    question = EligibilityQuestion.objects.create(
        round=round_,
        text="Does the project run in the county?",
        eligible_answer=True,
        reason_if_ineligible="The fund pays only for work in the county",
    )
    draft = services.application_start(round=round_)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=draft)
    assert set(error.value.message_dict) >= {"organisation_name", "eligibility_answers"}
    services.application_update(
        application=draft,
        values={
            "eligibility_answers": {str(question.pk): False},
            "organisation_name": "Fictional Youth Club",
            "organisation_type": "charity",
            "contact_name": "A Person",
            "contact_email": "a@example.org",
            "project_title": "Boxing",
            "project_summary": "Sessions",
            "amount_requested_pence": 600_000,
            "match_funding_pence": 0,
            "match_funding_form": "cash",
        },
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=draft)
    assert set(error.value.message_dict) == {"amount", "match_funding"}
    services.application_update(
        application=draft, values={"amount_requested_pence": 400_000, "match_funding_pence": 40_000}
    )
    submitted = services.application_submit(application=draft)
    assert submitted.status == ApplicationStatus.INELIGIBLE
    assert submitted.reference
    assert services.application_ineligible_reasons(submitted) == [
        "The fund pays only for work in the county"
    ]
    event = AuditEvent.objects.filter(object_id=str(submitted.pk)).order_by("-pk").first()
    assert event is not None and "only for work in the county" in event.summary
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.application_update(application=submitted, values={"project_title": "New"})


def test_closed_round_refuses_applications() -> None:
    round_ = RoundFactory(opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 2, 1))
    with pytest.raises(ValidationError, match="not open"):
        services.application_start(round=round_)


def test_partners_see_only_their_awards() -> None:
    own, other = OrganisationFactory(), OrganisationFactory()
    round_ = RoundFactory()
    mine = services.award_create(
        actor=None,
        round=round_,
        recipient=own,
        title="Mine",
        amount_pence=100,
        starts_on=START,
        ends_on=END,
    )
    services.award_create(
        actor=None,
        round=round_,
        recipient=other,
        title="Theirs",
        amount_pence=100,
        starts_on=START,
        ends_on=END,
    )
    editor = member(Role.PARTNER_EDITOR, own)
    assert list(selectors.award_list(viewer=viewer_for(editor))) == [mine]
    assessor = member(Role.GRANT_ASSESSOR, own)
    assert list(selectors.award_list(viewer=viewer_for(assessor))) == []
    assert Award.objects.count() == 2
    assert not Application.objects.exists()


def _funded(**fields):  # type: ignore[no-untyped-def]
    application = ApplicationFactory(**fields)
    services.application_moderate(
        actor=None,
        application=application,
        decision=Decision.FUND,
        reasons="A strong bid.",
        amount_pence=2_000,
    )
    return application


def _award_to_applicant(application, actor=None):  # type: ignore[no-untyped-def]
    return services.award_create(
        actor=actor,
        round=application.round,
        application=application,
        recipient=None,
        title="Youth boxing",
        amount_pence=2_000,
        starts_on=START,
        ends_on=END,
    )


def test_an_award_to_a_new_applicant_adds_them_as_an_organisation_audited() -> None:
    """Issue 22, item 3: a commissioning officer awards to an applicant the Office has no
    organisation for; the award adds it from the application, with no personal contact."""
    officer = member(Role.OPCC_COMMISSIONING, OrganisationFactory())
    application = _funded(organisation_name="  Forest Boxing Club ")
    award = _award_to_applicant(application, actor=officer)
    grantee = award.recipient
    assert grantee.name == "Forest Boxing Club"
    assert grantee.kind == "voluntary"
    assert grantee.email == "" and grantee.phone == "" and grantee.address == ""
    application.refresh_from_db()
    assert application.organisation == grantee
    event = AuditEvent.objects.get(object_type="accounts.Organisation", object_id=str(grantee.pk))
    assert event.actor == officer
    assert f"from grant application {application.reference}" in event.summary
    trail = str([event.summary, event.before, event.after, event.object_label])
    assert application.contact_email not in trail and application.contact_name not in trail


def test_an_award_to_a_new_applicant_refuses_a_name_already_held_and_changes_nothing() -> None:
    OrganisationFactory(name="Forest Boxing Club")
    application = _funded(organisation_name="forest boxing club")
    with pytest.raises(ValidationError, match="exists already: select it as the provider"):
        _award_to_applicant(application)
    application.round.refresh_from_db()
    assert application.round.allocated_pence == 0
    assert not Award.objects.exists()


def test_an_award_with_no_provider_needs_an_application_without_one() -> None:
    round_ = RoundFactory()
    with pytest.raises(ValidationError, match="Select the provider"):
        services.award_create(
            actor=None,
            round=round_,
            recipient=None,
            title="Youth boxing",
            amount_pence=2_000,
            starts_on=START,
            ends_on=END,
        )
    held = _funded(organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="Select the provider"):
        _award_to_applicant(held)
