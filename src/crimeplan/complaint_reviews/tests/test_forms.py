"""The application forms: an out-of-time application is told why and how to ask for the
late-application discretion; a contact route is needed; every message names its field."""

import datetime

import pytest

from ..forms import PublicApplicationForm, StaffApplicationForm

TODAY = datetime.date(2026, 3, 30)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def _data(**changes: str) -> dict[str, str]:
    return {
        "complainant_name": "Robin Example",
        "complainant_email": "robin@example.org",
        "force_reference": "CO/1",
        "outcome_letter_on": "02/03/2026",
        "outcome_reviewed": "No further action.",
        "grounds": "Nobody spoke to my witness.",
    } | changes


def test_in_time_is_valid() -> None:
    # 2 March + 28 days = 30 March: the last day to apply.
    assert PublicApplicationForm(_data()).is_valid()


def test_out_of_time_explains_the_limit_and_the_discretion_route() -> None:
    form = PublicApplicationForm(_data(outcome_letter_on="01/03/2026"))
    assert not form.is_valid()
    message = form.errors["late_reason"][0]
    assert "within 28 days of the outcome letter" in message
    assert "for a letter dated 1 March 2026, by 29 March 2026" in message
    assert "tell us the reason below" in message
    assert "review officer will decide whether to accept it" in message


def test_out_of_time_with_a_reason_goes_to_the_review_officer() -> None:
    form = PublicApplicationForm(
        _data(outcome_letter_on="01/03/2026", late_reason="I was in hospital.")
    )
    assert form.is_valid(), form.errors


def test_a_letter_dated_in_the_future_is_refused() -> None:
    form = PublicApplicationForm(_data(outcome_letter_on="01/04/2026"))
    assert form.errors["outcome_letter_on"] == [
        "The date of the outcome letter must be in the past"
    ]


def test_a_way_to_reply_is_needed() -> None:
    form = PublicApplicationForm(_data(complainant_email=""))
    assert form.errors["complainant_email"] == [
        "Enter an e-mail address, a phone number or a postal address"
    ]
    assert PublicApplicationForm(_data(complainant_email="", complainant_phone="0123")).is_valid()


def test_missing_fields_name_themselves() -> None:
    form = PublicApplicationForm({})
    assert form.errors["force_reference"] == [
        "Enter the complaint reference from the outcome letter"
    ]
    assert form.errors["outcome_letter_on"] == ["Enter the date of the outcome letter"]
    assert form.errors["grounds"] == [
        "Enter why you think the outcome was not reasonable and proportionate"
    ]


def test_staff_entry_counts_the_28_days_to_the_date_received() -> None:
    late = StaffApplicationForm(
        _data(outcome_letter_on="01/01/2026", channel="post", received_on_date="20/01/2026")
    )
    assert late.is_valid(), late.errors
    form = StaffApplicationForm(
        _data(outcome_letter_on="01/01/2026", channel="post", received_on_date="30/03/2026")
    )
    assert "late_reason" in form.errors


def test_staff_cannot_enter_a_date_received_in_the_future() -> None:
    form = StaffApplicationForm(_data(channel="phone", received_on_date="31/03/2026"))
    assert form.errors["received_on_date"] == ["The date received cannot be in the future"]
