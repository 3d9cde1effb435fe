"""A round can never be over-allocated: the service refuses, and the database refuses too."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning import services
from crimeplan.commissioning.models import Award, Round

from .factories import RoundFactory

START = datetime.date(2025, 4, 1)
END = datetime.date(2026, 3, 31)


def _award(round_: Round, recipient, amount: int) -> Award:  # type: ignore[no-untyped-def]
    return services.award_create(
        actor=None,
        round=round_,
        recipient=recipient,
        title="A grant",
        amount_pence=amount,
        starts_on=START,
        ends_on=END,
    )


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    budget=st.integers(min_value=0, max_value=10**9),
    amounts=st.lists(st.integers(min_value=-5, max_value=4 * 10**8), max_size=12),
)
def test_no_sequence_of_awards_over_allocates(budget: int, amounts: list[int]) -> None:
    round_ = RoundFactory(budget_pence=budget)
    recipient = OrganisationFactory()
    accepted = 0
    for amount in amounts:
        try:
            _award(round_, recipient, amount)
        except ValidationError:
            # Refused exactly when it was not a positive amount within what was left.
            assert amount <= 0 or accepted + amount > budget
        else:
            assert 0 < amount <= budget - accepted
            accepted += amount
        round_.refresh_from_db()
        total = sum(Award.objects.filter(round=round_).values_list("amount_pence", flat=True))
        assert round_.allocated_pence == total == accepted
        assert total <= budget


@pytest.mark.django_db
def test_database_refuses_over_allocation() -> None:
    round_ = RoundFactory(budget_pence=100_00)
    round_.allocated_pence = 100_01
    with pytest.raises(IntegrityError), transaction.atomic():
        round_.save()


@pytest.mark.django_db
def test_last_pence_can_be_awarded_but_not_one_more() -> None:
    round_ = RoundFactory(budget_pence=5000_00)
    recipient = OrganisationFactory()
    _award(round_, recipient, 4999_99)
    _award(round_, recipient, 1)
    with pytest.raises(ValidationError, match=r"over-allocate the round: £0\.00 of £5,000\.00"):
        _award(round_, recipient, 1)
