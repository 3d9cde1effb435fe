"""Changing and archiving funds and rounds, and recording what became of a bid."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import selectors, services
from crimeplan.commissioning.constants import BidOutcome, FundKind
from crimeplan.commissioning.models import Bid, Fund, Round

from .factories import FundFactory, RoundFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc"))


def _award(round_: Round, amount_pence: int) -> None:
    services.award_create(
        actor=None, round=round_, recipient=OrganisationFactory(), title="Grant",
        amount_pence=amount_pence, starts_on=START, ends_on=END,
    )  # fmt: skip


def _round_fields(**changes: str) -> dict[str, str]:
    return {
        "name": "Round 1",
        "years": "2025/26",
        "opens_on": "2025-04-01",
        "closes_on": "2025-06-30",
        "budget": "10000",
        "max_bids": "",
        "max_amount": "",
        "match_funding_percent": "0",
        "match_funding_form": "either",
        **changes,
    }


def test_a_round_budget_cannot_be_cut_below_what_is_awarded(client, officer) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory(budget_pence=10_000_00)
    _award(round_, 6_000_00)
    with pytest.raises(ValidationError, match=r"less than the £6,000\.00 already awarded"):
        services.round_update(actor=officer, round=round_, name=round_.name, budget_pence=5_999_99)
    client.force_login(officer)
    url = reverse("commissioning:round_edit", args=[round_.pk])
    page = client.post(url, _round_fields(budget="5999.99", years="typed 25/26")).content.decode()
    assert "The budget cannot be less than the £6,000.00 already awarded" in page
    assert 'href="#id_budget"' in page  # the error summary links to the field
    assert "typed 25/26" in page  # nothing typed is lost
    round_.refresh_from_db()
    assert round_.budget_pence == 10_000_00
    assert client.post(url, _round_fields(budget="6000")).status_code == 302
    round_.refresh_from_db()
    assert (round_.budget_pence, round_.name, round_.years) == (6_000_00, "Round 1", "2025/26")
    assert round_.history.count() == 3  # created, allocation increased, edited
    event = (
        AuditEvent.objects.filter(object_type="commissioning.Round", action="change")
        .order_by("pk")
        .last()
    )
    assert "budget £10,000.00 to £6,000.00" in event.summary


def test_round_dates_must_be_in_order_and_amounts_in_pounds(client, officer) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    client.force_login(officer)
    url = reverse("commissioning:round_edit", args=[round_.pk])
    page = client.post(url, _round_fields(closes_on="2025-03-01")).content.decode()
    assert "The closing date must be on or after the opening date" in page
    page = client.post(url, _round_fields(budget="lots", max_amount="1.234")).content.decode()
    assert "Budget must be an amount in pounds" in page
    assert "Most one bid may ask for must be an amount in pounds" in page
    other = RoundFactory(fund=round_.fund, name="Round 2")
    page = client.post(url, _round_fields(name=other.name)).content.decode()
    assert "already has a round called Round 2" in page


def test_a_fund_can_be_changed_but_not_its_kind_nor_a_split_once_awarded(client, officer) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory(fund=FundFactory(name="Old name"))
    fund = round_.fund
    client.force_login(officer)
    url = reverse("commissioning:fund_edit", args=[fund.pk])
    fields = {"name": "New name", "funder": "OPCC", "carry_over_allowed": ""}
    assert client.post(url, {**fields, "kind": "national"}).status_code == 302
    fund.refresh_from_db()
    assert (fund.name, fund.kind, fund.carry_over_allowed) == ("New name", "local", False)
    assert AuditEvent.objects.filter(object_type="commissioning.Fund", action="change").exists()
    _award(round_, 100)
    page = client.post(url, {**fields, "costs_split": "on"}).content.decode()
    assert "whether costs are split cannot change" in page
    page = client.post(
        url, {**fields, "specified_authorities": [OrganisationFactory().pk]}
    ).content.decode()
    assert "Only a jointly decided fund has specified authorities" in page


def test_editing_a_joint_fund_keeps_an_archived_authority(client, officer) -> None:  # type: ignore[no-untyped-def]
    """A linked authority archived since stays a choice, ticked: saving does not drop it."""
    council, police = OrganisationFactory(name="Council"), OrganisationFactory(name="Police")
    fund = FundFactory(name="SVD", kind=FundKind.JOINT)
    fund.specified_authorities.set([council, police])
    council.archived_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    council.save()
    client.force_login(officer)
    url = reverse("commissioning:fund_edit", args=[fund.pk])
    page = client.get(url).content.decode()
    assert "Council" in page
    fields = {"name": "SVD", "funder": "Home Office", "carry_over_allowed": "on"}
    response = client.post(url, {**fields, "specified_authorities": [council.pk, police.pk]})
    assert response.status_code == 302
    assert set(fund.specified_authorities.all()) == {council, police}


def test_archived_funds_and_rounds_leave_the_public_form_but_not_reports(client, officer) -> None:  # type: ignore[no-untyped-def]
    kept = RoundFactory(name="Kept round")
    archived_round = RoundFactory(name="Archived round")
    archived_fund_round = RoundFactory(name="Round of an archived fund")
    assert set(selectors.open_rounds()) == {kept, archived_round, archived_fund_round}
    client.force_login(officer)
    response = client.post(reverse("commissioning:round_archive", args=[archived_round.pk]))
    assert response.status_code == 302
    client.post(reverse("commissioning:fund_archive", args=[archived_fund_round.fund.pk]))
    archived_round.refresh_from_db()
    assert archived_round.archived_at is not None
    assert Fund.objects.get(pk=archived_fund_round.fund.pk).archived_at is not None
    assert AuditEvent.objects.filter(action="archive").count() == 2
    # Gone from the public form and its new-application choices...
    assert selectors.open_rounds() == [kept]
    client.logout()
    page = client.get(reverse("commissioning:apply_start")).content.decode()
    assert "Kept round" in page and "Archived round" not in page
    for stale in (archived_round, archived_fund_round):
        assert client.post(reverse("commissioning:apply_begin", args=[stale.pk])).status_code == 404
        round_ = Round.objects.select_related("fund").get(pk=stale.pk)
        with pytest.raises(ValidationError, match="not open"):
            services.application_start(round=round_)
    # ...still in the reports, and still readable.
    summary_rounds = {row["round"] for row in selectors.summary()}
    assert {"Archived round", "Round of an archived fund"} <= summary_rounds
    client.force_login(officer)
    funds_page = client.get(reverse("commissioning:fund_list")).content.decode()
    assert "Archived funds (1)" in funds_page
    page = client.get(reverse("commissioning:round_detail", args=[archived_round.pk]))
    assert "This round was archived" in page.content.decode()
    with pytest.raises(ValidationError, match="archived"):
        services.round_create(
            actor=officer, fund=Fund.objects.get(pk=archived_fund_round.fund_id), name="New",
            budget_pence=1,
        )  # fmt: skip


def _national_round() -> Round:
    return RoundFactory(
        fund=FundFactory(kind=FundKind.NATIONAL),
        max_amount_pence=432_000_00,
        match_funding_percent=20,
    )


def test_a_recorded_bid_can_be_updated_with_its_outcome(client, officer) -> None:  # type: ignore[no-untyped-def]
    round_ = _national_round()
    bid = services.bid_record(
        actor=officer, round=round_, title="Lighting", amount_asked_pence=100_000_00,
        match_funding_pence=20_000_00, match_funding_form="cash",
    )  # fmt: skip
    client.force_login(officer)
    url = reverse("commissioning:bid_edit", args=[bid.pk])
    fields = {
        "title": "Lighting",
        "outcome": "won",
        "amount_asked": "100000",
        "amount_won": "90000.50",
        "match_funding": "20000",
        "match_funding_form": "cash",
        "submitted_on": "2025-05-01",
        "notes": "Typed note",
    }
    assert client.post(url, fields).status_code == 302
    bid.refresh_from_db()
    assert (bid.outcome, bid.amount_won_pence) == (BidOutcome.WON, 90_000_50)
    assert bid.notes == "Typed note"
    assert bid.history.count() == 2
    assert AuditEvent.objects.filter(object_type="commissioning.Bid", action="change").exists()
    cases = [
        ({"amount_won": "100000.01"}, "The amount won cannot exceed the amount asked"),
        ({"outcome": "lost"}, "Only a bid that was won has an amount won"),
        ({"match_funding": "100"}, "20%"),
        ({"amount_asked": "500000"}, "The amount must be £432,000 or less"),
        ({"amount_won": "ninety"}, "Amount won must be an amount in pounds"),
    ]
    for changes, message in cases:
        page = client.post(url, {**fields, **changes}).content.decode()
        assert message in page, changes
        assert "Typed note" in page
    bid.refresh_from_db()
    assert bid.amount_won_pence == 90_000_50
    round_page = client.get(reverse("commissioning:round_detail", args=[round_.pk])).content
    assert url.encode() in round_page


def test_the_summary_counts_a_bid_once_it_is_won(officer) -> None:  # type: ignore[no-untyped-def]
    round_ = _national_round()
    bid = Bid.objects.create(round=round_, title="X", amount_asked_pence=1_000_00)
    row = next(r for r in selectors.summary() if r["round"] == round_.name)
    assert row["amount_awarded_pence"] == 0
    services.bid_update(
        actor=officer, bid=bid, title="X", outcome=BidOutcome.PART_WON,
        amount_asked_pence=1_000_00, amount_won_pence=750_00, match_funding_pence=200_00,
        match_funding_form="cash",
    )  # fmt: skip
    row = next(r for r in selectors.summary() if r["round"] == round_.name)
    assert row["amount_awarded_pence"] == 750_00
