"""A round from set-up to evaluation through the staff pages, as each role would use them."""

import datetime

import pytest
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning.constants import ApplicationStatus, ReturnStatus
from crimeplan.commissioning.models import Award, Fund, MonitoringReturn, Round
from crimeplan.delivery.tests.factories import plan_from_fixture

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_round_to_evaluation(client, reference) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind="opcc")
    officer = member(Role.OPCC_COMMISSIONING, opcc)
    assessor = member(Role.GRANT_ASSESSOR, opcc)
    grantee = OrganisationFactory()
    editor = member(Role.PARTNER_EDITOR, grantee)

    client.force_login(officer)
    response = client.post(
        reverse("commissioning:fund_create"),
        {"name": "Community Fund", "kind": "local", "funder": "OPCC", "carry_over_allowed": "on"},
    )
    fund = Fund.objects.get(name="Community Fund")
    assert response["Location"] == reverse("commissioning:fund_detail", args=[fund.pk])
    bad = client.post(
        reverse("commissioning:round_create", args=[fund.pk]),
        {
            "name": "Round 1",
            "budget": "ten",
            "match_funding_percent": "101",
            "match_funding_form": "either",
        },
    )
    html = bad.content.decode()
    assert "Budget must be an amount in pounds" in html
    assert "Match funding must be 100% or less" in html
    client.post(
        reverse("commissioning:round_create", args=[fund.pk]),
        {
            "name": "Round 1",
            "budget": "10,000",
            "max_amount": "5000",
            "match_funding_percent": "0",
            "match_funding_form": "either",
        },
    )
    round_ = Round.objects.get(fund=fund)
    assert round_.budget_pence == 10_000_00
    client.post(
        reverse("commissioning:criterion_add", args=[round_.pk]),
        {"name": "Need", "weight": "2", "max_score": "5"},
    )
    client.post(reverse("commissioning:panel_add", args=[round_.pk]), {"user": assessor.pk})
    application = ApplicationFactory(round=round_, amount_requested_pence=4_000_00)
    criterion = round_.criteria.get()

    client.force_login(assessor)
    score_url = reverse("commissioning:application_score", args=[application.pk])
    refused = client.post(score_url, {f"criterion_{criterion.pk}": "9"})
    assert "Score Need from 0 to 5" in refused.content.decode()
    assert 'value="9"' in refused.content.decode()
    client.post(score_url, {f"criterion_{criterion.pk}": "4", f"comment_{criterion.pk}": "Good"})
    assert application.scores.get().score == 4
    assert (
        client.get(reverse("commissioning:application_decide", args=[application.pk])).status_code
        == 403
    )

    client.force_login(officer)
    detail = client.get(reverse("commissioning:application_detail", args=[application.pk]))
    assert "80.00" in detail.content.decode()
    client.post(
        reverse("commissioning:application_decide", args=[application.pk]),
        {"decision": "fund", "amount": "4000", "reasons": "Strong need"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED
    over = client.post(
        reverse("commissioning:award_create", args=[round_.pk]) + f"?application={application.pk}",
        {
            "title": "Boxing",
            "recipient": grantee.pk,
            "amount": "4000.01",
            "starts_on": "2025-04-01",
            "ends_on": "2026-03-31",
            "published": "on",
        },
    )
    assert "cannot exceed the amount the panel agreed" in over.content.decode()
    plan = plan_from_fixture()
    client.post(
        reverse("commissioning:award_create", args=[round_.pk]) + f"?application={application.pk}",
        {
            "title": "Boxing",
            "recipient": grantee.pk,
            "amount": "4000",
            "priority": plan.priorities.get(code="TCC").pk,
            "starts_on": "2025-04-01",
            "ends_on": "2026-03-31",
            "published": "on",
        },
    )
    award = Award.objects.get()
    assert (award.amount_pence, award.priority.code) == (4_000_00, "TCC")
    client.post(
        reverse("commissioning:instalment_add", args=[award.pk]),
        {"due_on": "2025-04-01", "amount": "4000"},
    )
    client.post(
        reverse("commissioning:payment_add", args=[award.pk]),
        {"paid_on": "2025-04-02", "amount": "2000", "reference": "BACS 1"},
    )
    client.post(
        reverse("commissioning:returns_schedule", args=[award.pk]),
        {"every_months": "6", "days_to_submit": "28"},
    )
    assert [r.period_end for r in award.returns.all()] == [
        datetime.date(2025, 9, 30),
        datetime.date(2026, 3, 31),
    ]

    client.force_login(editor)
    first = award.returns.first()
    assert first is not None
    client.post(
        reverse("commissioning:return_submit", args=[first.pk]),
        {"outputs": "20 sessions", "outcomes": "Fewer call-outs", "spend_to_date": "1500"},
    )
    client.post(
        reverse("commissioning:spend_add", args=[award.pk]),
        {
            "financial_year": "2025",
            "cost_type": "unsplit",
            "amount": "1500",
            "description": "Coach",
        },
    )
    assert award.spend.get().amount_pence == 1_500_00
    assert client.get(reverse("commissioning:payment_add", args=[award.pk])).status_code == 403

    client.force_login(officer)
    client.post(reverse("commissioning:return_accept", args=[first.pk]))
    assert MonitoringReturn.objects.get(pk=first.pk).status == ReturnStatus.ACCEPTED
    client.post(
        reverse("commissioning:evaluation_edit", args=[award.pk]),
        {"what_changed": "Less ASB", "evidence": "Police data", "fund_again": "yes"},
    )
    assert award.evaluation.fund_again == "yes"
    report = client.get(reverse("commissioning:report") + "?by=priority").content.decode()
    assert "TCC" in report and "£4,000.00" in report and "£2,000.00" in report
    export = client.get(reverse("commissioning:report_export") + "?by=district&format=csv")
    assert export.content.decode().splitlines() == [
        "district,awards,awarded,paid,spent",
        "County-wide,1,4000.00,2000.00,1500.00",
    ]
    public = client.get(reverse("commissioning:public_grants")).content.decode()
    assert "Boxing" in public
    # Every change went to the audit trail, each with its actor.
    assert AuditEvent.objects.filter(object_type="commissioning.Award").count() >= 1
    assert AuditEvent.objects.filter(actor=editor).count() == 2


def test_carry_over_page_refuses_where_the_fund_forbids_it(client, reference) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.commissioning import services

    from .factories import FundFactory, RoundFactory

    officer = member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc"))
    client.force_login(officer)
    for allowed, expected in [(True, 302), (False, 200)]:
        round_ = RoundFactory(fund=FundFactory(carry_over_allowed=allowed))
        award = services.award_create(
            actor=None,
            round=round_,
            recipient=OrganisationFactory(),
            title="A",
            amount_pence=1_000_00,
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2027, 3, 31),
        )
        services.instalment_add(
            actor=None, award=award, due_on=datetime.date(2025, 5, 1), amount_pence=1_000_00
        )
        response = client.post(
            reverse("commissioning:carry_over", args=[award.pk]),
            {"from_year": "2025", "amount": "400"},
        )
        assert response.status_code == expected
        if not allowed:
            assert "cannot be carried over between financial years" in response.content.decode()
        years = sorted(award.instalments.values_list("financial_year", "amount_pence"))
        assert years == ([(2025, 600_00), (2026, 400_00)] if allowed else [(2025, 1_000_00)])


def test_joint_fund_needs_its_authorities(client, reference) -> None:  # type: ignore[no-untyped-def]
    officer = member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc"))
    council, constabulary = OrganisationFactory(), OrganisationFactory()
    client.force_login(officer)
    data = {
        "name": "Serious Violence Duty grant",
        "kind": "joint",
        "funder": "Home Office",
        "costs_split": "on",
    }
    refused = client.post(reverse("commissioning:fund_create"), data)
    assert "Select the specified authorities of a joint fund" in refused.content.decode()
    assert 'value="Serious Violence Duty grant"' in refused.content.decode()
    client.post(
        reverse("commissioning:fund_create"),
        {**data, "specified_authorities": [council.pk, constabulary.pk]},
    )
    fund = Fund.objects.get()
    assert (fund.costs_split, fund.carry_over_allowed) == (True, False)
    assert set(fund.specified_authorities.all()) == {council, constabulary}


def test_joint_application_shows_each_authority_once(client, reference) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.commissioning import services

    from .factories import FundFactory, RoundFactory

    officer = member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc"))
    yes, no, silent = (OrganisationFactory(name=n) for n in ("Council A", "Police B", "NHS C"))
    fund = FundFactory(kind="joint")
    fund.specified_authorities.set([yes, no, silent])
    application = ApplicationFactory(round=RoundFactory(fund=fund))
    services.agreement_record(actor=None, application=application, authority=yes, agrees=True)
    services.agreement_record(actor=None, application=application, authority=no, agrees=False)
    client.force_login(officer)
    html = client.get(reverse("commissioning:application_detail", args=[application.pk]))
    text = html.content.decode()
    assert "Council A: agrees" in text
    assert "Police B: does not agree" in text
    assert "NHS C: not yet recorded" in text
    assert text.count("Police B") == 1
