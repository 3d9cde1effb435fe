"""Hostile and broken files, built at test time: every one is refused with the file (and where
it can, the line) named, the command exits non-zero, and the stored rows are as they were."""

import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from crimeplan.crime_data import policeuk
from crimeplan.crime_data.constants import ImportStatus
from crimeplan.crime_data.models import CrimeCount, ImportRun, Slice

pytestmark = pytest.mark.django_db
GLOS_JAN = (
    Path(settings.CRIMEPLAN_SHARED_DATA)
    / "police-uk-street-2024-jan-apr"
    / "2024-01"
    / "2024-01-gloucestershire-street.csv"
)
NAME = GLOS_JAN.name
CRLF = b"\r\n"  # police.uk's line end


def glos_lines() -> list[bytes]:
    """The real file's lines: the header and 5,000 rows."""
    lines = GLOS_JAN.read_bytes().split(CRLF)
    assert lines[-1] == b"" and len(lines) == 5002
    return lines[:-1]


def write_lines(path: Path, lines: list[bytes], *, end: bytes = CRLF) -> Path:
    path.write_bytes(CRLF.join(lines) + end)
    return path


def stored() -> tuple[object, ...]:
    """What a reader sees: the slices, their summary counts, and the rows in Parquet."""
    rows = policeuk.published_rows(kind="street")
    parquet = duckdb.sql(f"SELECT count(*) FROM {rows}").fetchall()[0][0] if rows else 0
    return (
        sorted(Slice.objects.values_list("kind", "force__police_uk_id", "month", "rows")),
        CrimeCount.objects.aggregate(n=Sum("count"))["n"],
        parquet,
    )


@pytest.fixture
def january(reference: None) -> tuple[object, ...]:
    """Gloucestershire's January 2024 held (5,000 rows): what a hostile import must not touch."""
    policeuk.run(paths=[GLOS_JAN])
    held = stored()
    assert held[1] == held[2] == 5000
    return held


# -- the hostile files -------------------------------------------------------------------


def one_line_of_40_mb(folder: Path) -> Path:
    lines = glos_lines()
    lines[1001] += b"x" * 40_000_000
    return write_lines(folder / NAME, lines)


def header_then_binary_garbage(folder: Path) -> Path:
    path = folder / NAME
    path.write_bytes(glos_lines()[0] + CRLF + random.Random(16).randbytes(1_000_000))
    return path


def header_then_text_garbage(folder: Path) -> Path:
    chooser = random.Random(16)
    printable = bytes(range(32, 127)).replace(b'"', b"")
    garbage = [bytes(chooser.choices(printable, k=80)) for _ in range(2000)]
    return write_lines(folder / NAME, [glos_lines()[0], *garbage])


def header_only(folder: Path) -> Path:
    return write_lines(folder / NAME, glos_lines()[:1])


def empty(folder: Path) -> Path:
    path = folder / NAME
    path.write_bytes(b"")
    return path


