"""The public grant application's uploads: a body larger than the public may send is refused
before anything reads it, a draft holds a capped number of documents and bytes, and uploads
from one network are throttled."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.commissioning import services
from crimeplan.commissioning.models import Application, Attachment

from .factories import RoundFactory

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft() -> Application:
    return services.application_start(round=RoundFactory())


def _pdf(size: int, name: str = "budget.pdf") -> io.BytesIO:
    """A file whose content says PDF (as the form checks), `size` bytes long."""
    head = b"%PDF-1.4\n%a budget\n"
    upload = io.BytesIO(head + b"0" * (size - len(head)))
    upload.name = name
    return upload


def _upload(client: Client, draft: Application, upload: io.BytesIO, **extra: str):  # type: ignore[no-untyped-def]
    url = reverse("commissioning:apply_step", args=[draft.resume_token, "attachments"])
    return client.post(url, {"file": upload}, **extra)


def test_a_body_past_the_public_limit_is_refused_before_it_is_read(settings, draft) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_PUBLIC_UPLOAD_MB = 1
    # The CSRF check reads the form, so had the body been read the answer would be its 403.
    strict = Client(enforce_csrf_checks=True)
    response = _upload(strict, draft, _pdf(2 * MB))
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is too big" in page and "larger than 1 MB" in page
    assert not Attachment.objects.exists()
    # Within the limit, the same request reaches the CSRF check (and is refused there).
    assert _upload(strict, draft, _pdf(MB // 2)).status_code == 403


def test_a_signed_in_user_may_send_up_to_the_staff_limit(client, settings, draft) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_PUBLIC_UPLOAD_MB = 1
    settings.CRIMEPLAN_MAX_UPLOAD_MB = 3
    client.force_login(member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc")))
    assert _upload(client, draft, _pdf(2 * MB)).status_code == 302
    assert _upload(client, draft, _pdf(4 * MB)).status_code == 413


def test_a_draft_holds_at_most_so_many_documents(client, settings, draft) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT = 2
    assert _upload(client, draft, _pdf(1000, "one.pdf")).status_code == 302
    assert _upload(client, draft, _pdf(1000, "two.pdf")).status_code == 302
    refused = _upload(client, draft, _pdf(1000, "three.pdf"))
    assert refused.status_code == 200
    assert "An application can have at most 2 documents" in refused.content.decode()
    assert list(draft.attachments.values_list("original_name", flat=True).order_by("pk")) == [
        "one.pdf",
        "two.pdf",
    ]


def test_a_draft_holds_at_most_so_many_megabytes(client, settings, draft) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT = 1
    assert _upload(client, draft, _pdf(600 * 1024, "plan.pdf")).status_code == 302
    refused = _upload(client, draft, _pdf(600 * 1024, "budget.pdf"))
    page = refused.content.decode().replace("&#x27;", "'")
    assert "budget.pdf would take this application's documents past 1 MB in all" in page
    assert draft.attachments.count() == 1


def test_uploads_from_one_network_are_throttled(client, settings, draft) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_GRANT_ATTACHMENT_UPLOADS_PER_HOUR = 3
    not_a_pdf = io.BytesIO(b"MZ\x90\x00 a program")
    not_a_pdf.name = "budget.pdf"
    # Refused uploads count too: each cost the bytes it carried.
    assert _upload(client, draft, not_a_pdf).status_code == 200
    assert _upload(client, draft, _pdf(1000)).status_code == 302
    assert _upload(client, draft, _pdf(1000), REMOTE_ADDR="127.0.0.9").status_code == 302
    assert _upload(client, draft, _pdf(1000)).status_code == 429
    assert draft.attachments.count() == 2
    # Going on to check the answers (no file) is never throttled; another network may upload.
    url = reverse("commissioning:apply_step", args=[draft.resume_token, "attachments"])
    assert client.post(url, {}).status_code == 302
    assert _upload(client, draft, _pdf(1000), REMOTE_ADDR="192.0.2.10").status_code == 302
