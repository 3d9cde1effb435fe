"""Which fields hold personal or secret data, read from each model's one declaration.

A model names its fields that identify or describe a person (`PERSONAL_FIELDS`) and those
that grant access (`SECRET_FIELDS`, such as a resume token) as class attributes. Everything
that copies records elsewhere reads them through this module, so one list decides what the
audit trail, the history tables, the logs, the retention job and the erasure command treat
as personal:

    class Volunteer(ArchivableModel):
        PERSONAL_FIELDS = frozenset({"full_name", "email", "phone"})
        ...
        history = HistoricalRecords(excluded_fields=history_excluded(PERSONAL_FIELDS))
"""

import logging
import re
import secrets
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.apps import apps
from django.db import models, transaction

# What replaces a personal value found in a text that is kept (an audit summary, a label).
REMOVED = "[removed]"
# Shorter values (a one-letter initial, "No") would match inside ordinary words.
SHORTEST_SCRUBBED = 3


def _model(model: type[models.Model] | models.Model) -> type[models.Model]:
    return model if isinstance(model, type) else type(model)


def personal_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """The fields of `model` that identify or describe a person."""
    return frozenset(getattr(_model(model), "PERSONAL_FIELDS", frozenset()))


def secret_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """The fields of `model` that grant access to something (tokens, keys)."""
    return frozenset(getattr(_model(model), "SECRET_FIELDS", frozenset()))


def protected_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """Personal and secret fields together: what is never copied out of the record."""
    return personal_fields(model) | secret_fields(model)


def history_excluded(*declarations: Iterable[str]) -> list[str]:
    """The `excluded_fields` of a model's `HistoricalRecords`, from its declarations (called
    in the class body, where the model class does not exist yet)."""
    return sorted(set().union(*declarations))


def declared_models() -> list[type[models.Model]]:
    """Every installed model of crimeplan that declares personal or secret fields."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("crimeplan.") and protected_fields(model)
    ]


def model_for_label(label: str) -> type[models.Model] | None:
    """The model an audit event's `object_type` ("app.Model") names, if it is one."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _text_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _text_values(item)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [text for item in value for text in _text_values(item)]
    if isinstance(value, models.fields.files.FieldFile):
        return [value.name] if value.name else []
    return []


def protected_values(instance: models.Model, *, related: bool = True) -> set[str]:
    """The record's personal and secret values as texts, and, if `related`, those of the
    records its foreign keys have already loaded (an application's panel member's user, say),
    so a text built from them can be checked without querying again."""
    values: set[str] = set()
    for name in protected_fields(instance):
        for text in _text_values(getattr(instance, name, None)):
            text = text.strip()
            if len(text) >= SHORTEST_SCRUBBED:
                values.add(text)
    if related:
        for field in instance._meta.concrete_fields:
            if field.is_relation and field.is_cached(instance):  # type: ignore[attr-defined]
                target = field.get_cached_value(instance)  # type: ignore[attr-defined]
                if target is not None:
                    values |= protected_values(target, related=False)
    return values


def scrub(text: str, values: Iterable[str]) -> str:
    """`text` with every one of `values` in it replaced, case-insensitively, longest first
    (so a full name goes before the surname inside it)."""
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(re.escape(value), REMOVED, text, flags=re.IGNORECASE)
    return text


def erase_personal_values(instance: models.Model, *, placeholder: str) -> list[str]:
    """Clears the record's personal and secret fields in memory (the caller saves): a short
    text that may be blank becomes blank; a free text, or one that may not be blank, becomes
    `placeholder`; a date, number or JSON value becomes empty; a stored file is deleted once
    the transaction commits; a unique secret becomes a new unguessable value. Returns the
    names of the fields that held something."""
    erased = []
    for name in sorted(protected_fields(instance)):
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field):  # declarations name the record's own fields
            raise TypeError(f"{instance._meta.label}.{name} is not a field of its own")
        value = getattr(instance, name)
        if (
            value in (None, "", [], {})
            or (isinstance(value, str) and value.startswith(placeholder))
            or (field.has_default() and value == field.get_default())
        ):
            continue
        if isinstance(field, models.FileField):
            # Only once the erasure is committed: a rolled-back one keeps its files.
            transaction.on_commit(partial(value.storage.delete, value.name))
            setattr(instance, name, "")
        elif isinstance(field, models.JSONField):
            setattr(instance, name, field.get_default())
        elif isinstance(field, (models.CharField, models.TextField)):
            setattr(instance, name, _erased_text(instance, field, placeholder))
        elif field.null:
            setattr(instance, name, None)
        else:
            setattr(instance, name, field.get_default())
        erased.append(name)
    return erased


def _erased_text(instance: models.Model, field: "models.Field[Any, Any]", placeholder: str) -> str:
    """What a text field holds once erased."""
    if isinstance(field, models.CharField) and field.unique:
        # A unique value (a token) cannot all become one placeholder, and must not become
        # one anyone could guess.
        return f"{placeholder}-{secrets.token_urlsafe(24)}"
    if isinstance(field, models.CharField) and field.name in _constrained_fields(instance):
        # Unique with other fields (a detainee's custody number on a visit): two records
        # erased side by side must not collide, so each keeps its own id after the mark.
        return f"{placeholder}-{instance.pk}"
    if isinstance(field, models.CharField) and field.blank:
        return ""
    # A free text says that something was written (a reason a constraint requires).
    return placeholder


def _constrained_fields(instance: models.Model) -> set[str]:
    """The names of the fields that take part in a unique constraint with other fields."""
    meta = instance._meta
    names: set[str] = set()
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    for together in meta.unique_together:
        names.update(together)
    return names


# Contact details a log line may carry without anyone meaning it to: a mail server's refusal
# quotes the address, a validation error the value typed.
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?![\w])")


def without_contact_details(text: str) -> str:
    """`text` with e-mail addresses and UK phone numbers replaced by "[removed]"."""
    return _PHONE.sub(REMOVED, _EMAIL.sub(REMOVED, text))


class PersonalValuesLogFilter(logging.Filter):
    """For the application's log handler: no e-mail address or phone number reaches a log,
    in a message or in an exception's text (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_contact_details(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # Formatted here, once, so every handler's formatter uses the cleaned text.
            record.exc_text = without_contact_details(
                logging.Formatter().formatException(record.exc_info)
            )
        return True
