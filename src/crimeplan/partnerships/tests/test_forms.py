"""The forms' messages name what is wrong, in the field's words."""

import pytest

from crimeplan.accounts.tests.factories import OrganisationFactory

from ..forms import BoardForm, FundingForm, MeetingForm, MemberForm, PostForm
from ..models import Meeting, PostFunding
from .factories import BoardFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_an_empty_board_form_says_what_to_enter() -> None:
    form = BoardForm({})
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter the board's name"]
    assert form.errors["kind"] == ["Choose the kind of board"]
    assert form.errors["opcc_role"] == ["Choose the OPCC's part in the board"]


def test_a_review_date_that_is_no_date_is_named() -> None:
    form = BoardForm(
        {"name": "B", "kind": "panel", "opcc_role": "member", "terms_review_on": "2024-02-30"}
    )
    assert form.errors["terms_review_on"] == [
        "Enter the terms of reference due for review on as a real date, for example 1 4 2025"
    ]


def test_a_member_needs_an_organisation_or_a_role() -> None:
    form = MemberForm({"role_title": "  "})
    assert form.errors["organisation"] == ["Choose an organisation or enter a role on the board"]
    assert MemberForm({"role_title": "Independent chair"}).is_valid()


def test_a_held_meeting_cannot_be_in_the_future() -> None:
    form = MeetingForm(
        {"held_on": "2099-01-01", "status": "held"}, instance=Meeting(board=BoardFactory())
    )
    assert form.errors["status"] == ["A meeting dated in the future cannot have been held yet"]


def test_a_post_ending_before_it_starts_is_refused() -> None:
    form = PostForm(
        {
            "title": "Co-ordinator",
            "host_organisation": OrganisationFactory().pk,
            "starts_on": "2024-04-01",
            "ends_on": "2024-03-01",
        }
    )
    assert not form.is_valid()
    assert "The end date must be on or after the start date" in str(form.errors)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount in pounds"),
        ("twelve", "Enter the amount in pounds, like 12500 or 12500.50"),
        ("-5", "Enter the amount in pounds, like 12500 or 12500.50"),
        ("1.005", "Enter the amount in pounds, like 12500 or 12500.50"),
        ("100000000.01", "The amount must be no more than £100,000,000"),
    ],
)
def test_an_amount_that_is_not_pounds_is_named(typed: str, message: str) -> None:
    form = FundingForm(
        {"funder": OrganisationFactory().pk, "financial_year": "2024", "amount": typed},
        instance=PostFunding(post=PostFactory()),
    )
    assert form.errors["amount"] == [message]


def test_an_amount_in_pounds_is_kept_in_pence() -> None:
    form = FundingForm(
        {"funder": OrganisationFactory().pk, "financial_year": "2024", "amount": "£12,500.50"},
        instance=PostFunding(post=PostFactory()),
    )
    assert form.is_valid(), form.errors
    assert form.save(commit=False).amount_pence == 1_250_050


def test_a_year_outside_the_list_is_refused() -> None:
    form = FundingForm(
        {"funder": OrganisationFactory().pk, "financial_year": "1900", "amount": "1"},
        instance=PostFunding(post=PostFactory()),
    )
    assert form.errors["financial_year"] == ["Choose a financial year from the list"]
