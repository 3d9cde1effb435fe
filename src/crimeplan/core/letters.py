"""A letter to a member of the public (an applicant, a complainant): its words, built by the
app that sends it, in the language the person asked to be written to in. Each app renders it
as an HTML page and, from the same HTML, a tagged PDF (`core.pdf.tagged_pdf`)."""

import datetime
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import dateformat

from . import languages


@dataclass(frozen=True)
class Letter:
    kind: TextChoices  # the app's kind of letter
    title: str
    date: datetime.date
    reference: str
    addressee: str
    paragraphs: tuple[str, ...]
    sender: str
    # The addressee's language (a code of core.languages): the letter is written in it.
    language: str = languages.ENGLISH

    @property
    def lang(self) -> str:
        return languages.html_lang(self.language)


class LetterNotReady(ValueError):
    """The case has not reached the point this letter tells of."""


def long_date(day: datetime.date) -> str:
    """5 December 2026, in the active language (5 Rhagfyr 2026 in Welsh)."""
    return dateformat.format(day, "j F Y")
