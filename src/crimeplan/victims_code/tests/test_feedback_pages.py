"""The victims' feedback pages: importing through the form, errors shown with file, line and
field, who may publish, the synthetic mark and the reason a quarter is unweighted; and the
command."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.victims_code import feedback_demo
from crimeplan.victims_code.feedback_demo import synthetic_files
from crimeplan.victims_code.models import FeedbackSurvey

pytestmark = pytest.mark.django_db


def staff(role: Role):  # type: ignore[no-untyped-def]
    return member(role, OrganisationFactory(kind=OrganisationKind.OPCC))


def _form(answers: bytes | None = None, **changes: object) -> dict[str, object]:
    files = synthetic_files(quarter=3)
    return {
        "year": "2025",
        "quarter": "3",
        "codebook": SimpleUploadedFile("codebook.json", files.codebook),
        "responses": SimpleUploadedFile("answers.csv", answers or files.responses),
        "population": "\n".join(files.population),
        "min_per_group": "30",
        "min_base": "50",
    } | changes


def test_an_analyst_imports_a_quarter_and_sees_it_weighted(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.OPCC_ANALYST))
    response = client.post(reverse("victims_code:feedback_import"), _form())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Imported 375 responses for 2025/26 Q3" in page
    assert "Weighted to the quarter&#x27;s 6,800 victims by group" in page
    assert "Publish the estimates" not in page  # analysts do not publish


def test_a_bad_file_is_explained_on_the_form_and_nothing_is_stored(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.OPCC_POLICY))
    bad = b"offence_group,TOLD_CODE,REFERRED,KEPT_INFORMED,VPS_OFFERED,SATISFIED\n1,1,1,1,1,8\n"
    response = client.post(reverse("victims_code:feedback_import"), _form(bad))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "answers.csv, line 2, field SATISFIED: &#x27;8&#x27; is not one" in page
    assert not FeedbackSurvey.objects.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"year": "0"}, "Enter a year from 2000 to 2100"),
        ({"year": "2999"}, "Enter a year from 2000 to 2100"),
        ({"quarter": "5"}, "Select a valid choice"),
        ({"responses": SimpleUploadedFile("answers.txt", b"x")}, "The file must be .csv or .xlsx"),
    ],
)
def test_the_form_refuses_a_bad_period_or_file_kind(client, change, expected) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.OPCC_ADMIN))
    page = client.post(reverse("victims_code:feedback_import"), _form(**change)).content.decode()
    assert expected in page
    assert not FeedbackSurvey.objects.exists()


def test_a_policy_officer_publishes_and_a_partner_sees_nothing(client) -> None:  # type: ignore[no-untyped-def]
    feedback_demo.load()
    detail = reverse("victims_code:feedback_detail", args=[2025, 2])
    client.force_login(member(Role.PARTNER_EDITOR, OrganisationFactory()))
    assert client.get(detail).status_code == 403
    client.force_login(staff(Role.OPCC_ANALYST))
    publish = reverse("victims_code:feedback_publish", args=[2025, 2])
    assert client.post(publish, {"publish": "no"}).status_code == 403
    client.force_login(staff(Role.OPCC_POLICY))
    page = client.get(detail).content.decode()
    assert "Synthetic demonstration data: nobody answered this survey." in page
    assert "Unweighted." in page and "Sexual offences 12" in page
    assert "Not shown: fewer than 50 answered" in page
    assert "Withdraw the published estimates" in page
    assert client.post(publish, {"publish": "no"}).status_code == 302
    assert not FeedbackSurvey.objects.get(year=2025, quarter=2).published


def test_the_command_imports_shows_and_publishes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = synthetic_files(quarter=3)
    (tmp_path / "book.json").write_bytes(files.codebook)
    (tmp_path / "answers.csv").write_bytes(files.responses)
    (tmp_path / "victims.csv").write_text("group,victims\n" + "\n".join(files.population))
    out = StringIO()
    call_command(
        "victims_feedback",
        "import",
        "--year=2025",
        "--quarter=3",
        f"--codebook={tmp_path / 'book.json'}",
        f"--responses={tmp_path / 'answers.csv'}",
        f"--population={tmp_path / 'victims.csv'}",
        stdout=out,
    )
    assert "375 responses for 2025/26 Q3 imported, weighted" in out.getvalue()
    call_command("victims_feedback", "show", "--year=2025", "--quarter=3", stdout=out)
    assert "told_code\tall\t" in out.getvalue()
    call_command("victims_feedback", "publish", "--year=2025", "--quarter=3", stdout=out)
    assert FeedbackSurvey.objects.get().published
    (tmp_path / "answers.csv").write_bytes(b"offence_group\n")
    with pytest.raises(CommandError, match=r"answers\.csv: column TOLD_CODE"):
        call_command(
            "victims_feedback",
            "import",
            "--year=2025",
            "--quarter=3",
            f"--codebook={tmp_path / 'book.json'}",
            f"--responses={tmp_path / 'answers.csv'}",
        )


def test_the_command_refuses_an_oversized_population_file_rather_than_cut_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = synthetic_files(quarter=3)
    (tmp_path / "book.json").write_bytes(files.codebook)
    (tmp_path / "answers.csv").write_bytes(files.responses)
    padding = "\n" * 100_000  # blank lines: the groups' figures alone would fit
    (tmp_path / "victims.csv").write_text("\n".join(files.population) + padding)
    with pytest.raises(CommandError, match=r"victims\.csv: larger than 100 KB"):
        call_command(
            "victims_feedback",
            "import",
            "--year=2025",
            "--quarter=3",
            f"--codebook={tmp_path / 'book.json'}",
            f"--responses={tmp_path / 'answers.csv'}",
            f"--population={tmp_path / 'victims.csv'}",
        )
    assert not FeedbackSurvey.objects.exists()
