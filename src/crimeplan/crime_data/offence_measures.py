"""The offence-code → measure mapping: the shipped definitions, analysts' edits, and TOML files."""

import datetime
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from crimeplan.audit.services import audited_change

from .models import OffenceMeasure, RecordedCrime

SHIPPED_FILE = Path(__file__).resolve().parent / "reference" / "offence_measures.toml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTRY_KEYS = {"name", "offence_codes", "source", "disabled_on"}
CODES_PER_LINE = 10
EXPORT_HEADER = """\
# Offence measures exported by `crimeplan offence-measures export`. Each measure sums the Home
# Office offence codes listed. Edit and load back with `crimeplan offence-measures load FILE`:
# every measure in the file is created or replaced (its codes must be in the recorded crime
# loaded); measures not in the file are left as they are; `disabled_on = YYYY-MM-DD` switches a
# measure off and leaving it out switches the measure on.
"""


class OffenceMeasureFileError(Exception):
    """A mapping file is wrong; names the file, the measure and the key."""

    def __init__(self, path: Path, message: str, *, where: str | None = None) -> None:
        self.path, self.where, self.detail = path, where, message
        super().__init__(f"{path}{f', {where}' if where else ''}: {message}")


@dataclass(frozen=True)
class MeasureDefinition:
    slug: str
    name: str
    offence_codes: tuple[str, ...]
    source: str
    disabled_on: datetime.date | None = None

    @classmethod
    def of(cls, measure: OffenceMeasure) -> "MeasureDefinition":
        return cls(
            slug=measure.slug,
            name=measure.name,
            offence_codes=tuple(measure.offence_codes),
            source=measure.source,
            disabled_on=measure.disabled_on,
        )

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "offence_codes": list(self.offence_codes),
            "source": self.source,
            "disabled_on": self.disabled_on,
        }


@dataclass
class MappingReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as edited"
        ]
        if self.kept:
            lines.append(
                "Kept because they differ from the file (an analyst may have edited them; "
                f"`crimeplan offence-measures load FILE` applies a file on purpose): "
                f"{', '.join(self.kept)}"
            )
        return lines


