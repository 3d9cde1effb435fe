"""Reading what was given: the files inside folders and zip archives, each file's kind (from
its header, or its records for API JSON), and police.uk API JSON turned into street rows.

Nothing here touches DuckDB or the database: `discover` yields `InputFile`s, which the
importer stages (`staging`) and checks against the rules (`rules`).
"""

import csv
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from ..constants import DatasetKind
from ..files import archive_problem
from ..importing import ImportFileError

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]  # fmt: skip
STOP_SEARCH_HEADER = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude",
    "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
    "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]  # fmt: skip
HEADERS = {
    DatasetKind.STREET: STREET_HEADER,
    DatasetKind.OUTCOMES: OUTCOMES_HEADER,
    DatasetKind.STOP_AND_SEARCH: STOP_SEARCH_HEADER,
}
# What the stored Parquet calls each kind's outcome (the rules and the CSV columns call it
# `outcome`): the archive's own header names, in snake case.
STORED_OUTCOME = {
    DatasetKind.STREET: "last_outcome_category",
    DatasetKind.STREET_API: "last_outcome_category",
    DatasetKind.OUTCOMES: "outcome_type",
    DatasetKind.STOP_AND_SEARCH: "outcome",
}
STOP_SEARCH_NAME = re.compile(r"(\d{4}-\d{2})-(?P<force>[a-z-]+)-stop-and-search\.csv$")


@dataclass
class InputFile:
    """One file to read: where it is now, how to name it in messages, what it holds."""

    path: Path
    name: str
    kind: DatasetKind
    is_json: bool = False
    force_hint: str | None = None


def header_of(kind: DatasetKind) -> list[str]:
    if kind == DatasetKind.STOP_AND_SEARCH:
        return STOP_SEARCH_HEADER
    return OUTCOMES_HEADER if kind == DatasetKind.OUTCOMES else STREET_HEADER


