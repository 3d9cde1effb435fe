"""The letters to the applicant (acknowledgement, threshold decision, outcome): the words are
built once, here, and rendered both as accessible HTML and, from that same HTML, as a tagged
(PDF/UA-1) PDF."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string

from crimeplan.core.pdf import tagged_pdf

from .constants import LetterKind
from .models import CaseReview
from .threshold import long_date


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    title: str
    date: datetime.date
    reference: str
    addressee: str
    paragraphs: tuple[str, ...]
    sender: str


class LetterNotReady(ValueError):
    pass


def _acknowledgement(case: CaseReview, opcc_name: str) -> list[str]:
    return [
        f"Thank you for your application for an ASB Case Review, which we received on "
        f"{long_date(case.received_on)}. Your reference is {case.reference}.",
        "We will now check whether the threshold for a review is met, and write to you with "
        "our decision.",
        "If you would like support, we can refer you to the local victim support service: "
        "tell us and we will arrange it.",
        f"If you are unhappy with how your application is handled, you can write to the "
        f"{opcc_name}.",
    ]


def _threshold(case: CaseReview, opcc_name: str) -> list[str]:
    if case.threshold_met is None:
        raise LetterNotReady("The threshold has not been decided yet.")
    if case.threshold_met:
        paragraphs = [
            "We have decided that the threshold for an ASB Case Review is met.",
        ]
        if case.review_scheduled_for:
            paragraphs.append(
                f"The review will be held on {long_date(case.review_scheduled_for)}."
                + (
                    " You are invited to attend the start of the meeting."
                    if case.victim_invited
                    else ""
                )
            )
    else:
        paragraphs = [
            "We have decided that the threshold for an ASB Case Review is not met.",
            "We have told the bodies involved about your concerns. If the behaviour goes on, "
            "please keep reporting it; you can apply again.",
        ]
    paragraphs.append("How we reached this decision:")
    paragraphs.extend(case.threshold_explanation.splitlines())
    if case.threshold_override_reason:
        paragraphs.append(f"We also took into account: {case.threshold_override_reason}")
    paragraphs.append(
        f"If you are unhappy with how your application was handled, you can write to the "
        f"{opcc_name}, quoting {case.reference}."
    )
    return paragraphs


def _outcome(case: CaseReview, opcc_name: str) -> list[str]:
    if case.review_held_on is None:
        raise LetterNotReady("The review has not been held yet.")
    paragraphs = [
        f"The ASB Case Review panel met on {long_date(case.review_held_on)}.",
        f"What the panel found: {case.findings}",
    ]
    recommendations = list(case.recommendations.all())
    if recommendations:
        paragraphs.append("The panel recommended:")
        paragraphs.extend(
            f"{r.text} (for {r.owner}, by {long_date(r.due_on)})" for r in recommendations
        )
    else:
        paragraphs.append("The panel made no recommendations.")
    paragraphs += [
        f"Support offered: {case.victim_support}",
        f"If you are unhappy with how the review was handled, you can write to the "
        f"{opcc_name}, quoting {case.reference}.",
    ]
    return paragraphs


BUILDERS = {
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement,
    LetterKind.THRESHOLD: _threshold,
    LetterKind.OUTCOME: _outcome,
}


def letter_for(
    case: CaseReview, kind: LetterKind, *, opcc_name: str, today: datetime.date
) -> Letter:
    return Letter(
        kind=kind,
        title=f"Your ASB Case Review: {kind.label.lower()}",
        date=today,
        reference=case.reference,
        addressee=case.applicant_name,
        paragraphs=tuple(BUILDERS[kind](case, opcc_name)),
        sender=f"ASB Case Review co-ordinator, {opcc_name}",
    )


def letter_document(letter: Letter) -> str:
    """The letter as a whole print-styled HTML document: the same text as the letter's page."""
    return render_to_string("asb_reviews/letter_document.html", {"letter": letter})


def letter_pdf(letter: Letter) -> bytes:
    return tagged_pdf(letter_document(letter))
