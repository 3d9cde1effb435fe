"""The independent count of a CSV file's records against Python's csv module, and the scan of
the real police.uk files."""

import csv
import io
from pathlib import Path

from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from crimeplan.crime_data.files import RecordCounter, scan_file, sha256_of

STREET_DIR = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"

# Fields as a CSV writer quotes them: any text, quoted when it holds a comma, a quote or a
# line end (the line ends inside quotes are what a line count gets wrong).
fields = st.text(alphabet='ab,"\n\r ', max_size=6).map(
    lambda text: '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text
)
records = st.lists(st.lists(fields, min_size=1, max_size=4), max_size=8)
line_ends = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])


def count_in_blocks(content: bytes, block: int, limit: int = 1 << 30) -> RecordCounter:
    counter = RecordCounter(max_record_bytes=limit)
    at = 0
    while at < len(content):
        piece = content[at : at + block]
        at += block
        # As scan_file does: a block never ends between the two bytes of a CRLF.
        while piece.endswith(b"\r") and at < len(content):
            piece += content[at : at + 1]
            at += 1
        counter.feed(piece)
    counter.finish()
    return counter


@hypothesis_settings(max_examples=400, deadline=None)
@given(
    rows=records,
    ends=st.lists(line_ends, min_size=8, max_size=8),
    last_end=st.booleans(),
    block=st.sampled_from([1, 2, 3, 5, 64, 1 << 20]),
)
def test_records_are_counted_as_the_csv_module_reads_them(
    rows: list[list[str]], ends: list[str], last_end: bool, block: int
) -> None:
    text = "".join(",".join(row) + end for row, end in zip(rows, ends, strict=False))
    if rows and not last_end:
        text = text.rstrip("\r\n") if not text.endswith('"') else text
    # The csv module gives [] for a blank line; DuckDB skips it too.
    expected = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
    counter = count_in_blocks(text.encode(), block)
    assert (counter.problem, counter.records) == ("", expected)


def test_a_quoted_field_never_closed_is_found_at_its_record() -> None:
    content = b'a,b\r\n1,2\r\n3,"four\r\n5,6\r\n'
    counter = count_in_blocks(content, 4)
    assert (counter.problem_line, counter.problem[:40]) == (
        3,
        "the file ends inside a quoted field: the",
    )


def test_a_record_over_the_limit_is_found_at_its_line_in_either_path() -> None:
    """Blocks with no quote are counted by their line feeds alone; the limit holds there
    as in the exact split."""
    for quote in (b"", b'"q"'):
        lines = [b"a,b"] + [b"1," + quote + b"2"] * 5000 + [b"3," + b"x" * 20_000] + [b"4,5"] * 10
        counter = count_in_blocks(b"\n".join(lines) + b"\n", 1 << 16, limit=16_384)
        assert (counter.problem_line, counter.problem[:31]) == (
            5002,
            "a record longer than 16,384 byt",
        )


def test_a_nul_byte_is_found_at_its_line() -> None:
    counter = count_in_blocks(b"a,b\n1,2\r\n3,\x004\n", 1 << 20)
    assert (counter.problem, counter.problem_line) == ("a NUL byte: this is not a text file", 3)


def test_the_real_files_scan_to_their_line_counts_and_checksums() -> None:
    for path in sorted(STREET_DIR.glob("*/*.csv")):
        scan = scan_file(path, csv_records=True, max_record_bytes=65_536)
        with path.open(newline="", encoding="utf-8") as handle:
            rows = sum(1 for _ in csv.reader(handle))
        assert (scan.problem, scan.records, scan.sha256) == ("", rows, sha256_of(path))