def detect_kind(path: Path, display_name: str) -> tuple[DatasetKind, bool]:
    """Tells a file's kind from its header (CSV) or its records (police.uk API JSON)."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            display_name, "the file is UTF-16 text; police.uk files are UTF-8", line=1
        )
    if b"\0" in start:
        raise ImportFileError(
            display_name,
            "a NUL byte: this is not a text file",
            line=start[: start.index(b"\0")].count(b"\n") + 1,
        )
    text = start.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("["):
        return DatasetKind.STREET_API, True
    first_line = text.splitlines()[0] if text else ""
    header = next(csv.reader([first_line]), [])
    for kind, expected in HEADERS.items():
        if header == expected:
            return kind, False
    raise ImportFileError(
        display_name,
        "the header is not that of a police.uk street, outcomes or stop-and-search file "
        f"(found: {', '.join(header[:6]) or 'nothing'})",
        line=1,
    )


def discover(
    paths: list[Path], workdir: Path, names: list[str] | None = None
) -> Iterator[InputFile]:
    """The files to import, in a stable order: zips are unpacked into `workdir`. `names`
    say how messages name the given paths (an upload by the name it was uploaded under,
    never where the server keeps it); by default, as given."""
    for number, given in enumerate(paths):
        shown = names[number] if names else str(given)
        if not given.exists():
            raise ImportFileError(shown, "file or folder not found")
        if given.is_dir():
            members = sorted(p for p in given.rglob("*") if p.suffix.lower() in {".csv", ".json"})
            if not members:
                raise ImportFileError(shown, "the folder holds no .csv or .json files")
            for member in members:
                inside = f"{shown}/{member.relative_to(given)}" if names else str(member)
                yield _input_file(member, inside)
        elif zipfile.is_zipfile(given):
            yield from _unpack(given, workdir / f"zip-{number:04d}", shown)
        elif given.suffix.lower() == ".zip":
            raise ImportFileError(shown, "not a zip archive, or a damaged one")
        else:
            yield _input_file(given, shown)


def _unpack(archive: Path, target: Path, shown: str) -> Iterator[InputFile]:
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(shown, f"the archive cannot be read: {error}") from None
    with bundle:
        wanted = sorted(
            (m for m in bundle.infolist() if m.filename.lower().endswith((".csv", ".json"))),
            key=lambda m: m.filename,
        )
        _refuse_bombs(shown, bundle.infolist(), wanted)
        for number, member in enumerate(wanted):
            # Numbered, so that members of the same name in different folders stay apart.
            destination = target / f"{number:05d}-{Path(member.filename).name}"
            destination.parent.mkdir(parents=True, exist_ok=True)
            _extract(bundle, member, destination, f"{shown}:{member.filename}")
            yield _input_file(destination, f"{shown}:{member.filename}")


def _refuse_bombs(
    shown: str, members: list[zipfile.ZipInfo], wanted: list[zipfile.ZipInfo]
) -> None:
    """Refuses, before anything is unpacked, an archive that would fill the disk or take
    hours: see `files.archive_problem`."""
    if not wanted and len(members) <= settings.CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS:
        raise ImportFileError(shown, "the archive holds no .csv or .json files")
    if problem := archive_problem(members, wanted):
        member, message = problem
        raise ImportFileError(f"{shown}:{member}" if member else shown, message)


def _extract(bundle: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, shown: str) -> None:
    """Copies a member out, stopping as soon as it gives more bytes than its header
    declares: the declared sizes are what `_refuse_bombs` checked."""
    written = 0
    try:
        with bundle.open(member) as source, target.open("wb") as sink:
            while block := source.read(1 << 20):
                written += len(block)
                if written > member.file_size:
                    raise ImportFileError(
                        shown,
                        f"it unpacks to more than the {member.file_size:,} bytes its header "
                        "declares: the archive is damaged or made to mislead; unpacking stopped",
                    )
                sink.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # CRC mismatches, truncated data, unsupported methods, encrypted members.
        raise ImportFileError(shown, f"it cannot be unpacked: {error}") from None
    if written != member.file_size:
        raise ImportFileError(
            shown,
            f"it unpacks to {written:,} bytes where its header declares {member.file_size:,}: "
            "the archive is damaged",
        )


def _input_file(path: Path, name: str) -> InputFile:
    kind, is_json = detect_kind(path, name)
    hint = None
    if kind == DatasetKind.STOP_AND_SEARCH and (match := STOP_SEARCH_NAME.search(path.name)):
        hint = match.group("force")
    return InputFile(path=path, name=name, kind=kind, is_json=is_json, force_hint=hint)


# -- police.uk API JSON ------------------------------------------------------------------------


def read_api_json(path: Path, name: str) -> list[Any]:
    """The records of a police.uk API crimes-street answer. A file too large to hold in
    memory, not JSON, nested deeper than Python parses, or not a list is refused by name."""
    limit_mb = settings.CRIMEPLAN_IMPORT_MAX_JSON_MB
    if (size := path.stat().st_size) > limit_mb * 1024 * 1024:
        raise ImportFileError(
            name,
            f"{size:,} bytes of JSON, more than the {limit_mb:,} MB allowed "
            "(CRIMEPLAN_IMPORT_MAX_JSON_MB): give a month at a time",
        )
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFileError(name, f"not valid JSON: {error}") from None
    except RecursionError:
        raise ImportFileError(
            name,
            "the JSON is nested too deeply to read (a police.uk crime record is three levels deep)",
        ) from None
    if not isinstance(records, list):
        raise ImportFileError(name, "expected a list of crimes (a crimes-street response)")
    return records


def write_street_csv(
    records: list[Any], target: Path, *, file_name: str, slugs: dict[str, str], force_name: str
) -> None:
    """Writes API records as a street-file CSV, so that the same rules check them: category
    slugs become the archive's labels (`slugs`) and persistent_id becomes the Crime ID."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(STREET_HEADER)
        for number, record in enumerate(records, start=1):
            writer.writerow(_api_record_to_row(record, number, file_name, slugs, force_name))


def _api_record_to_row(
    record: Any, number: int, file_name: str, slugs: dict[str, str], force_name: str
) -> list[str]:
    if not isinstance(record, dict):
        raise ImportFileError(file_name, "not a crime record", line=number, line_label="record")
    location = _mapping(record.get("location"))
    street = _mapping(location.get("street"))
    outcome = _mapping(record.get("outcome_status"))

    def text(value: Any, field_name: str) -> str:
        if value is None or isinstance(value, str | int | float):
            return str(value or "")
        raise ImportFileError(
            file_name,
            f"expected text or a number, found a JSON {type(value).__name__}",
            line=number,
            field_name=field_name,
            line_label="record",
        )

    category = text(record.get("category"), "category")
    return [
        text(record.get("persistent_id"), "persistent_id"),
        text(record.get("month"), "month"),
        force_name,
        force_name,
        text(location.get("longitude"), "location.longitude"),
        text(location.get("latitude"), "location.latitude"),
        text(street.get("name"), "location.street.name"),
        "",
        "",
        slugs.get(category, category),
        text(outcome.get("category"), "outcome_status.category"),
        text(record.get("context"), "context"),
    ]


def _mapping(value: Any) -> dict[str, Any]:
    """A JSON object, or an empty one: a malformed record then fails its checks by name."""
    return value if isinstance(value, dict) else {}