def truncated_mid_row(folder: Path) -> Path:
    whole = GLOS_JAN.read_bytes()
    path = folder / NAME
    path.write_bytes(whole[: len(whole) // 2])
    assert not path.read_bytes().endswith(CRLF)
    return path


def truncated_inside_a_quoted_field(folder: Path) -> Path:
    lines = glos_lines()[:3000]
    cells = lines[-1].split(b",")
    lines[-1] = b",".join([*cells[:6], b'"On or near'])
    return write_lines(folder / NAME, lines, end=b"")


def quote_left_open_mid_file(folder: Path) -> Path:
    """The shape that loaded 1,999 rows over 5,000 with --skip-bad-rows: the open quote
    swallowed the rest of the file into one rejected row."""
    lines = glos_lines()
    lines[2000] = b'"' + lines[2000]
    return write_lines(folder / NAME, lines)


def nul_byte_in_a_field(folder: Path) -> Path:
    lines = glos_lines()
    lines[4000] = lines[4000].replace(b"On or near", b"On or\x00near", 1)
    assert b"\x00" in lines[4000]
    return write_lines(folder / NAME, lines)


def utf16_text(folder: Path) -> Path:
    path = folder / NAME
    path.write_text(GLOS_JAN.read_text(encoding="utf-8"), encoding="utf-16")
    return path


def latin1_byte(folder: Path) -> Path:
    lines = glos_lines()
    lines[2500] = lines[2500].replace(b"On or near", "Caf\u00e9 near".encode("latin-1"), 1)
    return write_lines(folder / NAME, lines)


def json_with_no_records(folder: Path) -> Path:
    path = folder / "crimes-street.json"
    path.write_text("[]", encoding="utf-8")
    return path


def json_nested_10000_deep(folder: Path) -> Path:
    path = folder / "crimes-street.json"
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    return path


def json_record_with_a_deep_field(folder: Path) -> Path:
    path = folder / "crimes-street.json"
    deep = "[" * 500 + "]" * 500
    path.write_text(f'[{{"category": "burglary", "month": {deep}}}]', encoding="utf-8")
    return path


def zip_bomb(folder: Path) -> Path:
    """About 1 MB on disk, 1 GiB unpacked: 64 copies of one deflate block of 16 MiB of zeros
    (each ends on a full flush, so copies decode one after another), stored by zipfile and
    then labelled deflated, with the true size and checksum."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * (1 << 24)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = segment * 64 + compressor.flush()
    crc = 0
    for _ in range(64):
        crc = zlib.crc32(block, crc)
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr(f"2024-01/{NAME}", stream)
    rewrite_member_header(path, method=zipfile.ZIP_DEFLATED, crc=crc, file_size=1 << 30)
    assert path.stat().st_size < 1_100_000
    with zipfile.ZipFile(path) as bundle, bundle.open(bundle.infolist()[0]) as member:
        assert member.read(1 << 20) == b"\0" * (1 << 20)  # it does unpack
    return path


def zip_of_10000_members(folder: Path) -> Path:
    path = folder / "many.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        for number in range(10_000):
            bundle.writestr(f"2024-01/{number:05d}.csv", b"")
    return path


def zip_member_understating_its_size(folder: Path) -> Path:
    path = folder / "understated.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.write(GLOS_JAN, f"2024-01/{NAME}")
    rewrite_member_header(path, file_size=1000)
    return path


def zip_member_overstating_its_size(folder: Path) -> Path:
    path = folder / "overstated.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.write(GLOS_JAN, f"2024-01/{NAME}")
    rewrite_member_header(path, file_size=GLOS_JAN.stat().st_size + 10_000)
    return path


def not_a_zip(folder: Path) -> Path:
    path = folder / "2024-01.zip"
    path.write_bytes(b"PK\x03\x04" + random.Random(16).randbytes(5000))
    return path


def rewrite_member_header(
    archive: Path,
    *,
    method: int | None = None,
    crc: int | None = None,
    file_size: int | None = None,
) -> None:
    """Rewrites the compression method, CRC or uncompressed size of a one-member archive's
    member, in its local header and in the central directory alike."""
    content = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as bundle:
        (member,) = bundle.infolist()
    central = content.rindex(b"PK\x01\x02")
    # (where the header starts, then where its method, CRC and uncompressed size are)
    for start, at_method, at_crc, at_size in (
        (member.header_offset, 8, 14, 22),
        (central, 10, 16, 24),
    ):
        if method is not None:
            struct.pack_into("<H", content, start + at_method, method)
        if crc is not None:
            struct.pack_into("<I", content, start + at_crc, crc)
        if file_size is not None:
            struct.pack_into("<I", content, start + at_size, file_size)
    archive.write_bytes(bytes(content))


# (build the file, the error it must give). Each is imported strictly and with
# --skip-bad-rows; neither may change what is stored.
HOSTILE: list[tuple[Callable[[Path], Path], str]] = [
    (one_line_of_40_mb, r", line 1002: a record longer than 65,536 bytes"),
    (header_then_binary_garbage, r", line 2: a NUL byte"),
    (header_then_text_garbage, r"(line 2|none of its 2,000 rows is valid)"),
    (header_only, r": the file holds no rows, only a header"),
    (empty, r", line 1: the header is not that of a police\.uk"),
    (truncated_mid_row, r"(line 2478: the file is not a well-formed CSV|over 10% fewer rows)"),
    (truncated_inside_a_quoted_field, r", line 3000: the file ends inside a quoted field"),
    (quote_left_open_mid_file, r", line 2001: a record longer than 65,536 bytes"),
    (nul_byte_in_a_field, r", line 4001: a NUL byte"),
    (utf16_text, r", line 1: the file is UTF-16 text"),
    (json_with_no_records, r"crimes-street\.json: the file holds no crime records"),
    (json_nested_10000_deep, r"crimes-street\.json: the JSON is nested too deeply"),
    (json_record_with_a_deep_field, r"record 1, field 'month': expected text or a number"),
    (zip_bomb, r"bomb\.zip:2024-01/.*: it would unpack to 1,073,741,824 bytes"),
    (zip_of_10000_members, r"many\.zip: the archive holds 10,000 members, more than the 6,000"),
    (
        zip_member_understating_its_size,
        r"understated\.zip:2024-01/.*: it cannot be unpacked: Bad CRC",
    ),
    (
        zip_member_overstating_its_size,
        r"overstated\.zip:2024-01/.*: it unpacks to 1,\d{3},\d{3} bytes where",
    ),
    (not_a_zip, r"2024-01\.zip: not a zip archive"),
]


@pytest.mark.parametrize(("build", "error"), HOSTILE, ids=[b.__name__ for b, _ in HOSTILE])
def test_a_hostile_file_is_refused_by_name_and_changes_nothing(
    january: tuple[object, ...], tmp_path: Path, build: Callable[[Path], Path], error: str
) -> None:
    path = build(tmp_path)
    options = ["--force", "gloucestershire"] if path.suffix == ".json" else []
    with pytest.raises(CommandError, match=error) as refused:
        call_command("import_policeuk", str(path), *options, "--no-progress")
    assert refused.value.returncode == 1  # the command's exit status
    assert stored() == january
    with pytest.raises(policeuk.PoliceUkImportError, match=error):
        policeuk.run(paths=[path], skip_bad_rows=True, force_id="gloucestershire")
    assert stored() == january
    assert ImportRun.objects.filter(status=ImportStatus.FAILED).count() == 2
    staging = Path(settings.CRIMEPLAN_DATA_DIR) / "staging"
    assert not any(p.is_file() for p in staging.rglob("*"))


def test_a_file_with_a_byte_not_utf8_is_refused_or_its_row_set_aside(
    january: tuple[object, ...], tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    """Strictly: refused at the line. With --skip-bad-rows the row is set aside and counted,
    never lost (the month shrinks by one row, within the limit)."""
    path = latin1_byte(tmp_path)
    with pytest.raises(CommandError, match=r", line 2501: the file is not a well-formed CSV"):
        call_command("import_policeuk", str(path), "--no-progress")
    assert stored() == january
    run = policeuk.run(paths=[path], skip_bad_rows=True)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (5000, 4999, 1)


def test_rows_the_reader_skips_without_a_word_are_found_by_the_independent_count(
    january: tuple[object, ...], tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    """With the record limit raised past DuckDB's own line limit, DuckDB's lenient read
    leaves the 40 MB line out of both its rows and its rejects; the count of the file's
    records from its bytes finds the row missing."""
    settings.CRIMEPLAN_IMPORT_MAX_RECORD_BYTES = 100_000_000
    path = one_line_of_40_mb(tmp_path)
    with pytest.raises(
        policeuk.PoliceUkImportError,
        match=r": the file holds 5,000 rows but 4,999 were read: the reader stopped or skipped",
    ):
        policeuk.run(paths=[path], skip_bad_rows=True)
    assert stored() == january


def test_archive_limits_are_settings(january: tuple[object, ...], tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Declared sizes past CRIMEPLAN_IMPORT_MAX_UNPACKED_MB are refused before unpacking; a
    zip within the limits loads."""
    archive = tmp_path / "2024-01.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(GLOS_JAN, f"2024-01/{NAME}")
    settings.CRIMEPLAN_IMPORT_MAX_UNPACKED_MB = 1
    with pytest.raises(
        policeuk.PoliceUkImportError,
        match=r"2024-01\.zip: its files would unpack to 1,\d{3},\d{3} bytes, more than the 1 MB",
    ):
        policeuk.run(paths=[archive])
    assert stored() == january
    settings.CRIMEPLAN_IMPORT_MAX_UNPACKED_MB = 2
    assert policeuk.run(paths=[archive]).rows_loaded == 5000


def test_a_month_that_would_shrink_is_kept_unless_confirmed(
    january: tuple[object, ...], tmp_path: Path
) -> None:
    """A file cut at a line end is well-formed CSV: only the shrinking month tells."""
    path = write_lines(tmp_path / NAME, glos_lines()[:2001])
    expected = (
        r"2024-01-gloucestershire-street\.csv: the import would leave 1 months with over 10% "
        r"fewer rows than are held: gloucestershire street 2024-01: 5,000 rows held, 2,000 in "
        r"this import\. .* --allow-shrink"
    )
    with pytest.raises(CommandError, match=expected):
        call_command("import_policeuk", str(path), "--no-progress")
    assert stored() == january
    call_command("import_policeuk", str(path), "--no-progress", "--allow-shrink")
    assert stored()[1] == 2000
    confirmed = ImportRun.objects.get(status=ImportStatus.SUCCEEDED, rows_loaded=2000)
    assert confirmed.options == {"allow_shrink": True}


def test_the_shrink_limit_is_a_setting(
    january: tuple[object, ...], tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    path = write_lines(tmp_path / NAME, glos_lines()[:4801])  # 4% fewer
    settings.CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT = 3
    with pytest.raises(policeuk.PoliceUkImportError, match="over 3% fewer rows"):
        policeuk.run(paths=[path])
    settings.CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT = 5
    assert policeuk.run(paths=[path]).rows_loaded == 4800


def test_api_json_larger_than_the_limit_is_refused_unread(
    january: tuple[object, ...], tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_IMPORT_MAX_JSON_MB = 1
    path = tmp_path / "crimes-street.json"
    path.write_text(json.dumps([{"category": "burglary", "context": "x" * 2_000_000}]))
    with pytest.raises(policeuk.PoliceUkImportError, match="more than the 1 MB allowed"):
        policeuk.run(paths=[path], force_id="gloucestershire")
    assert stored() == january


def test_messages_name_files_as_given_never_where_the_server_keeps_them(
    january: tuple[object, ...], tmp_path: Path
) -> None:
    """An upload is imported under the name it was uploaded as: DuckDB's own messages,
    which quote the path it read, are rewritten to it."""
    saved = tmp_path / "uploads" / "run-9" / "saved.csv"
    saved.parent.mkdir(parents=True)
    lines = glos_lines()
    lines[3] += b",an extra field"
    write_lines(saved, lines)
    with pytest.raises(policeuk.PoliceUkImportError) as refused:
        policeuk.run(paths=[saved], names=["my january.csv"])
    message = ImportRun.objects.get(status=ImportStatus.FAILED).message
    assert str(refused.value) == message
    assert message.startswith("my january.csv, line 4: the file is not a well-formed CSV")
    assert str(tmp_path) not in message and "saved.csv" not in message
    assert str(settings.CRIMEPLAN_DATA_DIR) not in message
    assert stored() == january
