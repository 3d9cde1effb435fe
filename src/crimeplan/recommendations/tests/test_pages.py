"""The tracker's pages: recording through the forms, the filters (a GET form), evidence from
a partner, closing, the downloads (audited), the public page and the API."""

import csv
import io

import pytest
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.delivery.tests.factories import ActionFactory

from ..constants import Source, Status
from ..models import Inspection, Recommendation
from ..selectors import inspection_list
from .factories import InspectionFactory, InspectionGradeFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="The OPCC", kind=OrganisationKind.OPCC)


@pytest.fixture
def force():  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="The constabulary", kind=OrganisationKind.CONSTABULARY)


@pytest.fixture
def policy(client, opcc):  # type: ignore[no-untyped-def]
    user = member(Role.OPCC_POLICY, opcc)
    client.force_login(user)
    return user


def test_record_an_inspection_and_a_cause_of_concern_from_it(client, policy, force) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("recommendations:inspection_create"),
        {"title": "PEEL 2026", "kind": "peel", "published_on": "2026-05-01",
         "engage_from": "2026-06-01"},
    )  # fmt: skip
    inspection = Inspection.objects.get(title="PEEL 2026")
    assert response.status_code == 302 and inspection.in_engage
    response = client.post(
        reverse("recommendations:grade_add", args=[inspection.pk]),
        {"area": "Investigating crime", "grade": "requires_improvement"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("recommendations:grade_add", args=[inspection.pk]),
        {"area": "Investigating crime", "grade": "good"},
    )
    assert "already has a grade for this area" in response.content.decode()

    action = ActionFactory()
    url = reverse("recommendations:inspection_recommendation_create", args=[inspection.pk])
    response = client.post(url, {"source": "hmicfrs_cause_of_concern", "title": "", "owner": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the title" in page and "Choose the organisation that should act" in page
    assert not Recommendation.objects.exists()
    response = client.post(
        url,
        {"source": "hmicfrs_cause_of_concern", "inspection": inspection.pk,
         "title": "Answer calls faster", "owner": force.pk, "due_on": "2027-03-31",
         "priority": "high", "action": action.pk, "plan_priority": action.commitment.priority.pk,
         "is_public": "on", "public_summary": "New call handlers."},
    )  # fmt: skip
    item = Recommendation.objects.get()
    assert response.status_code == 302
    assert (item.inspection, item.action, item.is_public) == (inspection, action, True)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Recommendation saved." in page and action.title in page
    detail = client.get(inspection.get_absolute_url()).content.decode()
    assert "Requires improvement" in detail and "Answer calls faster" in detail


def test_a_module_item_changes_only_the_trackers_fields(client, policy, force) -> None:  # type: ignore[no-untyped-def]
    item = RecommendationFactory(
        source=Source.ASB_CASE_REVIEW, source_key="7/1", title="ASB-7, rec 1", owner=force
    )
    response = client.post(
        reverse("recommendations:edit", args=[item.pk]),
        {"priority": "low", "title": "Changed here", "owner": "", "is_public": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.priority, item.title, item.owner) == ("low", "ASB-7, rec 1", force)


def test_the_filters_work_without_javascript(client, policy, force) -> None:  # type: ignore[no-untyped-def]
    RecommendationFactory(title="Late one", owner=force, due_on="2026-01-01")
    RecommendationFactory(title="Low one", owner=force, priority="low")
    page = client.get(reverse("recommendations:list")).content.decode()
    assert page.index("Late one") < page.index("Low one") and "Overdue" in page
    page = client.get(reverse("recommendations:list"), {"priority": "low"}).content.decode()
    assert "Low one" in page and "Late one" not in page
    response = client.get(reverse("recommendations:list"), {"owner": "999999"})
    assert response.status_code == 200
    assert "Choose an owner from the list" in response.content.decode()


def test_a_partner_editor_adds_evidence_but_cannot_close(client, force) -> None:  # type: ignore[no-untyped-def]
    mine = RecommendationFactory(owner=force)
    theirs = RecommendationFactory()
    client.force_login(member(Role.PARTNER_EDITOR, force))
    page = client.get(reverse("recommendations:list")).content.decode()
    assert mine.title in page and theirs.title not in page
    response = client.post(
        reverse("recommendations:update_add", args=[mine.pk]),
        {"evidence": "Trained every call handler.", "status": "done"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.DONE
    assert "Trained every call handler." in client.get(mine.get_absolute_url()).content.decode()
    close = reverse("recommendations:close", args=[mine.pk])
    assert client.post(close, {"decision": "discharged", "reason": "x"}).status_code == 403
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("recommendations:update_add", args=[theirs.pk]), {"evidence": "x"}
        ).status_code
        == 404
    )


def test_closing_through_the_form(client, policy, force) -> None:  # type: ignore[no-untyped-def]
    item = RecommendationFactory(owner=force, status=Status.DONE)
    url = reverse("recommendations:close", args=[item.pk])
    response = client.post(url, {"decision": "", "reason": ""})
    assert "Choose the decision" in response.content.decode()
    response = client.post(url, {"decision": "not_accepted", "reason": "Out of scope."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.closing_decision) == (Status.CLOSED, "not_accepted")


def test_the_download_is_the_filtered_list_and_is_audited(client, policy, force) -> None:  # type: ignore[no-untyped-def]
    RecommendationFactory(title="High one", owner=force, priority="high")
    RecommendationFactory(title="Low one", owner=force, priority="low")
    response = client.get(reverse("recommendations:export", args=["csv"]), {"priority": "high"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["High one"]
    assert rows[0]["owner"] == "The constabulary" and rows[0]["priority"] == "High"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1
    for file_format in ("xlsx", "ods"):
        response = client.get(reverse("recommendations:export", args=[file_format]))
        assert response.status_code == 200
    assert client.get(reverse("recommendations:export", args=["pdf"])).status_code == 404


def test_the_public_page_shows_only_what_is_published(client, force) -> None:  # type: ignore[no-untyped-def]
    inspection = InspectionFactory(title="PEEL 2026", engage_from="2026-06-01")
    InspectionGradeFactory(inspection=inspection, area="Investigating crime", grade="inadequate")
    RecommendationFactory(
        title="An area for improvement", owner=force, is_public=True, public_summary="Later.",
        source=Source.HMICFRS_AREA_FOR_IMPROVEMENT,
    )  # fmt: skip
    RecommendationFactory(
        title="Answer calls faster", owner=force, is_public=True, public_summary="New handlers.",
        source=Source.HMICFRS_CAUSE_OF_CONCERN, inspection=inspection,
    )  # fmt: skip
    RecommendationFactory(title="Not for the public", owner=force)
    page = client.get(reverse("recommendations:public")).content.decode()
    assert "Answer calls faster" in page and "New handlers." in page
    assert page.index("Answer calls faster") < page.index("An area for improvement")
    assert "Not for the public" not in page
    assert "Inadequate" in page and "engage phase" in page
    response = client.get(reverse("recommendations:public_export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Answer calls faster", "An area for improvement"]
    assert rows[0]["inspection"] == "PEEL 2026"


def test_in_welsh_the_public_page_words_sources_statuses_and_grades_in_welsh(  # type: ignore[no-untyped-def]
    client, force, settings
) -> None:
    settings.LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
    inspection = InspectionFactory(title="PEEL 2026")
    InspectionGradeFactory(inspection=inspection, area="Investigating crime", grade="inadequate")
    RecommendationFactory(
        title="Answer calls faster", owner=force, is_public=True, public_summary="New handlers.",
        source=Source.HMICFRS_CAUSE_OF_CONCERN, status=Status.IN_PROGRESS,
    )  # fmt: skip
    client.get("/language/cy/?next=/")

    page = client.get(reverse("recommendations:public")).content.decode()

    assert "Achos pryder HMICFRS" in page and "Ar y gweill" in page and "Annigonol" in page
    assert "HMICFRS cause of concern" not in page
    # The API and the downloads keep the English labels, whatever the page's language.
    rows = client.get(reverse("recommendations:public_export", args=["csv"])).content
    assert "HMICFRS cause of concern" in rows.decode("utf-8-sig")
    item = client.get("/api/v1/recommendations/published").json()[0]
    assert (item["source"], item["status"]) == ("hmicfrs_cause_of_concern", "in_progress")


def test_the_api_lists_the_published_items(client, force) -> None:  # type: ignore[no-untyped-def]
    RecommendationFactory(
        title="Late and public", owner=force, is_public=True, public_summary="Behind.",
        due_on="2026-01-01",
    )  # fmt: skip
    RecommendationFactory(title="Private", owner=force)
    response = client.get("/api/v1/recommendations/published")
    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body] == ["Late and public"]
    assert body[0]["overdue"] is True and body[0]["summary"] == "Behind."
    assert "evidence" not in body[0] and "closing_reason" not in body[0]


def test_a_partner_sees_only_its_own_count_of_an_inspections_recommendations(client, force) -> None:  # type: ignore[no-untyped-def]
    inspection = InspectionFactory()
    RecommendationFactory(inspection=inspection, source=Source.HMICFRS_RECOMMENDATION, owner=force)
    other = OrganisationFactory(name="Another partner")
    for _ in range(2):
        RecommendationFactory(
            inspection=inspection, source=Source.HMICFRS_RECOMMENDATION, owner=other
        )
    partner = viewer_for(member(Role.PARTNER_VIEWER, force))
    staff = viewer_for(member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC)))
    assert inspection_list(viewer=partner).get().recommendation_count == 1
    assert inspection_list(viewer=staff).get().recommendation_count == 3
