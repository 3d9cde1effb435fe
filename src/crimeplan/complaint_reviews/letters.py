"""The letters to the complainant (acknowledgment, application not valid, decision): the
words are built here, from the case and its decision, and rendered both as an accessible HTML
page and, from that same HTML, as a tagged (PDF/UA-1) PDF to print or send."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string

from crimeplan.core.pdf import tagged_pdf

from .constants import Finding, LetterKind
from .models import ComplaintReview


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


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _acknowledgment(review: ComplaintReview, body: str) -> list[str]:
    return [
        f"Thank you for your request, received on {_long(review.received_on)}, for a review "
        f"of the outcome of your complaint (the force's reference {review.force_reference}). "
        f"Our reference is {review.reference}.",
        f"The {body} reviews complaints that the force handled itself. We will check that "
        "your application is valid, ask the force for its complaint file, and write to you "
        "with the review's decision.",
    ]


def _not_valid(review: ComplaintReview, body: str) -> list[str]:
    if review.valid is not False:
        raise LetterNotReady("The application has not been found not valid.")
    return [
        f"We have considered your request for a review of the outcome of your complaint "
        f"(the force's reference {review.force_reference}).",
        "We are not able to review it, for these reasons:",
        *review.validity_reasons.splitlines(),
        "If the Independent Office for Police Conduct is the relevant review body for your "
        "complaint, the force's outcome letter says so and tells you how to apply to it.",
    ]


def _decision(review: ComplaintReview, body: str) -> list[str]:
    if review.decided_on is None:
        raise LetterNotReady("The review has not been decided yet.")
    if review.finding == Finding.REASONABLE:
        paragraphs = [
            f"We have reviewed the outcome of your complaint (the force's reference "
            f"{review.force_reference}) and found that it was reasonable and proportionate.",
            "Our reasons:",
            *review.decision_reasons.splitlines(),
            "This decision ends the complaints process. If you think the decision is wrong "
            "in law, you may seek legal advice about a judicial review.",
        ]
    else:
        paragraphs = [
            f"We have reviewed the outcome of your complaint (the force's reference "
            f"{review.force_reference}) and found that it was not reasonable and "
            "proportionate. Your review is upheld.",
            "Our reasons:",
            *review.decision_reasons.splitlines(),
        ]
        recommendations = list(review.recommendations.all())
        if recommendations:
            paragraphs.append("We have recommended that the force:")
            paragraphs.extend(r.text for r in recommendations)
            paragraphs.append(
                "The force must tell us whether it accepts each recommendation and, if so, "
                "what it will do; we will tell you its reply."
            )
    paragraphs.append(f"Issued on behalf of the {body} on {_long(review.decided_on)}.")
    return paragraphs


BUILDERS = {
    LetterKind.ACKNOWLEDGMENT: _acknowledgment,
    LetterKind.NOT_VALID: _not_valid,
    LetterKind.DECISION: _decision,
}


def letter_for(
    review: ComplaintReview, kind: LetterKind, *, body: str, today: datetime.date
) -> Letter:
    return Letter(
        kind=kind,
        title=f"Your complaint review: {kind.label.lower()}",
        date=today,
        reference=review.reference,
        addressee=review.complainant_name,
        paragraphs=tuple(BUILDERS[kind](review, body)),
        sender=f"Complaint review officer, {body}",
    )


def letter_document(letter: Letter) -> str:
    """The letter as a whole print-styled HTML document: the same text as the letter's page."""
    return render_to_string("complaint_reviews/letter_document.html", {"letter": letter})


def letter_pdf(letter: Letter) -> bytes:
    return tagged_pdf(letter_document(letter))
