"""Evidence uploads: the kind is told by content, whatever the file's name; too-large and empty
files are refused; a refused file leaves nothing behind."""

import io
import zipfile

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import World, build_world
from crimeplan.delivery import evidence as evidence_files
from crimeplan.delivery import services
from crimeplan.delivery.models import Evidence, ProgressUpdate

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


def real_pdf() -> bytes:
    return bytes(weasyprint.HTML(string="<p>Minutes of the board</p>").write_pdf())


def real_docx() -> bytes:
    """A minimal Office Open XML word-processing package, as Word writes its parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def real_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (real_pdf, "application/pdf"),
        (real_png, "image/png"),
        (real_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_allowed_kinds_are_accepted_whatever_their_name(reference: None, content, kind) -> None:  # type: ignore[no-untyped-def]
    action = ActionFactory()
    data = content()
    update = services.progress_update_add(
        action=action,
        actor=None,
        reported_on=action.start_date,
        status=action.status,
        summary="With evidence.",
        files=[SimpleUploadedFile("named-wrongly.txt", data)],
    )
    stored = update.evidence.get()
    assert stored.content_type == kind
    assert stored.original_name == "named-wrongly.txt"
    path = evidence_files.evidence_path(stored.stored_name)
    assert path.read_bytes() == data
    assert path.suffix == "." + evidence_files.EVIDENCE_TYPES[kind]
    assert "media" not in path.parts and "static" not in path.parts


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program
        ("minutes.docx", b"PK\x03\x04" + b"\x00" * 100),  # a zip that is no office document
        ("data.xlsx", b"name,amount\nA,1\n"),
    ],
)
def test_a_file_whose_content_is_not_allowed_is_rejected_whatever_its_name(
    reference: None, name, content
) -> None:  # type: ignore[no-untyped-def]
    action = ActionFactory()
    good = SimpleUploadedFile("good.pdf", real_pdf())
    with pytest.raises(ValidationError) as caught:
        services.progress_update_add(
            action=action,
            actor=None,
            reported_on=action.start_date,
            status=action.status,
            summary="With a bad file.",
            files=[good, SimpleUploadedFile(name, content)],
        )
    assert "whatever its name says" in caught.value.message_dict["evidence"][0]
    assert name in caught.value.message_dict["evidence"][0]
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    folder = evidence_files.evidence_dir()
    assert not folder.exists() or list(folder.iterdir()) == []


def test_too_large_and_empty_files_are_refused(reference: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(evidence_files.EvidenceRejected, match="at most"):
        evidence_files.evidence_kind(real_pdf()[:100], size=1001, name="big.pdf")
    with pytest.raises(evidence_files.EvidenceRejected, match="empty"):
        evidence_files.evidence_kind(b"", size=0, name="empty.pdf")


def test_the_upload_page_shows_the_rejection_and_stores_nothing(client, reference: None) -> None:  # type: ignore[no-untyped-def]
    world: World = build_world()
    action = ActionFactory(owner_organisation=world.csp_own)
    client.force_login(world.people[Role.PARTNER_EDITOR])
    response = client.post(
        reverse("delivery:update_add", kwargs={"pk": action.pk}),
        {
            "reported_on": "2024-02-01",
            "status": "on_track",
            "summary": "See the attached.",
            "evidence": [SimpleUploadedFile("minutes.pdf", b"plain text, not a PDF")],
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "minutes.pdf is not a PDF" in response.text
    assert not ProgressUpdate.objects.exists()


def test_a_stored_name_cannot_leave_the_evidence_folder() -> None:
    with pytest.raises(ValueError):
        evidence_files.evidence_path("../../secret_key")
