"""The rules every row must keep, as SQL over a batch's typed columns: published categories,
month and date formats, known forces, UK coordinates, LSOA code shape.

A batch read in one streaming pass is tested on its groups (`group`, `breaks_a_rule`): a
rule on values alone once per distinct value, the others as each row is grouped. A batch
read row by row (`checking`) keeps, for each row, the first rule it breaks
(`broken_rule_sql` names its field and reason).
"""

from typing import NamedTuple

import duckdb

from ..categories import PoliceUkCategories
from ..constants import DatasetKind
from .reading import STORED_OUTCOME
from .sql import quoted, sql_string, sql_tuple

# The United Kingdom's extent, with a margin: police.uk snap points never fall outside it.
LONGITUDE_RANGE = (-8.7, 1.8)
LATITUDE_RANGE = (49.8, 60.9)
LSOA_PATTERN = "[EW]01[0-9]{6}"
MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
DATETIME_PATTERN = (
    MONTH_PATTERN
    + "-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?)?([+-][0-9]{2}:?[0-9]{2}|Z)?"
)


class Rule(NamedTuple):
    """A rule every row must keep."""

    field: str  # the field named in the message
    broken: str  # SQL over the typed columns: the row breaks the rule
    reason: str  # SQL: why, for the message
    # The columns whose value alone decides the rule (a few hundred distinct values in
    # millions of rows): a streamed batch is tested once per distinct value, not per row.
    # Empty: tested row by row.
    values: tuple[str, ...] = ()


Columns = dict[str, str]  # a typed column's name -> SQL over the CSV's columns


def crime_columns(
    kind: DatasetKind, *, forces: dict[str, str], categories: PoliceUkCategories
) -> tuple[Columns, list[Rule]]:
    """The typed columns and the rules of street, API and outcomes files (`forces`: the
    territorial forces' police.uk ids by name, as "Falls within" gives them)."""
    cats = categories
    c = {
        "crime_id": quoted("Crime ID"),
        "month": quoted("Month"),
        "reported_by": quoted("Reported by"),
        "falls_within": quoted("Falls within"),
        "longitude": quoted("Longitude"),
        "latitude": quoted("Latitude"),
        "location": quoted("Location"),
        "lsoa_code": quoted("LSOA code"),
        "lsoa_name": quoted("LSOA name"),
    }
    by_name = ", ".join(f"{sql_string(k)}: {sql_string(v)}" for k, v in forces.items())
    c["force"] = f"MAP {{{by_name}}}[{c['falls_within']}]"
    rules: list[Rule] = [
        Rule("Month", _blank_or_unlike("month", MONTH_PATTERN),
             _says("not a month in the form YYYY-MM", "month"), ("month",)),
        Rule("Falls within", "force IS NULL",
             _says("not a territorial police force of England and Wales", "falls_within"),
             ("force", "falls_within")),
    ]  # fmt: skip
    if kind == DatasetKind.OUTCOMES:
        c["outcome"] = quoted("Outcome type")
        rules.append(Rule("Outcome type", _blank_or_not_in("outcome", cats.outcomes),
                          _says("not a published outcome", "outcome"),
                          ("outcome",)))  # fmt: skip
    else:
        c["crime_type"] = quoted("Crime type")
        c["outcome"] = quoted("Last outcome category")
        c["context"] = quoted("Context")
        rules.append(Rule("Crime type", _blank_or_not_in("crime_type", cats.crime_types),
                          _says("not a published crime type", "crime_type"),
                          ("crime_type",)))  # fmt: skip
        rules.append(Rule("Last outcome category", _given_not_in("outcome", cats.outcomes),
                          _says("not a published outcome", "outcome"),
                          ("outcome",)))  # fmt: skip
    rules += _coordinate_rules("longitude", "latitude")
    rules.append(Rule("LSOA code", _given_unlike("lsoa_code", LSOA_PATTERN),
                      _says("not an LSOA code", "lsoa_code"), ("lsoa_code",)))  # fmt: skip
    return c, rules


def stop_search_columns(
    forces: dict[str, str], *, categories: PoliceUkCategories
) -> tuple[Columns, list[Rule]]:
    """The typed columns and the rules of stop-and-search files (`forces`: each file's force,
    by the path DuckDB reads it from)."""
    cats = categories
    c = {
        "search_type": quoted("Type"),
        "date": quoted("Date"),
        "latitude": quoted("Latitude"),
        "longitude": quoted("Longitude"),
        "gender": quoted("Gender"),
        "age_range": quoted("Age range"),
        "self_defined_ethnicity": quoted("Self-defined ethnicity"),
        "officer_defined_ethnicity": quoted("Officer-defined ethnicity"),
        "legislation": quoted("Legislation"),
        "object_of_search": quoted("Object of search"),
        "outcome": quoted("Outcome"),
        "outcome_linked": quoted("Outcome linked to object of search"),
        "removal_of_clothing": quoted("Removal of more than just outer clothing"),
        "part_of_operation": quoted("Part of a policing operation"),
        "policing_operation": quoted("Policing operation"),
    }
    by_file = ", ".join(f"{sql_string(k)}: {sql_string(v)}" for k, v in forces.items())
    c["force"] = f"MAP {{{by_file}}}[filename]"
    c["month"] = f"substr({c['date']}, 1, 7)"
    rules: list[Rule] = [
        Rule("Date", _blank_or_unlike("date", DATETIME_PATTERN),
             _says("not a date and time", "date"), ("date",)),
        Rule("Type", _blank_or_not_in("search_type", cats.stop_search_types),
             _says("not a published search type", "search_type"), ("search_type",)),
        Rule("Outcome", _given_not_in("outcome", cats.stop_search_outcomes),
             _says("not a published outcome", "outcome"), ("outcome",)),
        Rule("Object of search", "length(object_of_search) > 120",
             "'longer than 120 characters'", ("object_of_search",)),
        Rule("Self-defined ethnicity", "length(self_defined_ethnicity) > 200",
             "'longer than 200 characters'", ("self_defined_ethnicity",)),
        *_coordinate_rules("longitude", "latitude"),
    ]  # fmt: skip
    return c, rules


