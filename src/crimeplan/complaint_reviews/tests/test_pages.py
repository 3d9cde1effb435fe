"""The pages: the public application end to end, the honeypot, the figures and their
downloads, the API, a case page with its letters, and the reminder command."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member

from ..constants import Status
from ..models import ComplaintReview
from .factories import ComplaintReviewFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _application(**changes: str) -> dict[str, str]:
    letter_on = timezone.localdate() - datetime.timedelta(days=3)
    return {
        "complainant_name": "Robin Example",
        "complainant_email": "robin@example.org",
        "force_reference": "CO/1",
        "outcome_letter_on": f"{letter_on:%d/%m/%Y}",
        "outcome_reviewed": "No further action.",
        "grounds": "Nobody spoke to my witness.",
    } | changes


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))


def test_the_public_applies_and_gets_a_reference(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("complaint_reviews:apply"), _application())
    assert response.status_code == 302
    review = ComplaintReview.objects.get()
    assert review.channel == "web" and review.status == Status.RECEIVED
    page = client.get(response["Location"]).content.decode()
    assert review.reference in page
    assert mail.outbox and review.reference in mail.outbox[0].subject


def test_an_out_of_time_application_is_explained_and_stores_nothing(client) -> None:  # type: ignore[no-untyped-def]
    letter_on = timezone.localdate() - datetime.timedelta(days=40)
    response = client.post(
        reverse("complaint_reviews:apply"),
        _application(outcome_letter_on=f"{letter_on:%d/%m/%Y}"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "within 28 days of the outcome letter" in page
    assert not ComplaintReview.objects.exists()


def test_the_honeypot_stores_nothing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("complaint_reviews:apply"), _application(website="x"))
    assert response.status_code == 200
    assert not ComplaintReview.objects.exists()


def test_figures_page_downloads_and_api(client) -> None:  # type: ignore[no-untyped-def]
    ComplaintReviewFactory(received_on=datetime.date(2025, 10, 6))
    page = client.get(reverse("complaint_reviews:figures")).content.decode()
    assert "2025/26 Q3" in page
    for file_format in ("csv", "xlsx", "ods"):
        response = client.get(reverse("complaint_reviews:figures_export", args=[file_format]))
        assert response.status_code == 200
    csv = client.get(reverse("complaint_reviews:figures_export", args=["csv"])).content.decode()
    assert csv.splitlines()[1].startswith("2025/26 Q3,1,0,0,0")
    assert client.get("/complaint-reviews/figures/export.pdf").status_code == 404
    api = client.get(reverse("api:complaint_reviews_figures")).json()
    assert api[0]["quarter"] == "2025/26 Q3" and api[0]["median_working_days_to_decision"] is None


def test_a_case_page_and_its_letters(client, officer) -> None:  # type: ignore[no-untyped-def]
    recommendation = RecommendationFactory(review__decision_reasons="Witness ignored.")
    review = recommendation.review
    client.force_login(officer)
    page = client.get(reverse("complaint_reviews:review_detail", args=[review.pk])).content
    assert b"Robin Example" in page and b"Re-investigate." in page
    letter = client.get(reverse("complaint_reviews:letter", args=[review.pk, "decision"]))
    text = letter.content.decode()
    assert "not reasonable and proportionate" in text and "Re-investigate." in text
    assert "Dear Robin Example" in text
    not_ready = client.get(reverse("complaint_reviews:letter", args=[review.pk, "not_valid"]))
    assert not_ready.status_code == 302
    assert client.get(f"/complaint-reviews/{review.pk}/letters/nonsense/").status_code == 404


def test_the_reminder_command_names_references_only(officer) -> None:  # type: ignore[no-untyped-def]
    review = ComplaintReviewFactory(received_on=datetime.date(2020, 1, 6))
    out = StringIO()
    call_command("complaint_reviews", "remind", stdout=out)
    assert f"{review.reference}: acknowledgment overdue since" in out.getvalue()
    assert "Robin" not in out.getvalue()
    assert mail.outbox[-1].to == [officer.email]


def test_staff_record_a_posted_application_and_take_it_through(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    response = client.post(
        reverse("complaint_reviews:review_create"),
        _application(channel="post", received_on_date=f"{timezone.localdate():%d/%m/%Y}"),
    )
    review = ComplaintReview.objects.get()
    assert response["Location"] == reverse("complaint_reviews:review_detail", args=[review.pk])
    assert review.channel == "post" and review.created_by == officer
    today = f"{timezone.localdate():%d/%m/%Y}"
    refused = client.post(
        reverse("complaint_reviews:review_validity", args=[review.pk]),
        {"on": today, "reviewable": "no", "already_reviewed": "no"},
    )
    assert refused.status_code == 302
    review.refresh_from_db()
    assert review.status == Status.NOT_VALID
    letter = client.get(reverse("complaint_reviews:letter", args=[review.pk, "not_valid"]))
    assert "not the relevant review body" in letter.content.decode()
    decide = client.post(
        reverse("complaint_reviews:review_decide", args=[review.pk]),
        {"finding": "reasonable", "reasons": "Fine.", "on": today},
    )
    assert decide.status_code == 200
    assert "Only a valid application awaiting review is decided" in decide.content.decode()
