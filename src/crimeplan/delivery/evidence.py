"""Evidence files: their kind told from their content (never their name), their size checked,
and where they are kept: under the data directory, outside the web root."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import filetype
from django.conf import settings

from .constants import EVIDENCE_MAX_BYTES, EVIDENCE_TYPES

# filetype reads at most this many bytes from the start of a file.
HEAD_BYTES = 8192


class EvidenceRejected(ValueError):
    """The file is not evidence we accept; the message says why, in words for the uploader."""


class Upload(Protocol):
    name: str
    size: int | None

    def chunks(self) -> object: ...


@dataclass(frozen=True)
class EvidenceKind:
    content_type: str
    extension: str


def max_bytes() -> int:
    return int(getattr(settings, "CRIMEPLAN_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


def evidence_kind(head: bytes, *, size: int, name: str) -> EvidenceKind:
    """The accepted kind of a file from its first bytes, or EvidenceRejected."""
    limit = max_bytes()
    if size > limit:
        raise EvidenceRejected(
            f"{name} is {size / 1_048_576:.1f} MB; evidence files must be at most "
            f"{limit / 1_048_576:.0f} MB"
        )
    if size == 0:
        raise EvidenceRejected(f"{name} is empty")
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise EvidenceRejected(
            f"{name} is not a PDF, an image (PNG, JPEG, GIF, WebP) or an office document "
            "(Word, Excel, PowerPoint, OpenDocument), whatever its name says"
        )
    return EvidenceKind(content_type=kind.mime, extension=EVIDENCE_TYPES[kind.mime])


def evidence_dir() -> Path:
    return Path(settings.CRIMEPLAN_DATA_DIR) / "delivery-evidence"


def evidence_path(stored_name: str) -> Path:
    path = (evidence_dir() / stored_name).resolve()
    if path.parent != evidence_dir().resolve():
        raise ValueError("an evidence file's name must not leave its folder")
    return path


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    kind: EvidenceKind
    size: int
    sha256: str


def store_upload(upload: Upload) -> StoredFile:
    """Checks the upload's content and writes it under a random name with the extension of
    its real kind. The caller removes the file if its transaction fails."""
    chunks = list(upload.chunks())  # type: ignore[call-overload]
    content = b"".join(chunks)
    kind = evidence_kind(content[:HEAD_BYTES], size=len(content), name=upload.name)
    stored_name = f"{secrets.token_hex(16)}.{kind.extension}"
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    evidence_path(stored_name).write_bytes(content)
    return StoredFile(
        stored_name=stored_name,
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
