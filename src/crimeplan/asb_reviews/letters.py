"""The letters to the applicant (acknowledgement, threshold decision, outcome): the words are
built once, here, and rendered both as accessible HTML and, from that same HTML, as a tagged
(PDF/UA-1) PDF."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from crimeplan.core.letters import Letter, LetterNotReady, long_date
from crimeplan.core.pdf import tagged_pdf

from .constants import LetterKind
from .models import CaseReview

__all__ = ["Letter", "LetterNotReady", "letter_document", "letter_for", "letter_pdf"]


def _acknowledgement(case: CaseReview, opcc_name: str) -> list[str]:
    return [
        _(
            "Thank you for your application for an ASB Case Review, which we received on "
            "%(received)s. Your reference is %(reference)s."
        )
        % {"received": long_date(case.received_on), "reference": case.reference},
        _(
            "We will now check whether the threshold for a review is met, and write to you "
            "with our decision."
        ),
        _(
            "If you would like support, we can refer you to the local victim support service: "
            "tell us and we will arrange it."
        ),
        _("If you are unhappy with how your application is handled, you can write to the %(opcc)s.")
        % {"opcc": opcc_name},
    ]


def _threshold(case: CaseReview, opcc_name: str) -> list[str]:
    if case.threshold_met is None:
        raise LetterNotReady("The threshold has not been decided yet.")
    if case.threshold_met:
        paragraphs = [_("We have decided that the threshold for an ASB Case Review is met.")]
        if case.review_scheduled_for:
            held = _("The review will be held on %(day)s.") % {
                "day": long_date(case.review_scheduled_for)
            }
            if case.victim_invited:
                held += " " + _("You are invited to attend the start of the meeting.")
            paragraphs.append(held)
    else:
        paragraphs = [
            _("We have decided that the threshold for an ASB Case Review is not met."),
            _(
                "We have told the bodies involved about your concerns. If the behaviour goes "
                "on, please keep reporting it; you can apply again."
            ),
        ]
    paragraphs.append(_("How we reached this decision:"))
    explanation = case.threshold_explanation_for_applicant or case.threshold_explanation
    paragraphs.extend(explanation.splitlines())
    if case.threshold_override_reason:
        paragraphs.append(
            _("We also took into account: %(reason)s") % {"reason": case.threshold_override_reason}
        )
    paragraphs.append(
        _(
            "If you are unhappy with how your application was handled, you can write to the "
            "%(opcc)s, quoting %(reference)s."
        )
        % {"opcc": opcc_name, "reference": case.reference}
    )
    return paragraphs


def _outcome(case: CaseReview, opcc_name: str) -> list[str]:
    if case.review_held_on is None:
        raise LetterNotReady("The review has not been held yet.")
    paragraphs = [
        _("The ASB Case Review panel met on %(day)s.") % {"day": long_date(case.review_held_on)},
        _("What the panel found: %(findings)s") % {"findings": case.findings},
    ]
    recommendations = list(case.recommendations.all())
    if recommendations:
        paragraphs.append(_("The panel recommended:"))
        paragraphs.extend(
            _("%(text)s (for %(owner)s, by %(due)s)")
            % {"text": r.text, "owner": r.owner, "due": long_date(r.due_on)}
            for r in recommendations
        )
    else:
        paragraphs.append(_("The panel made no recommendations."))
    paragraphs += [
        _("Support offered: %(support)s") % {"support": case.victim_support},
        _(
            "If you are unhappy with how the review was handled, you can write to the "
            "%(opcc)s, quoting %(reference)s."
        )
        % {"opcc": opcc_name, "reference": case.reference},
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
    """The letter, in the language the applicant asked to be written to in."""
    with translation.override(case.correspondence_language):
        return Letter(
            kind=kind,
            title=_("Your ASB Case Review: %(kind)s") % {"kind": str(kind.label).lower()},
            date=today,
            reference=case.reference,
            addressee=case.applicant_name,
            paragraphs=tuple(BUILDERS[kind](case, opcc_name)),
            sender=_("ASB Case Review co-ordinator, %(opcc)s") % {"opcc": opcc_name},
            language=case.correspondence_language,
        )


def letter_document(letter: Letter) -> str:
    """The letter as a whole print-styled HTML document: the same text as the letter's page."""
    return render_to_string("asb_reviews/letter_document.html", {"letter": letter})


def letter_pdf(letter: Letter) -> bytes:
    return tagged_pdf(letter_document(letter))
