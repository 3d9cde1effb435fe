"""Crime count tables: written by crimeplan.core.exports, which every download goes through."""

from crimeplan.core.exports import CONTENT_TYPES, table_bytes

FORMATS = {f: CONTENT_TYPES[f] for f in ("csv", "json", "xlsx")}

__all__ = ["FORMATS", "table_bytes"]
