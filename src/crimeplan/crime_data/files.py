"""What every importer records about the files it reads: checksums, and for CSV files an
independent count of their records, so that an import can tell whether its reader read all
of a file."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy
from django.conf import settings

BLOCK_BYTES = 1 << 20
# Archive members smaller than this are not held to the compression ratio limit: a few
# kilobytes of blank cells compress far, harmlessly.
SMALL_MEMBER_BYTES = 1024 * 1024
QUOTE, LINE_FEED, CARRIAGE_RETURN = 34, 10, 13


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read a megabyte at a time (archives can be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileScan:
    """One pass over a file: its checksum and, for a CSV file, how many records it holds.

    `records` counts the non-blank records, the header included, as an RFC 4180 reader
    (DuckDB's, Python's) splits them: a line end inside a quoted field does not end a
    record. `problem` says why the file cannot be read as CSV text at all (a NUL byte, a
    record longer than the limit, a quoted field never closed), at `problem_line`.
    """

    sha256: str
    size: int
    records: int = 0
    lines: int = 0
    problem: str = ""
    problem_line: int | None = None


class RecordCounter:
    """Counts a CSV file's records from its bytes, fed in blocks, in about the time it takes
    to read them: a block with no quote, carriage return, NUL or blank line (nearly every
    block of a police.uk file) is counted by its line feeds alone; any other block is split
    exactly (numpy), tracking whether each line end falls inside a quoted field."""

    def __init__(self, *, max_record_bytes: int) -> None:
        self.limit = max_record_bytes
        self.offset = 0  # bytes fed so far
        self.quotes = 0  # quote characters so far: odd means inside a quoted field
        self.lines = 0  # line ends so far, quoted or not
        self.records = 0  # non-blank records ended so far
        self.start = 0  # where the record not yet ended starts
        self.start_line = 1
        self.last_byte = LINE_FEED  # the byte before the next block
        self.problem = ""
        self.problem_line: int | None = None

    def feed(self, block: bytes) -> None:
        if self.problem or not block:
            return
        if (nul := block.find(b"\0")) != -1:
            line = self.lines + 1 + _line_ends(block[:nul])
            self._fail("a NUL byte: this is not a text file", line)
            return
        values = numpy.frombuffer(block, dtype=numpy.uint8)
        line_feeds = values == LINE_FEED
        returns = values == CARRIAGE_RETURN if b"\r" in block else None
        if self._plain(block, line_feeds, returns):
            ends = int(numpy.count_nonzero(line_feeds))
            if ends:
                self.records += ends - self._blank_lines(line_feeds, returns)
                self.start = self.offset + block.rfind(b"\n") + 1
                self.start_line = self.lines + ends + 1
            self.lines += ends
        else:
            self._split(values, line_feeds, returns)
        self.offset += len(block)
        self.last_byte = block[-1]
        if not self.problem and self.offset - self.start > self.limit:
            self._too_long(self.start_line)

    def finish(self) -> None:
        """Ends the count at the end of the file."""
        if self.problem:
            return
        if self.quotes % 2:
            self._fail(
                "the file ends inside a quoted field: the quote opened in the record starting "
                "here is never closed",
                self.start_line,
            )
            return
        length = self.offset - self.start
        if length and not (length == 1 and self.last_byte == CARRIAGE_RETURN):
            self.records += 1  # the last record, with no line end after it

    def _plain(
        self, block: bytes, line_feeds: numpy.ndarray, returns: numpy.ndarray | None
    ) -> bool:
        """Whether the block can be counted by its line feeds alone: outside a quoted field,
        no quote in it, every carriage return followed by a line feed, and no record near
        the limit."""
        if self.quotes % 2 or b'"' in block:
            return False
        if returns is not None and (
            returns[-1] or numpy.count_nonzero(returns[:-1] & ~line_feeds[1:])
        ):
            return False
        first = block.find(b"\n")
        if self.offset + (len(block) if first == -1 else first) - self.start > self.limit:
            return False
        # A record longer than the limit holds a whole aligned span of half the limit
        # with no line feed in it; finding none such rules it out.
        half = self.limit // 2
        if half < 4096:
            return False
        spans = range(0, len(block) - half + 1, half)
        return all(block.find(b"\n", at, at + half) != -1 for at in spans)

    def _blank_lines(self, line_feeds: numpy.ndarray, returns: numpy.ndarray | None) -> int:
        """Blank lines in a plain block: a line feed right after another line end (or
        after the line end that started the open record, at the block's start)."""
        blank = int(numpy.count_nonzero(line_feeds[1:] & line_feeds[:-1]))
        at_start = bool(line_feeds[0])
        if returns is not None:
            blank += int(numpy.count_nonzero(line_feeds[2:] & returns[1:-1] & line_feeds[:-2]))
            at_start = at_start or (len(returns) > 1 and bool(returns[0] and line_feeds[1]))
        return blank + int(at_start and self.start == self.offset)

    def _split(
        self, values: numpy.ndarray, line_feeds: numpy.ndarray, returns: numpy.ndarray | None
    ) -> None:
        """Splits a block exactly: each line end, with whether a quoted field holds it."""
        size = len(values)
        quotes = numpy.flatnonzero(values == QUOTE)
        ends = numpy.flatnonzero(line_feeds)
        if returns is not None:
            returns = numpy.flatnonzero(returns)
            follower = values[numpy.minimum(returns + 1, size - 1)]
            alone = returns[(returns == size - 1) | (follower != LINE_FEED)]
            ends = numpy.union1d(ends, alone)
        outside = (self.quotes + numpy.searchsorted(quotes, ends)) % 2 == 0
        record_ends = ends[outside]
        if len(record_ends):
            starts = numpy.empty_like(record_ends)
            starts[0] = self.start - self.offset
            starts[1:] = record_ends[:-1] + 1
            lengths = record_ends - starts
            before = numpy.where(
                record_ends > 0, values[numpy.maximum(record_ends - 1, 0)], self.last_byte
            )
            blank = (lengths == 0) | ((lengths == 1) & (before == CARRIAGE_RETURN))
            self.records += int((~blank).sum())
            too_long = numpy.flatnonzero(lengths > self.limit)
            if len(too_long):
                first = int(too_long[0])
                line = (
                    self.start_line
                    if first == 0
                    else self.lines + int(numpy.searchsorted(ends, record_ends[first - 1])) + 2
                )
                self._too_long(line)
                return
            last = int(numpy.searchsorted(ends, record_ends[-1]))
            self.start = self.offset + int(record_ends[-1]) + 1
            self.start_line = self.lines + last + 2
        self.quotes += len(quotes)
        self.lines += len(ends)

    def _too_long(self, line: int) -> None:
        self._fail(
            f"a record longer than {self.limit:,} bytes (police.uk rows are under a thousand): "
            "a quote left open, or not a police.uk file",
            line,
        )

    def _fail(self, problem: str, line: int) -> None:
        self.problem, self.problem_line = problem, line


def _line_ends(text: bytes) -> int:
    return text.count(b"\n") + text.count(b"\r") - text.count(b"\r\n")


def scan_file(path: Path, *, csv_records: bool, max_record_bytes: int) -> FileScan:
    """Reads the file once for its SHA-256 and, if `csv_records`, its CSV records."""
    digest = hashlib.sha256()
    counter = RecordCounter(max_record_bytes=max_record_bytes) if csv_records else None
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            # A carriage return ending a block may be half of a CRLF: its follower decides.
            while block.endswith(b"\r") and (follower := handle.read(1)):
                block += follower
            digest.update(block)
            if counter is not None:
                counter.feed(block)
    if counter is None:
        return FileScan(sha256=digest.hexdigest(), size=path.stat().st_size)
    counter.finish()
    return FileScan(
        sha256=digest.hexdigest(),
        size=counter.offset,
        records=counter.records,
        lines=counter.lines,
        problem=counter.problem,
        problem_line=counter.problem_line,
    )


def archive_problem(
    members: list[zipfile.ZipInfo], wanted: list[zipfile.ZipInfo]
) -> tuple[str | None, str] | None:
    """Why a zip archive (or an XLSX workbook, which is one) must not be unpacked, judged
    from its directory alone: too many members, more bytes declared for the members to be
    read (`wanted`) than allowed, or a member compressed far beyond what any CSV or sheet
    compresses to (police.uk's CSV about 5 to 1). Gives the member at fault (None: the
    archive) and the reason, or None when it may be unpacked. The limits are settings."""
    most = settings.CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS
    if len(members) > most:
        return None, (
            f"the archive holds {len(members):,} members, more than the {most:,} allowed "
            "(CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS); nothing was unpacked"
        )
    declared = sum(m.file_size for m in wanted)
    limit_mb = settings.CRIMEPLAN_IMPORT_MAX_UNPACKED_MB
    if declared > limit_mb * 1024 * 1024:
        return None, (
            f"its files would unpack to {declared:,} bytes, more than the {limit_mb:,} MB "
            "allowed (CRIMEPLAN_IMPORT_MAX_UNPACKED_MB); nothing was unpacked"
        )
    ratio = settings.CRIMEPLAN_IMPORT_MAX_COMPRESSION_RATIO
    for member in wanted:
        if member.file_size > SMALL_MEMBER_BYTES and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            return member.filename, (
                f"it would unpack to {member.file_size:,} bytes from {member.compress_size:,}, "
                f"over {ratio:,} times as many (CRIMEPLAN_IMPORT_MAX_COMPRESSION_RATIO): not a "
                "compressed data file; nothing was unpacked"
            )
    return None
