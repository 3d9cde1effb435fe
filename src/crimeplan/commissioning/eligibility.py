"""Whether an applicant is eligible, and why not: the answers to a round's yes/no questions
and the round's rules on amounts and match funding. Plain data in, reasons out."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crimeplan.core.money import format_pence, percentage_of

from .constants import MatchFundingForm


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    eligible_answer: bool
    reason_if_ineligible: str


@dataclass(frozen=True)
class Rules:
    max_amount_pence: int | None
    match_funding_percent: int
    match_funding_form: str
    costs_split: bool


def ineligible_reasons(questions: Iterable[Question], answers: Mapping[str, bool]) -> list[str]:
    """The reason for every question answered the wrong way, in the questions' order.
    An unanswered question is not a reason: the form asks for it first."""
    return [
        q.reason_if_ineligible
        for q in questions
        if q.key in answers and answers[q.key] != q.eligible_answer
    ]


def rule_errors(
    rules: Rules,
    *,
    amount_pence: int | None,
    match_funding_pence: int | None,
    match_funding_form: str,
    labour_pence: int | None = None,
    non_labour_pence: int | None = None,
) -> dict[str, str]:
    """Field name → what is wrong with it under the round's rules."""
    errors: dict[str, str] = {}
    if (
        amount_pence is not None
        and rules.max_amount_pence is not None
        and amount_pence > rules.max_amount_pence
    ):
        errors["amount"] = (
            f"The amount must be {format_pence(rules.max_amount_pence, whole=True)} or less"
        )
    if rules.match_funding_percent and amount_pence is not None:
        needed = percentage_of(amount_pence, rules.match_funding_percent)
        if (match_funding_pence or 0) < needed:
            errors["match_funding"] = (
                f"Match funding must be at least {rules.match_funding_percent}% of the amount "
                f"asked for, which is {format_pence(needed)}"
            )
        allowed = {
            MatchFundingForm.EITHER: {MatchFundingForm.CASH, MatchFundingForm.IN_KIND},
            MatchFundingForm.CASH: {MatchFundingForm.CASH},
            MatchFundingForm.IN_KIND: {MatchFundingForm.IN_KIND},
        }[MatchFundingForm(rules.match_funding_form)]
        if match_funding_form and match_funding_form not in allowed:
            form_label = MatchFundingForm(rules.match_funding_form).label.lower()
            errors["match_funding_form"] = f"This round accepts match funding {form_label} only"
    if rules.costs_split and amount_pence is not None:
        if labour_pence is None or non_labour_pence is None:
            errors["labour"] = "Enter the labour and non-labour costs"
        elif labour_pence + non_labour_pence != amount_pence:
            errors["labour"] = (
                f"Labour and non-labour costs must add up to the amount asked for, "
                f"{format_pence(amount_pence)}"
            )
    return errors
