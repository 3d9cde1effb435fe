"""The pages: the public figures and downloads, a partner editor's upload and entry (their own
agency only), and the joint review page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member

from .. import feedback_demo
from ..models import ComplianceReturn
from .factories import ReturningAgencyFactory, ReviewActionFactory, return_with_lines

pytestmark = pytest.mark.django_db
HEADER = "agency,year,quarter,right,eligible,complied,note\n"


@pytest.fixture
def agency():  # type: ignore[no-untyped-def]
    return ReturningAgencyFactory(organisation__name="Test Courts").organisation


def test_the_public_page_shows_the_latest_quarter(client, agency) -> None:  # type: ignore[no-untyped-def]
    return_with_lines(agency, quarter=2, lines=(("r08", 100, 70),))
    return_with_lines(agency, quarter=3, lines=(("r08", 100, 90),))
    page = client.get(reverse("victims_code:figures")).content.decode()
    assert "2025/26 Q3" in page and "significant improvement" in page
    older = client.get(reverse("victims_code:figures"), {"quarter": "2025-2"}).content.decode()
    assert "no figure last quarter" in older
    assert client.get(reverse("victims_code:figures"), {"quarter": "1999-1"}).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_the_figures_download(client, agency, file_format: str) -> None:  # type: ignore[no-untyped-def]
    return_with_lines(agency, lines=(("r08", 100, 90),))
    response = client.get(reverse("victims_code:figures_export", args=[file_format]))
    assert response.status_code == 200
    if file_format == "csv":
        text = response.content.decode()
        assert text.splitlines()[0].startswith("right,agency,eligible,complied,rate_percent")
        assert "Test Courts,100,90,90.0" in text


def test_the_blank_template_lists_the_rights(client) -> None:  # type: ignore[no-untyped-def]
    text = client.get(reverse("victims_code:template_download", args=["csv"])).content.decode()
    lines = text.splitlines()
    assert lines[0] == "agency,year,quarter,right,eligible,complied,note"
    assert [line.split(",")[3] for line in lines[1:]] == [f"r{n:02d}" for n in range(1, 13)]


def test_a_partner_editor_uploads_and_sees_the_error_then_saves(client, agency) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(Role.PARTNER_EDITOR, agency))
    url = reverse("victims_code:return_upload")
    bad = SimpleUploadedFile("courts.csv", (HEADER + "Test Courts,2025,3,r99,5,5,\n").encode())
    page = client.post(url, {"agency": agency.pk, "file": bad}).content.decode()
    assert "courts.csv, line 2, field &#x27;right&#x27;" in page
    assert not ComplianceReturn.objects.exists()
    good = SimpleUploadedFile("courts.csv", (HEADER + "Test Courts,2025,3,r08,5,5,\n").encode())
    response = client.post(url, {"agency": agency.pk, "file": good})
    record = ComplianceReturn.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()


def test_a_partner_editor_cannot_upload_for_another_agency(client, agency) -> None:  # type: ignore[no-untyped-def]
    other = ReturningAgencyFactory().organisation
    client.force_login(member(Role.PARTNER_EDITOR, agency))
    upload = SimpleUploadedFile("x.csv", (HEADER + f"{other.name},2025,3,r08,5,5,\n").encode())
    response = client.post(
        reverse("victims_code:return_upload"), {"agency": other.pk, "file": upload}
    )
    assert response.status_code == 200 and not ComplianceReturn.objects.exists()
    detail = reverse("victims_code:return_detail", args=[return_with_lines(other).pk])
    assert client.get(detail).status_code == 404


def test_a_partner_editor_of_no_returning_agency_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(Role.PARTNER_EDITOR, OrganisationFactory()))
    assert client.get(reverse("victims_code:return_upload")).status_code == 404


def test_entering_a_return_names_the_right_and_field(client, agency) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(Role.PARTNER_EDITOR, agency))
    data = {
        "agency": agency.pk,
        "year": 2025,
        "quarter": 3,
        "r08_eligible": "5",
        "r08_complied": "6",
    }
    page = client.post(reverse("victims_code:return_enter"), data).content.decode()
    assert "6 complied is more than the 5 eligible" in page
    data["r08_complied"] = "4"
    assert client.post(reverse("victims_code:return_enter"), data).status_code == 302
    assert list(ComplianceReturn.objects.get().lines.values_list("right", "complied")) == [
        ("r08", 4)
    ]


def test_the_review_page_shows_figures_and_actions(client, agency) -> None:  # type: ignore[no-untyped-def]
    return_with_lines(agency, lines=(("r08", 100, 90),))
    action = ReviewActionFactory(owner=agency, action="Write to every victim")
    client.force_login(member(Role.OPCC_POLICY, OrganisationFactory()))
    page = client.get(reverse("victims_code:meeting_detail", args=[action.meeting.pk]))
    text = page.content.decode()
    assert "Write to every victim" in text and "90.0" in text and "Case sampling" in text


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.OPCC_ANALYST, True), (Role.OPCC_POLICY, True), (Role.OPCC_COMMISSIONING, False)],
)
def test_the_returns_page_links_to_the_feedback_survey_for_its_readers(client, role, shown) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member(role, OrganisationFactory()))
    page = client.get(reverse("victims_code:return_list")).content.decode()
    assert (reverse("victims_code:feedback_list") in page) is shown


def test_a_previous_rate_of_nought_is_shown_as_a_figure_not_a_gap(client, agency) -> None:  # type: ignore[no-untyped-def]
    return_with_lines(agency, quarter=2, lines=(("r08", 100, 0),))
    return_with_lines(agency, quarter=3, lines=(("r08", 100, 90),))
    page = client.get(reverse("victims_code:figures")).content.decode()
    assert 'govuk-table__cell--numeric">0.0</td>' in page


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_the_public_page_in_welsh(client, agency) -> None:  # type: ignore[no-untyped-def]
    """The page's words, the rights, the verdicts and the periods are Welsh; the agencies'
    names and the survey's own English (its questions, its weighting note) are shown as they
    are, marked lang="en"."""
    feedback_demo.load()
    return_with_lines(agency, quarter=2, lines=(("r08", 100, 70),))
    return_with_lines(agency, quarter=3, lines=(("r08", 100, 90),))
    english = client.get(reverse("victims_code:figures")).content.decode()
    assert "8. To be given information about the trial" in english
    assert "significant improvement" in english and "What victims told us" in english
    client.get(reverse("site:language", args=["cy"]))
    page = client.get(reverse("victims_code:figures")).content.decode()
    assert '<html lang="cy"' in page
    assert "Cydymffurfio â'r Cod Dioddefwyr" in page
    assert "8. Cael gwybodaeth am yr achos llys" in page
    assert "gwelliant arwyddocaol" in page and "2025/26 Ch3" in page
    assert "Pob asiantaeth" in page and "Test Courts" in page
    assert "Beth ddywedodd dioddefwyr wrthym" in page
    assert "Adborth dioddefwyr, 2025/26 Ch3" in page and "/26 Q" not in page
    assert "Data arddangos synthetig: ni atebodd neb yr arolwg hwn." in page
    assert '<td class="govuk-table__cell" lang="en-GB">' in page
    for english_only in ("significant improvement", "All agencies", "What victims told us"):
        assert english_only not in page
