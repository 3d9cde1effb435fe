"""The plan update's Welsh copy: its translation memory, and what the copy still lacks.

Where the site offers Welsh (docs/how-to/welsh.md), each version of the plan update is published
in Welsh too, at the same moment. The report's own words are the site's (`gettext`); the
performance tables take the framework's Welsh names and the analysts' Welsh comments; what
people typed (the foreword, the priorities, the items, the actions and their updates, the
funding, the glossary) is said in Welsh from the plan's translation memory (`WelshText`): the
Welsh of each piece of English, kept by that English, so a piece translated once is Welsh in
every later version, and a piece whose English changes needs its Welsh again. While any piece
lacks its Welsh, the plan update cannot be published (`missing_problem`).
"""

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from ..figures import placeholders
from ..models import Plan, WelshText
from ..richtext import clean_html

# How many pieces a problem names before it says "and N more".
NAMED = 5
# The parts of the report, in its order (Translator.part).
PLAN, PRIORITIES, TABLES, GLOSSARY = range(4)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Piece:
    """One piece of the plan's typed English the Welsh copy prints: where it is first printed,
    its English, whether it is rich text (HTML), and its Welsh ("" while there is none)."""

    where: str
    source: str
    html: bool
    welsh: str
    part: int = 0  # which part of the report it is first printed in (Translator.part)

    @property
    def key(self) -> str:
        return source_hash(self.source)


@dataclass
class Translator:
    """Says typed English in the report's language: in the English copy as typed; in the
    Welsh copy from the translation memory, noting each piece it is asked for (the first
    place each is printed) so that the pieces can be listed, translated and checked."""

    memory: Mapping[str, str] | None = None  # English → Welsh; None for the English copy
    pieces: dict[str, Piece] = field(default_factory=dict)
    # The part of the report being worded (the plan's own text, the priorities, the tables,
    # the glossary), so that the pieces are listed in the report's order whatever order
    # they are worded in.
    part: int = 0

    @property
    def welsh(self) -> bool:
        return self.memory is not None

    def say(self, text: str, where: str, *, html: bool = False) -> str:
        if self.memory is None or not text.strip():
            return text
        welsh = self.memory.get(text, "")
        self.pieces.setdefault(text, Piece(where, text, html, welsh, self.part))
        return welsh or text

    def html(self, text: str, where: str) -> str:
        return self.say(text, where, html=True)

    @property
    def listed(self) -> list[Piece]:
        """The pieces in the order the report prints them."""
        return sorted(self.pieces.values(), key=lambda piece: piece.part)

    @property
    def missing(self) -> list[Piece]:
        return [piece for piece in self.listed if not piece.welsh]


def memory_of(plan: Plan) -> dict[str, str]:
    """The plan's translation memory: English → Welsh."""
    return {t.source: t.welsh for t in plan.welsh_texts.all() if t.welsh.strip()}


def missing_problem(missing: list[Piece]) -> str | None:
    """The publication blocker a Welsh copy with pieces lacking Welsh has, naming the first
    few by where they are; None when none lacks it."""
    if not missing:
        return None
    named = "; ".join(piece.where for piece in missing[:NAMED])
    more = f"; and {len(missing) - NAMED} more" if len(missing) > NAMED else ""
    pieces = "piece" if len(missing) == 1 else "pieces"
    return (
        f"The Welsh copy lacks the Welsh of {len(missing)} {pieces} of the plan's text: "
        f"{named}{more}. Add it on the plan update's Welsh page."
    )


def _checked(piece: Piece, welsh: str) -> str:
    """The Welsh as kept: rich text cleaned as the English was; refused, naming the piece,
    where its figure placeholders are not the English's."""
    welsh = welsh.strip()
    if piece.html:
        welsh = clean_html(welsh)
    if Counter(placeholders(welsh)) != Counter(placeholders(piece.source)):
        wanted = ", ".join(placeholders(piece.source)) or "none"
        raise ValidationError(
            f"{piece.where}: the Welsh must hold the same figure placeholders as the English "
            f"({wanted})"
        )
    return welsh


@transaction.atomic
def welsh_save(*, plan: Plan, actor: Any, pieces: Sequence[Piece], welsh: Mapping[str, str]) -> int:
    """Keeps the Welsh given for `pieces` (`welsh`: a piece's key to its Welsh; a blank one
    takes the piece's Welsh away). All or nothing: a piece refused (ValidationError by the
    piece's key, its message naming it) keeps nothing. Returns how many pieces changed;
    audited, without the text."""
    by_key = {piece.key: piece for piece in pieces}
    unknown = sorted(set(welsh) - set(by_key))
    if unknown:
        raise ValidationError(
            f"{len(unknown)} of the pieces sent are not in the plan update any more: reload the "
            "page and enter them again"
        )
    errors: dict[str, list[str]] = {}
    checked = {}
    for key, text in welsh.items():
        try:
            checked[key] = _checked(by_key[key], text) if text.strip() else ""
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    changed = _store(plan, actor, by_key, checked)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            instance=plan,
            summary=f"Welsh of {changed} piece(s) of the {plan.slug} plan update's text saved",
        )
    return changed


def _store(plan: Plan, actor: Any, by_key: Mapping[str, Piece], checked: Mapping[str, str]) -> int:
    held = {t.source_hash: t for t in plan.welsh_texts.filter(source_hash__in=list(checked))}
    changed = 0
    for key, text in checked.items():
        existing = held.get(key)
        if existing is None and text:
            WelshText.objects.create(
                plan=plan, source_hash=key, source=by_key[key].source, welsh=text, updated_by=actor
            )
        elif existing is not None and not text:
            existing.delete()
        elif existing is not None and existing.welsh != text:
            existing.welsh = text
            existing.updated_by = actor
            existing.save()
        else:
            continue
        changed += 1
    return changed
