"""Downloading an application's attachments: who may, how the file is served, the audit."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import MembershipFactory, OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import services
from crimeplan.commissioning.filenames import safe_filename
from crimeplan.commissioning.models import Attachment, PanelMember

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%a budget\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def attachment() -> Attachment:
    application = ApplicationFactory(organisation=OrganisationFactory(name="Grantee"))
    item = Attachment(
        application=application,
        original_name='..\\Budget "final" 2025€.pdf',
        content_type="application/pdf",
        size=len(PDF),
    )
    item.file.save("budget.pdf", ContentFile(PDF), save=True)
    return item


def _url(attachment: Attachment) -> str:
    return reverse("commissioning:attachment_download", args=[attachment.pk])


@pytest.mark.parametrize("role", [Role.OPCC_COMMISSIONING, Role.OPCC_ADMIN, Role.GRANT_ASSESSOR])
def test_who_may_see_the_application_gets_the_file(client, attachment, role) -> None:  # type: ignore[no-untyped-def]
    person = member(role, OrganisationFactory(kind="opcc"))
    if role == Role.GRANT_ASSESSOR:
        PanelMember.objects.create(round=attachment.application.round, user=person)
    client.force_login(person)
    response = client.get(_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Budget-final-2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="export")
    assert event.actor == person
    assert event.object_type == "commissioning.Attachment"
    assert event.object_id == str(attachment.pk)
    assert attachment.application.reference in event.summary


def test_the_detail_page_links_to_the_download(client, attachment) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc")))
    page = client.get(
        reverse("commissioning:application_detail", args=[attachment.application.pk])
    ).content.decode()
    assert _url(attachment) in page


def test_a_conflicted_panel_member_gets_a_404(client, attachment) -> None:  # type: ignore[no-untyped-def]
    assessor = member(Role.GRANT_ASSESSOR, OrganisationFactory(kind="opcc"))
    PanelMember.objects.create(round=attachment.application.round, user=assessor)
    client.force_login(assessor)
    assert client.get(_url(attachment)).status_code == 200
    services.conflict_declare(application=attachment.application, user=assessor, reason="Trustee")
    assert client.get(_url(attachment)).status_code == 404
    assert AuditEvent.objects.filter(action="export").count() == 1  # the download before


def test_a_conflict_hides_the_application_from_opcc_staff_too(client, attachment) -> None:  # type: ignore[no-untyped-def]
    """An assessor who also holds an OPCC staff role is still bound by their declaration."""
    opcc = OrganisationFactory(kind="opcc")
    assessor = member(Role.GRANT_ASSESSOR, opcc)
    MembershipFactory(user=assessor, organisation=opcc, role=Role.OPCC_POLICY)
    PanelMember.objects.create(round=attachment.application.round, user=assessor)
    client.force_login(assessor)
    detail = reverse("commissioning:application_detail", args=[attachment.application.pk])
    assert client.get(detail).status_code == 200
    services.conflict_declare(application=attachment.application, user=assessor, reason="Trustee")
    assert client.get(detail).status_code == 404
    assert client.get(_url(attachment)).status_code == 404


def test_an_assessor_of_another_round_gets_a_404(client, attachment) -> None:  # type: ignore[no-untyped-def]
    assessor = member(Role.GRANT_ASSESSOR, OrganisationFactory(kind="opcc"))
    PanelMember.objects.create(round=ApplicationFactory().round, user=assessor)
    client.force_login(assessor)
    assert client.get(_url(attachment)).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER_EDITOR, Role.PARTNER_VIEWER])
def test_another_organisation_gets_a_404_or_403(client, attachment, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(role, OrganisationFactory(name="Someone else")))
    assert client.get(_url(attachment)).status_code in {403, 404}
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_public_is_sent_to_sign_in(client, attachment) -> None:  # type: ignore[no-untyped-def]
    response = client.get(_url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_missing_file_is_a_404(client, attachment) -> None:  # type: ignore[no-untyped-def]
    attachment.file.delete(save=False)
    client.force_login(member(Role.OPCC_COMMISSIONING, OrganisationFactory(kind="opcc")))
    assert client.get(_url(attachment)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("budget.pdf", "application/pdf", "budget.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\me\\plan.exe", "image/png", "plan.png"),
        ("Café plan.docx", "application/vnd.oasis.opendocument.text", "Cafe-plan.odt"),
        ('"; evil=1', "image/jpeg", "evil-1.jpg"),
        ("....", "application/pdf", "attachment.pdf"),
        ("x" * 300 + ".pdf", "application/pdf", "x" * 100 + ".pdf"),
        ("notes.txt", "text/html", "notes.bin"),
    ],
)
def test_safe_filename(name: str, content_type: str, expected: str) -> None:
    assert safe_filename(name, content_type) == expected