def broken_rule_sql(rules: list[Rule]) -> str:
    """SQL naming the field and the reason of a row that breaks a rule (its `rule` column:
    the number of the first rule it breaks)."""
    fields = " ".join(f"WHEN {n} THEN {sql_string(rule.field)}" for n, rule in enumerate(rules))
    reasons = " ".join(f"WHEN {n} THEN {rule.reason}" for n, rule in enumerate(rules))
    return f"CASE rule {fields} END AS bad_field, CASE rule {reasons} END AS reason"


def rule_rows(kind: DatasetKind, staged: str, rules: list[Rule]) -> str:
    """The staged rows as the rules read them: the outcome under the rules' name for it,
    and `breaks_row_rule`, whether the row breaks a rule tested row by row (for `group`)."""
    stored = STORED_OUTCOME[kind]
    outcome = f", {stored} AS outcome" if stored != "outcome" else ""
    row_rules = " OR ".join(f"({rule.broken})" for rule in rules if not rule.values)
    return f"(SELECT *{outcome}, {row_rules or 'false'} AS breaks_row_rule FROM {staged})"


def group(
    db: duckdb.DuckDBPyConnection,
    table: str,
    rows: str,
    sets: list[tuple[str, ...]],
    rules: list[Rule],
    counts: str,
) -> dict[tuple[str, ...], int]:
    """Groups `rows` by every grouping set in one scan, into the temp table `table` with
    `counts` (aggregates) and each group's grain (which set it belongs to). When `rules`
    are given, a set is added for each rule's value columns that no set holds, and the
    rows' row-by-row rules are kept as a column, `breaks_row_rule`, that `rows` must
    give: `breaks_a_rule` then tests the rules on the groups. Returns each set's grain,
    the given sets first, in their order (the first may have gained `breaks_row_rule`).
    """
    sets = list(sets)
    if any(not rule.values for rule in rules):
        if sets:
            sets[0] = (*sets[0], "breaks_row_rule")
        else:
            sets.append(("breaks_row_rule",))
    for rule in rules:
        if rule.values and not any(set(rule.values) <= set(kept) for kept in sets):
            sets.append(rule.values)
    columns = list(dict.fromkeys(c for kept in sets for c in kept))
    listed = ", ".join(columns)
    grouping_sets = ", ".join(f"({', '.join(kept)})" for kept in sets)
    # A table first: a filter on the groups would otherwise be pushed below the
    # grouping and run on every row.
    db.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {listed}, {counts}"
        f"GROUPING({listed}) AS grain FROM {rows} GROUP BY GROUPING SETS ({grouping_sets})"
    )
    # GROUPING(...) is a bit mask of the columns a grouping set leaves out.
    return {
        kept: sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in kept)
        for kept in sets
    }


def breaks_a_rule(
    db: duckdb.DuckDBPyConnection,
    table: str,
    grains: dict[tuple[str, ...], int],
    rules: list[Rule],
) -> bool:
    """Whether any row of a streamed batch, grouped by `group`, breaks a rule. A rule on
    values alone is tested once per distinct value of its columns (a few hundred groups
    for millions of rows), the others (coordinates, read back as numbers) as each row
    was grouped: the same rules as `checking`, over every row, in a fraction of the work
    of testing each row's text as it is read."""
    tests = []
    for rule in rules:
        if not rule.values:
            continue
        grain = next(g for kept, g in grains.items() if set(rule.values) <= set(kept))
        tests.append(f"(grain = {grain} AND ({rule.broken}))")
    if any(not rule.values for rule in rules):
        grain = next(g for kept, g in grains.items() if "breaks_row_rule" in kept)
        tests.append(f"(grain = {grain} AND breaks_row_rule)")
    if not tests:
        return False
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {' OR '.join(tests)})"
    return bool(db.execute(sql).fetchall()[0][0])


def _says(text: str, column: str) -> str:
    return f"{sql_string(text + ': ')} || coalesce({column}, '(blank)')"


def _blank_or_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NULL OR {column} NOT IN {sql_tuple(values)}"


def _given_not_in(column: str, values: frozenset[str]) -> str:
    return f"{column} IS NOT NULL AND {column} NOT IN {sql_tuple(values)}"


def _blank_or_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NULL OR NOT regexp_full_match({column}, {sql_string(pattern)})"


def _given_unlike(column: str, pattern: str) -> str:
    return f"{column} IS NOT NULL AND NOT regexp_full_match({column}, {sql_string(pattern)})"


def _outside(column: str, low: float, high: float) -> str:
    number = f"TRY_CAST({column} AS DOUBLE)"
    return f"{column} IS NOT NULL AND coalesce(NOT ({number} BETWEEN {low} AND {high}), true)"


def _coordinate_rules(longitude: str, latitude: str) -> list[Rule]:
    return [
        Rule("Longitude", f"({longitude} IS NULL) <> ({latitude} IS NULL)",
             "'longitude and latitude must both be given or both be blank'"),
        Rule("Longitude", _outside(longitude, *LONGITUDE_RANGE),
             _says("not a longitude inside the UK", longitude)),
        Rule("Latitude", _outside(latitude, *LATITUDE_RANGE),
             _says("not a latitude inside the UK", latitude)),
    ]  # fmt: skip
