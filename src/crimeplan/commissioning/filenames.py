"""The name an applicant's attachment is downloaded under: plain ASCII, no path, and the
extension of the type its content was checked to be (never the one the applicant typed)."""

import re
import unicodedata
from pathlib import PurePosixPath

EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/png": "png",
    "image/jpeg": "jpg",
}
MAX_STEM = 100


def safe_filename(original_name: str, content_type: str) -> str:
    """e.g. `..\\\\Budget (draft)€.pdf.exe` typed as a PDF becomes `Budget-draft.pdf.pdf`."""
    base = PurePosixPath(original_name.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem)
    cleaned = re.sub(r"-*\.-*", ".", cleaned).strip(".-_")[:MAX_STEM].strip(".-_")
    extension = EXTENSIONS.get(content_type.split(";")[0].strip().lower(), "bin")
    return f"{cleaned or 'attachment'}.{extension}"
