"""Notes the performance table prints, kept so that they can be said in another language.

A `Note` is its English text (it is a `str`, so it prints, compares and is stored as that text)
and also the message and values it was made from, so that a Welsh copy of a published report
says it in Welsh (`Note.say`) with the measure's and period's Welsh names. Pure: the message is
looked up through the `gettext` given, so this module, the engine and the framework stay free
of Django.
"""

from collections.abc import Callable, Mapping
from typing import Any, Self


def gettext_noop(message: str) -> str:
    """Marks a message for translation (`makemessages` finds it by this name); it is looked up
    when the note is said."""
    return message


def _same(message: str) -> str:
    return message


class Note(str):
    """A note in English, which can be said again in another language.

    `message` has `%(name)s` placeholders; `measure` and `period`, where the message names
    them, are the English name and label, and `measure_id` and `period_name` say which, so that
    `say` can put in the Welsh ones."""

    message: str
    values: Mapping[str, str]
    measure_id: str
    period_name: str

    def __new__(
        cls, message: str, *, measure_id: str = "", period_name: str = "", **values: object
    ) -> Self:
        words = {key: str(value) for key, value in values.items()}
        note = super().__new__(cls, message % words)
        note.message = message
        note.values = words
        note.measure_id = measure_id
        note.period_name = period_name
        return note

    def __reduce__(self) -> tuple[Any, ...]:
        return (_note, (self.message, self.measure_id, self.period_name, dict(self.values)))

    def say(
        self,
        gettext: Callable[[str], str] = _same,
        *,
        names: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> str:
        """The note in the language `gettext` looks messages up in; `names` (measure id to
        name) and `labels` (period name to label) give the names in that language, where
        known."""
        values = dict(self.values)
        if self.measure_id and (names or {}).get(self.measure_id):
            values["measure"] = (names or {})[self.measure_id]
        if self.period_name and (labels or {}).get(self.period_name):
            values["period"] = (labels or {})[self.period_name]
        return gettext(self.message) % values


def _note(message: str, measure_id: str, period_name: str, values: dict[str, str]) -> Note:
    return Note(message, measure_id=measure_id, period_name=period_name, **values)


def say(
    text: str,
    gettext: Callable[[str], str],
    *,
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """A note in another language where it is a `Note`; any other text as it is."""
    if isinstance(text, Note):
        return text.say(gettext, names=names, labels=labels)
    return text
