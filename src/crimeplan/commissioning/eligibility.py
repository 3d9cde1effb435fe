"""Whether an applicant is eligible, and why not: the answers to a round's yes/no questions
and the round's rules on amounts and match funding. Plain data in, reasons out."""

from collections.abc import Callable, Iterable, Mapping
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


def _as_written(message: str) -> str:
    return message


def rule_errors(
    rules: Rules,
    *,
    amount_pence: int | None,
    match_funding_pence: int | None,
    match_funding_form: str,
    labour_pence: int | None = None,
    non_labour_pence: int | None = None,
    gettext: Callable[[str], str] = _as_written,
) -> dict[str, str]:
    """Field name → what is wrong with it under the round's rules. `gettext` translates each
    message before its values go in (the caller's, for a page in Welsh); this module stays
    free of Django."""
    errors: dict[str, str] = {}
    if (
        amount_pence is not None
        and rules.max_amount_pence is not None
        and amount_pence > rules.max_amount_pence
    ):
        errors["amount"] = gettext("The amount must be %(most)s or less") % {
            "most": format_pence(rules.max_amount_pence, whole=True)
        }
    if rules.match_funding_percent and amount_pence is not None:
        needed = percentage_of(amount_pence, rules.match_funding_percent)
        if (match_funding_pence or 0) < needed:
            errors["match_funding"] = gettext(
                "Match funding must be at least %(percent)s%% of the amount asked for, "
                "which is %(needed)s"
            ) % {"percent": rules.match_funding_percent, "needed": format_pence(needed)}
        allowed = {
            MatchFundingForm.EITHER: {MatchFundingForm.CASH, MatchFundingForm.IN_KIND},
            MatchFundingForm.CASH: {MatchFundingForm.CASH},
            MatchFundingForm.IN_KIND: {MatchFundingForm.IN_KIND},
        }[MatchFundingForm(rules.match_funding_form)]
        if match_funding_form and match_funding_form not in allowed:
            errors["match_funding_form"] = (
                gettext("This round accepts match funding in cash only")
                if rules.match_funding_form == MatchFundingForm.CASH
                else gettext("This round accepts match funding in kind only")
            )
    if rules.costs_split and amount_pence is not None:
        if labour_pence is None or non_labour_pence is None:
            errors["labour"] = gettext("Enter the labour and non-labour costs")
        elif labour_pence + non_labour_pence != amount_pence:
            errors["labour"] = gettext(
                "Labour and non-labour costs must add up to the amount asked for, %(amount)s"
            ) % {"amount": format_pence(amount_pence)}
    return errors
