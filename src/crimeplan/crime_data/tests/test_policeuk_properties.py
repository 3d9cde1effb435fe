"""Property: whatever text stands in any field, a row is stored or rejected with a named
reason; the import never crashes, never loses a row, and never reads fewer rows than the
file holds."""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crimeplan.crime_data import policeuk
from crimeplan.crime_data.constants import ImportStatus
from crimeplan.crime_data.models import ImportRun

pytestmark = pytest.mark.django_db

GOOD = [
    "abc",
    "2024-01",
    "Gloucestershire Constabulary",
    "Gloucestershire Constabulary",
    "-2.1",
    "51.9",
    "On or near High Street",
    "E01022163",
    "Cheltenham 001A",
    "Burglary",
    "Under investigation",
    "",
]
# Any text a CSV cell can hold: quotes, commas, line breaks, non-ASCII; not lone surrogates
# (not encodable) or NUL (which no text CSV carries).
cell = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30
)
row = st.tuples(st.integers(min_value=0, max_value=11), cell).map(
    lambda change: [change[1] if i == change[0] else v for i, v in enumerate(GOOD)]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=6))
def test_every_row_is_stored_or_rejected_with_a_reason(
    reference: None, tmp_path: Path, rows: list[list[str]]
) -> None:
    folder = tmp_path / f"case-{abs(hash(repr(rows)))}"
    folder.mkdir(exist_ok=True)  # Hypothesis replays a failing case
    path = folder / "street.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(policeuk.STREET_HEADER)
        writer.writerows(rows)
    # The examples share one database: a month may shrink from one to the next.
    try:
        run = policeuk.run(paths=[path], skip_bad_rows=True, allow_shrink=True)
    except policeuk.PoliceUkImportError as error:
        # A file whose every row is rejected is an error; its rows are still set aside.
        assert f"none of its {len(rows)} rows is valid" in str(error)
        run = ImportRun.objects.latest("pk")
        assert run.status == ImportStatus.FAILED
        run.rows_read = run.rows_rejected = len(rows)
    assert run.rows_read == len(rows)
    assert run.rows_loaded + run.rows_rejected == len(rows)
    rejected = []
    if run.rejected_rows_file:
        with open(run.rejected_rows_file, newline="", encoding="utf-8") as handle:
            rejected = list(csv.DictReader(handle))
    assert len(rejected) == run.rows_rejected
    assert all(r["field"] and r["reason"] for r in rejected)
    # Without --skip-bad-rows the same file either loads whole or fails naming a field or line.
    try:
        strict = policeuk.run(paths=[path], allow_shrink=True)
    except policeuk.PoliceUkImportError as error:
        assert run.rows_rejected > 0
        assert error.line is not None
    else:
        assert run.rows_rejected == 0 and strict.rows_loaded == len(rows)
