"""The letters to the complainant (acknowledgment, application not valid, decision): the
words are built here, from the case and its decision, and rendered both as an accessible HTML
page and, from that same HTML, as a tagged (PDF/UA-1) PDF to print or send."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from crimeplan.core.letters import Letter, LetterNotReady, long_date
from crimeplan.core.pdf import tagged_pdf

from .constants import Finding, LetterKind
from .models import ComplaintReview

__all__ = ["Letter", "LetterNotReady", "letter_document", "letter_for", "letter_pdf"]


def _acknowledgment(review: ComplaintReview, body: str) -> list[str]:
    return [
        _(
            "Thank you for your request, received on %(received)s, for a review of the outcome "
            "of your complaint (the force's reference %(force_reference)s). Our reference is "
            "%(reference)s."
        )
        % {
            "received": long_date(review.received_on),
            "force_reference": review.force_reference,
            "reference": review.reference,
        },
        _(
            "The %(body)s reviews complaints that the force handled itself. We will check that "
            "your application is valid, ask the force for its complaint file, and write to you "
            "with the review's decision."
        )
        % {"body": body},
    ]


def _not_valid(review: ComplaintReview, body: str) -> list[str]:
    if review.valid is not False:
        raise LetterNotReady("The application has not been found not valid.")
    reasons = review.validity_reasons_for_applicant or review.validity_reasons
    return [
        _(
            "We have considered your request for a review of the outcome of your complaint "
            "(the force's reference %(force_reference)s)."
        )
        % {"force_reference": review.force_reference},
        _("We are not able to review it, for these reasons:"),
        *reasons.splitlines(),
        _(
            "If the Independent Office for Police Conduct is the relevant review body for your "
            "complaint, the force's outcome letter says so and tells you how to apply to it."
        ),
    ]


def _decision(review: ComplaintReview, body: str) -> list[str]:
    if review.decided_on is None:
        raise LetterNotReady("The review has not been decided yet.")
    reference = {"force_reference": review.force_reference}
    if review.finding == Finding.REASONABLE:
        paragraphs = [
            _(
                "We have reviewed the outcome of your complaint (the force's reference "
                "%(force_reference)s) and found that it was reasonable and proportionate."
            )
            % reference,
            _("Our reasons:"),
            *review.decision_reasons.splitlines(),
            _(
                "This decision ends the complaints process. If you think the decision is wrong "
                "in law, you may seek legal advice about a judicial review."
            ),
        ]
    else:
        paragraphs = [
            _(
                "We have reviewed the outcome of your complaint (the force's reference "
                "%(force_reference)s) and found that it was not reasonable and proportionate. "
                "Your review is upheld."
            )
            % reference,
            _("Our reasons:"),
            *review.decision_reasons.splitlines(),
        ]
        recommendations = list(review.recommendations.all())
        if recommendations:
            paragraphs.append(_("We have recommended that the force:"))
            paragraphs.extend(r.text for r in recommendations)
            paragraphs.append(
                _(
                    "The force must tell us whether it accepts each recommendation and, if so, "
                    "what it will do; we will tell you its reply."
                )
            )
    paragraphs.append(
        _("Issued on behalf of the %(body)s on %(day)s.")
        % {"body": body, "day": long_date(review.decided_on)}
    )
    return paragraphs


BUILDERS = {
    LetterKind.ACKNOWLEDGMENT: _acknowledgment,
    LetterKind.NOT_VALID: _not_valid,
    LetterKind.DECISION: _decision,
}


def letter_for(
    review: ComplaintReview, kind: LetterKind, *, body: str, today: datetime.date
) -> Letter:
    """The letter, in the language the complainant asked to be written to in."""
    with translation.override(review.correspondence_language):
        return Letter(
            kind=kind,
            title=_("Your complaint review: %(kind)s") % {"kind": str(kind.label).lower()},
            date=today,
            reference=review.reference,
            addressee=review.complainant_name,
            paragraphs=tuple(BUILDERS[kind](review, body)),
            sender=_("Complaint review officer, %(body)s") % {"body": body},
            language=review.correspondence_language,
        )


def letter_document(letter: Letter) -> str:
    """The letter as a whole print-styled HTML document: the same text as the letter's page."""
    return render_to_string("complaint_reviews/letter_document.html", {"letter": letter})


def letter_pdf(letter: Letter) -> bytes:
    return tagged_pdf(letter_document(letter))
