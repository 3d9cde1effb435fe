"""Reads a case for `check-threshold` from JSON, naming the field at fault when it is wrong."""

import datetime
import json
from pathlib import Path
from typing import Any

from .threshold import Case, Incident


class CaseFileError(ValueError):
    pass


def _date(where: str, value: Any) -> datetime.date:
    if not isinstance(value, str):
        raise CaseFileError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CaseFileError(f"{where}: {value!r} is not a date as YYYY-MM-DD") from None


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise CaseFileError(f"{where}: expected true or false, got {value!r}")
    return value


def _text(where: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CaseFileError(f"{where}: expected text, got {value!r}")
    return value


def case_from_dict(document: Any, *, source: str = "case") -> Case:
    if not isinstance(document, dict):
        raise CaseFileError(f"{source}: expected a JSON object")
    for key in ("application_date", "ongoing", "incidents"):
        if key not in document:
            raise CaseFileError(f"{source}: missing field {key!r}")
    if not isinstance(document["incidents"], list):
        raise CaseFileError(f"{source}: field 'incidents' must be a list")
    incidents = []
    for number, item in enumerate(document["incidents"], start=1):
        where = f"{source}: incidents[{number}]"
        if not isinstance(item, dict):
            raise CaseFileError(f"{where}: expected an object")
        for key in ("occurred_on", "reported_on"):
            if key not in item:
                raise CaseFileError(f"{where}: missing field {key!r}")
        incidents.append(
            Incident(
                occurred_on=_date(f"{where}.occurred_on", item["occurred_on"]),
                reported_on=_date(f"{where}.reported_on", item["reported_on"]),
                reported_to=_text(f"{where}.reported_to", item.get("reported_to")),
                hate_motivated=_bool(f"{where}.hate_motivated", item.get("hate_motivated", False)),
                location=_text(f"{where}.location", item.get("location")),
                reported_by=_text(f"{where}.reported_by", item.get("reported_by")),
            )
        )
    return Case(
        application_date=_date(f"{source}: application_date", document["application_date"]),
        ongoing=_bool(f"{source}: ongoing", document["ongoing"]),
        incidents=tuple(incidents),
    )


def read_case(path: Path) -> Case:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseFileError(f"{path}: no such file") from None
    except json.JSONDecodeError as error:
        raise CaseFileError(f"{path}: not valid JSON: {error}") from None
    return case_from_dict(document, source=str(path))