def _codes(path: Path, where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise OffenceMeasureFileError(path, "give a list of offence codes", where=where)
    codes = []
    for code in value:
        if not isinstance(code, str) or not code.strip():
            raise OffenceMeasureFileError(path, f"{code!r} is not an offence code", where=where)
        codes.append(code.strip())
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise OffenceMeasureFileError(path, f"listed twice: {', '.join(repeated)}", where=where)
    return tuple(codes)


def _text(path: Path, where: str, value: object, *, required: bool, limit: int | None) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise OffenceMeasureFileError(path, "give some text", where=where)
    if limit is not None and len(value.strip()) > limit:
        raise OffenceMeasureFileError(path, f"longer than {limit} characters", where=where)
    return value.strip()


def _definition(path: Path, slug: str, entry: object) -> MeasureDefinition:
    where = f"measure {slug!r}"
    if not SLUG.match(slug) or len(slug) > 80:
        raise OffenceMeasureFileError(
            path, "a measure's key is a slug: lowercase letters, digits and hyphens", where=where
        )
    if not isinstance(entry, dict):
        raise OffenceMeasureFileError(
            path, "not a table of name, offence_codes, source", where=where
        )
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise OffenceMeasureFileError(path, f"unknown keys: {', '.join(unknown)}", where=where)
    disabled_on = entry.get("disabled_on")
    if disabled_on is not None and type(disabled_on) is not datetime.date:
        raise OffenceMeasureFileError(
            path, "disabled_on is a date written YYYY-MM-DD", where=f"{where}, key 'disabled_on'"
        )
    return MeasureDefinition(
        slug=slug,
        name=_text(path, f"{where}, key 'name'", entry.get("name"), required=True, limit=200),
        offence_codes=_codes(path, f"{where}, key 'offence_codes'", entry.get("offence_codes")),
        source=_text(
            path, f"{where}, key 'source'", entry.get("source", ""), required=False, limit=None
        ),
        disabled_on=disabled_on,
    )


def read_definitions(path: Path) -> list[MeasureDefinition]:
    """The measures a mapping file defines, in file order; every entry is checked."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OffenceMeasureFileError(path, "file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise OffenceMeasureFileError(path, f"not a valid TOML file: {error}") from None
    measures = raw.get("measures")
    if not isinstance(measures, dict) or not measures:
        raise OffenceMeasureFileError(path, "no [measures.<slug>] tables")
    unknown = sorted(set(raw) - {"measures"})
    if unknown:
        raise OffenceMeasureFileError(path, f"unknown top-level keys: {', '.join(unknown)}")
    return [_definition(path, slug, entry) for slug, entry in measures.items()]


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def definitions_toml(definitions: Iterable[MeasureDefinition]) -> str:
    """A mapping file that `read_definitions` reads back to the same definitions."""
    lines = [EXPORT_HEADER]
    for definition in definitions:
        codes = [_toml_string(code) for code in definition.offence_codes]
        lines.append(f"[measures.{definition.slug}]")
        lines.append(f"name = {_toml_string(definition.name)}")
        lines.append("offence_codes = [")
        for start in range(0, len(codes), CODES_PER_LINE):
            lines.append("    " + ", ".join(codes[start : start + CODES_PER_LINE]) + ",")
        lines.append("]")
        lines.append(f"source = {_toml_string(definition.source)}")
        if definition.disabled_on is not None:
            lines.append(f"disabled_on = {definition.disabled_on.isoformat()}")
        lines.append("")
    return "\n".join(lines)


def known_offence_codes() -> set[str]:
    """The offence codes present in the Home Office recorded crime loaded."""
    return set(RecordedCrime.objects.values_list("offence_code", flat=True).distinct())


def _unknown_codes_message(unknown: Iterable[str]) -> str:
    return (
        f"Unknown offence codes: {', '.join(unknown)}. They are not in the Home Office recorded "
        "crime loaded (`crimeplan import-recorded-crime` loads it)."
    )


def _create(definition: MeasureDefinition, actor: Any, summary: str) -> OffenceMeasure:
    measure = OffenceMeasure(slug=definition.slug, **definition.fields())
    with audited_change(measure, actor=actor, summary=summary):
        measure.full_clean()
        measure.save()
    return measure


def offence_measures_sync(*, actor: Any = None, path: Path = SHIPPED_FILE) -> MappingReport:
    """Creates the shipped measures that are missing; never overwrites an existing one.

    The rule: a measure missing from the database is created from the file. A measure whose
    name, codes, source and switched-off date equal the file's is unchanged. A measure that
    differs is kept as it is and reported, because without a marker on the model crimeplan
    cannot tell an analyst's edit from an older shipped definition; a new shipped definition
    is applied on purpose with `offence_measures_load` (`crimeplan offence-measures load`).
    """
    definitions = read_definitions(path)
    report = MappingReport()
    with transaction.atomic():
        existing = {measure.slug: measure for measure in OffenceMeasure.objects.all()}
        for definition in definitions:
            measure = existing.get(definition.slug)
            if measure is None:
                _create(
                    definition, actor, f"Offence measure {definition.name} created from {path.name}"
                )
                report.created.append(definition.slug)
            elif MeasureDefinition.of(measure) == definition:
                report.unchanged.append(definition.slug)
            else:
                report.kept.append(definition.slug)
    return report


def offence_measures_load(*, path: Path, actor: Any) -> MappingReport:
    """Creates or replaces every measure a mapping file defines, all or nothing.

    Each measure's codes must be in the recorded crime loaded. Measures the file does not
    mention are left as they are. Each change is audited with its before and after.
    """
    definitions = read_definitions(path)
    known = known_offence_codes()
    for definition in definitions:
        unknown = [code for code in definition.offence_codes if code not in known]
        if unknown:
            raise OffenceMeasureFileError(
                path, _unknown_codes_message(unknown), where=f"measure {definition.slug!r}"
            )
    report = MappingReport()
    with transaction.atomic():
        existing = {measure.slug: measure for measure in OffenceMeasure.objects.all()}
        for definition in definitions:
            measure = existing.get(definition.slug)
            if measure is None:
                _create(
                    definition, actor, f"Offence measure {definition.name} loaded from {path.name}"
                )
                report.created.append(definition.slug)
            elif MeasureDefinition.of(measure) == definition:
                report.unchanged.append(definition.slug)
            else:
                with audited_change(measure, actor=actor) as change:
                    for name, value in definition.fields().items():
                        setattr(measure, name, value)
                    measure.full_clean()
                    measure.save()
                    change.summary = f"Offence measure {measure.name} replaced from {path.name}"
                report.updated.append(definition.slug)
    return report


def offence_measures_export(*, path: Path) -> int:
    """Writes every measure, switched off or not, to a mapping file; returns how many."""
    definitions = [MeasureDefinition.of(m) for m in OffenceMeasure.objects.order_by("slug")]
    path.write_text(definitions_toml(definitions), encoding="utf-8")
    return len(definitions)


def offence_measure_update(
    *,
    measure: OffenceMeasure,
    offence_codes: list[str],
    name: str,
    actor: Any,
    source: str | None = None,
) -> OffenceMeasure:
    """Changes a measure's name and offence codes (and, if given, its source), audited.

    Every code must be in the recorded crime loaded, so a typing slip cannot make a measure
    silently count nothing.
    """
    codes = [code.strip() for code in offence_codes]
    if not codes or not all(codes):
        raise ValidationError({"offence_codes": "Give at least one offence code, none blank."})
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise ValidationError({"offence_codes": f"Listed twice: {', '.join(repeated)}."})
    known = known_offence_codes()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"offence_codes": _unknown_codes_message(unknown)})
    if not name.strip():
        raise ValidationError({"name": "Give the measure a name."})
    with transaction.atomic():
        measure = OffenceMeasure.objects.select_for_update().get(pk=measure.pk)
        with audited_change(measure, actor=actor) as change:
            measure.name, measure.offence_codes = name.strip(), codes
            if source is not None:
                measure.source = source.strip()
            if not change.differs():
                change.skip()
                return measure
            measure.full_clean()
            measure.save()
            change.summary = f"Offence measure {measure.name} changed"
    return measure
