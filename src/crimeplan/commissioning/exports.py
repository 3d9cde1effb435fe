"""Commissioning tables: written by crimeplan.core.exports, which every download goes through."""

from typing import Any

from crimeplan.core.exports import CONTENT_TYPES, table_bytes

FORMATS = {f: CONTENT_TYPES[f] for f in ("csv", "xlsx", "ods")}


def export_bytes(
    rows: list[dict[str, Any]], columns: list[str], file_format: str, *, title: str
) -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {file_format!r}")
    return table_bytes(rows, columns, file_format, title=title)
