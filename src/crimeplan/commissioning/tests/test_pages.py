"""The summary's golden figures, the command line, exports, and the public form's errors."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent
from crimeplan.commissioning import services
from crimeplan.commissioning.constants import ApplicationStatus
from crimeplan.commissioning.fixtures import load_funding
from crimeplan.commissioning.models import Application, EligibilityQuestion, PanelMember

from .factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db
PLAN = (
    Path(settings.CRIMEPLAN_SHARED_DATA).parent
    / "fixtures"
    / "plan"
    / "gloucestershire-2021-25.toml"
)


def test_summary_command_matches_the_plan_fixture(capsys) -> None:  # type: ignore[no-untyped-def]
    report = load_funding(PLAN)
    assert (report.rounds_created, report.bids_created) == (5, 8)
    assert load_funding(PLAN).rounds_skipped == 5
    call_command("commissioning", "summary", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    safer = [r for r in rows if r["fund"] == "Safer Streets Fund"]
    assert [(r["round"], r["bids_or_applications"], r["amount_awarded"]) for r in safer] == [
        ("Round 3", "2", "1061477.00"),
        ("Round 4", "3", "2032170.00"),
        ("Round 5", "3", "1000000.00"),
    ]
    assert sum(int(r["amount_awarded"].replace(".", "")) for r in safer) == 4_093_647_00
    dapf = [r["amount_awarded"] for r in rows if r["fund"] == "Domestic Abuse Perpetrator Fund"]
    assert dapf == ["447404.50", "507518.00"]
    assert all(r["amount_paid"] == "0.00" for r in rows)


def test_summary_command_refuses_an_unknown_fund() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no fund named"):
        call_command("commissioning", "summary", "--fund", "Nope")


def test_loader_names_file_row_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "plan.toml"
    bad.write_text(
        '[[funding]]\nfund = "F"\nround = "R"\namount = 1\n\n'
        '[[funding]]\nfund = "F"\nround = "S"\namount = "lots"\n'
    )
    with pytest.raises(ValueError, match=r"plan.toml: \[\[funding\]\] row 2, field 'amount'"):
        load_funding(bad)
    from crimeplan.commissioning.models import Fund

    assert not Fund.objects.exists()  # all or nothing


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_exports_hide_conflicted_applications(client, reference, file_format: str) -> None:  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory()
    assessor = member(Role.GRANT_ASSESSOR, opcc)
    seen = ApplicationFactory(project_title="Visible project")
    hidden = ApplicationFactory(round=seen.round, project_title="Conflicted project")
    PanelMember.objects.create(round=seen.round, user=assessor)
    services.conflict_declare(application=hidden, user=assessor, reason="My employer")
    client.force_login(assessor)
    response = client.get(reverse("commissioning:application_export") + f"?format={file_format}")
    assert response.status_code == 200
    body = response.content
    if file_format == "csv":
        text = body.decode()
        assert seen.reference in text and hidden.reference not in text
    else:
        import zipfile

        archive = zipfile.ZipFile(io.BytesIO(body))
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
        assert seen.reference.encode() in xml and hidden.reference.encode() not in xml
    assert (
        client.get(reverse("commissioning:application_detail", args=[hidden.pk])).status_code == 404
    )
    assert (
        client.get(reverse("commissioning:application_score", args=[hidden.pk])).status_code == 404
    )
    listing = client.get(reverse("commissioning:application_list")).content.decode()
    assert "Visible project" in listing and "Conflicted project" not in listing
    assert AuditEvent.objects.filter(action="export").count() == 1


def _start(client, round_):  # type: ignore[no-untyped-def]
    response = client.post(reverse("commissioning:apply_begin", args=[round_.pk]))
    assert response.status_code == 302
    return Application.objects.get(status=ApplicationStatus.DRAFT, round=round_)


INVALID = [
    (
        "organisation",
        {"organisation_type": "charity", "contact_name": "A", "contact_email": "a@example.org"},
        "organisation_name",
        "Enter the name of your organisation",
    ),
    (
        "organisation",
        {"organisation_name": "G", "contact_name": "A", "contact_email": "a@example.org"},
        "organisation_type",
        "Select the type of organisation",
    ),
    (
        "organisation",
        {
            "organisation_name": "G",
            "organisation_type": "charity",
            "contact_email": "a@example.org",
        },
        "contact_name",
        "Enter the name of the person we should contact",
    ),
    (
        "organisation",
        {
            "organisation_name": "G",
            "organisation_type": "charity",
            "contact_name": "A",
            "contact_email": "not-an-email",
        },
        "contact_email",
        "Enter an e-mail address in the correct format",
    ),
    ("project", {"project_summary": "S"}, "project_title", "Enter a title for the project"),
    ("project", {"project_title": "T"}, "project_summary", "Describe the project"),
    (
        "project",
        {"project_title": "T", "project_summary": "S", "district": "999999"},
        "district",
        "Select a district from the list",
    ),
    (
        "funding",
        {"amount_requested": "lots", "match_funding": "100"},
        "amount_requested",
        "Enter the amount you are asking for in pounds, like 1250 or 1250.50",
    ),
    (
        "funding",
        {"amount_requested": "6000", "match_funding": "600"},
        "amount_requested",
        "The amount must be £5,000 or less",
    ),
    (
        "funding",
        {"amount_requested": "1000", "match_funding": "50"},
        "match_funding",
        "Match funding must be at least 10%",
    ),
    (
        "funding",
        {"amount_requested": "1000", "match_funding": "1.234"},
        "match_funding",
        "Enter the match funding in pounds, like 1250 or 1250.50",
    ),
    ("eligibility", {}, "q", "Select yes or no"),
]


@pytest.mark.parametrize(("step", "data", "field", "message"), INVALID)
def test_every_invalid_field_is_named_and_nothing_typed_is_lost(  # type: ignore[no-untyped-def]
    client, reference, step, data, field, message
) -> None:
    round_ = RoundFactory(max_amount_pence=5_000_00, match_funding_percent=10)
    question = EligibilityQuestion.objects.create(
        round=round_,
        text="In the county?",
        eligible_answer=True,
        reason_if_ineligible="County only",
    )
    draft = _start(client, round_)
    if field == "q":
        field = f"q{question.pk}"
    response = client.post(
        reverse("commissioning:apply_step", args=[draft.resume_token, step]), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    anchor = f"{field}_0" if field in {"organisation_type"} or field.startswith("q") else field
    assert f'href="#id_{anchor}"' in html
    assert message in html.replace("&#x27;", "'")
    for name, value in data.items():
        if name != "district":
            assert f'value="{value}"' in html or f"{value}</textarea>" in html or "checked" in html


def test_whole_journey_with_save_and_return(client, reference) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory(max_amount_pence=5_000_00)
    question = EligibilityQuestion.objects.create(
        round=round_,
        text="In the county?",
        eligible_answer=True,
        reason_if_ineligible="County only",
    )
    draft = _start(client, round_)
    token = draft.resume_token

    def step(name: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
        return client.post(reverse("commissioning:apply_step", args=[token, name]), data)

    assert step("eligibility", {f"q{question.pk}": "yes"}).status_code == 302
    assert (
        step(
            "organisation",
            {
                "organisation_name": "Fictional Group",
                "organisation_type": "charity",
                "contact_name": "Sam",
                "contact_email": "sam@example.org",
            },
        ).status_code
        == 302
    )
    # Save and return: the link is e-mailed; a filled honeypot sends nothing.
    client.post(reverse("commissioning:apply_save", args=[token]), {"website": "spam"})
    assert len(mail.outbox) == 0
    client.post(reverse("commissioning:apply_save", args=[token]), {})
    assert len(mail.outbox) == 1 and f"/grants/apply/{token}/check/" in mail.outbox[0].body
    assert (
        step("project", {"project_title": "Boxing", "project_summary": "Sessions"}).status_code
        == 302
    )
    assert step("funding", {"amount_requested": "2500.50", "match_funding": "0"}).status_code == 302
    pdf = io.BytesIO(b"%PDF-1.4\n%fake but typed by content\n")
    pdf.name = "budget.pdf"
    assert step("attachments", {"file": pdf}).status_code == 302
    text = io.BytesIO(b"MZ\x90\x00 not a pdf")
    text.name = "budget.pdf"
    refused = step("attachments", {"file": text})
    assert "budget.pdf must be a PDF, Word" in refused.content.decode()
    check = client.get(reverse("commissioning:apply_check", args=[token])).content.decode()
    assert "£2,500.50" in check and "budget.pdf" in check
    done = client.post(reverse("commissioning:apply_check", args=[token]))
    application = Application.objects.get(pk=draft.pk)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.amount_requested_pence == 250050
    assert done["Location"] == reverse("commissioning:apply_done", args=[application.reference])
    confirmation = client.get(done["Location"]).content.decode()
    assert application.reference in confirmation and "Application sent" in confirmation
    # The link no longer opens a submitted application.
    assert client.get(reverse("commissioning:apply_check", args=[token])).status_code == 404


def test_ineligible_answer_is_explained(client, reference) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    question = EligibilityQuestion.objects.create(
        round=round_,
        text="In the county?",
        eligible_answer=True,
        reason_if_ineligible="The fund pays only for work in the county.",
    )
    draft = _start(client, round_)
    response = client.post(
        reverse("commissioning:apply_step", args=[draft.resume_token, "eligibility"]),
        {f"q{question.pk}": "no"},
    )
    html = response.content.decode()
    assert "You cannot apply to this round" in html
    assert "The fund pays only for work in the county." in html


def test_public_forms_are_rate_limited(client, reference) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    statuses = [
        client.post(reverse("commissioning:apply_begin", args=[round_.pk])).status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


@pytest.mark.parametrize(
    ("fund_rules", "data", "field", "message"),
    [
        (
            {"costs_split": True},
            {
                "amount_requested": "1000",
                "labour": "600",
                "non_labour": "300",
                "match_funding": "0",
            },
            "labour",
            "Labour and non-labour costs must add up to the amount asked for, £1,000.00",
        ),
        (
            {},
            {"amount_requested": "1000", "match_funding": "500", "match_funding_form": "in_kind"},
            "match_funding_form_0",
            "This round accepts match funding in cash only",
        ),
    ],
)
def test_round_rules_on_the_funding_page(
    client, reference, fund_rules, data, field, message
) -> None:  # type: ignore[no-untyped-def]
    from .factories import FundFactory

    round_ = RoundFactory(
        fund=FundFactory(**fund_rules), match_funding_percent=10, match_funding_form="cash"
    )
    draft = _start(client, round_)
    response = client.post(
        reverse("commissioning:apply_step", args=[draft.resume_token, "funding"]), data
    )
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    assert message in html
    assert 'value="1000"' in html


def test_one_application_per_organisation_where_the_round_says_so() -> None:
    from django.core.exceptions import ValidationError

    round_ = RoundFactory(max_bids=1)
    ApplicationFactory(round=round_, organisation_name="Fictional Group")
    draft = Application.objects.create(round=round_)
    services.application_update(
        application=draft,
        values={
            "organisation_name": "fictional group",
            "organisation_type": "charity",
            "contact_name": "A",
            "contact_email": "a@example.org",
            "project_title": "T",
            "project_summary": "S",
            "amount_requested_pence": 100,
        },
    )
    with pytest.raises(ValidationError, match="at most 1 application"):
        services.application_submit(application=draft)


def test_check_your_answers_links_each_missing_answer_to_its_page(client, reference) -> None:  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    draft = _start(client, round_)
    token = draft.resume_token
    html = client.post(reverse("commissioning:apply_check", args=[token])).content.decode()
    assert "There is a problem" in html
    organisation = reverse("commissioning:apply_step", args=[token, "organisation"])
    funding = reverse("commissioning:apply_step", args=[token, "funding"])
    assert f'<a href="{organisation}?change=1">Enter the name of your organisation</a>' in html
    assert f'<a href="{funding}?change=1">Enter the amount you are asking for</a>' in html
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.DRAFT


def test_a_refused_return_link_is_said_on_the_page_not_a_server_error(
    client, reference, settings
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.core.tests.refusing_mail import REFUSING

    draft = _start(client, RoundFactory())
    draft.contact_email = "nobody@example.invalid"
    draft.save()
    settings.MAILERS = REFUSING
    response = client.post(reverse("commissioning:apply_save", args=[draft.resume_token]), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not send the e-mail" in page and "We have sent you a link" not in page
