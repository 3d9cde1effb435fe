"""Writing values into DuckDB SQL: strings, lists of strings, column names, Parquet files."""

from collections.abc import Iterable
from pathlib import Path


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_tuple(values: frozenset[str]) -> str:
    return "(" + ", ".join(sql_string(v) for v in sorted(values)) + ")"


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def path_list(paths: Iterable[str | Path]) -> str:
    """A DuckDB list of file paths, as `read_parquet` and `read_csv` take them."""
    return "[" + ", ".join(sql_string(str(p)) for p in paths) + "]"
