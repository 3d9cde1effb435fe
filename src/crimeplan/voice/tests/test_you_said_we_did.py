"""You said, we did: hotspots and survey findings reach the tracker, the OPCC links them to the
delivery actions that answer them, and the public pages show what the OPCC published about
those actions, in English and Welsh."""

import datetime
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import build_world
from crimeplan.delivery import services as delivery_services
from crimeplan.delivery.tests.factories import ActionFactory
from crimeplan.geography.models import District
from crimeplan.recommendations.constants import ClosingDecision, Source, Status
from crimeplan.recommendations.models import Recommendation
from crimeplan.recommendations.sync import sync_all
from crimeplan.voice import findings, places, results
from crimeplan.voice.codebook import CodebookError, codebook_parse
from crimeplan.voice.constants import ModerationAction
from crimeplan.voice.models import (
    AnnouncedFinding,
    Survey,
    SurveyEstimate,
    SurveyQuestion,
    UnsafePlaceReport,
)
from crimeplan.voice.reports import report_moderate
from crimeplan.voice.survey import survey_publish

from .factories import planted_hotspot

DAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
LATITUDE, LONGITUDE = 51.8994, -2.0783
TODAY = DAY.date()


@pytest.fixture(autouse=True)
def _on_a_known_day() -> Iterator[None]:
    with time_machine.travel(DAY, tick=False):
        yield


# Survey findings -------------------------------------------------------------------------------


def _survey(year: int = 2025, *, published: bool = True) -> Survey:
    return Survey.objects.create(
        year=year,
        title="Test survey",
        codebook={
            "questions": [
                {
                    "id": "Q1",
                    "text_cy": "Ydych chi'n teimlo'n ddiogel?",
                    "positive_label_cy": "Diogel",
                }
            ]
        },
        source_file="t.csv",
        population_year=year,
        published_on=TODAY if published else None,
    )


def _estimate(
    question: SurveyQuestion,
    district: District | None,
    *,
    percent: float = 60.0,
    change: float | None = -6.0,
    p_value: float | None = 0.01,
) -> SurveyEstimate:
    return SurveyEstimate.objects.create(
        question=question,
        district=district,
        base=400,
        percent=percent,
        lower=percent - 4,
        upper=percent + 4,
        previous_percent=None if change is None else percent - change,
        change_points=change,
        change_p_value=p_value,
    )


def _question(survey: Survey, *, higher_is_better: bool = True, code: str = "Q1") -> SurveyQuestion:
    return SurveyQuestion.objects.create(
        survey=survey,
        code=code,
        text="Do you feel safe?",
        positive_label="Feel safe",
        higher_is_better=higher_is_better,
        order=1 if code == "Q1" else 2,
    )


def test_a_significant_change_the_wrong_way_is_a_finding_and_nothing_else_is(reference) -> None:
    survey = _survey()
    safe = _question(survey)
    asb = _question(survey, higher_is_better=False, code="Q3")
    gloucester, stroud, cotswold = (
        District.objects.get(name=n) for n in ("Gloucester", "Stroud", "Cotswold")
    )
    _estimate(safe, gloucester, change=-6.0, p_value=0.01)  # worse: a finding
    _estimate(safe, stroud, change=-6.0, p_value=0.20)  # not significant
    _estimate(safe, cotswold, change=6.0, p_value=0.01)  # better
    _estimate(safe, None, change=None, p_value=None)  # no year before
    _estimate(asb, gloucester, change=5.0, p_value=0.01)  # more ASB: worse
    _estimate(asb, stroud, change=-5.0, p_value=0.01)  # less ASB: better

    found = findings.current_survey_findings()

    assert found == {
        f"2025:Q1:{gloucester.code}": "Survey 2025: Feel safe fell from 66% to 60% in Gloucester",
        f"2025:Q3:{gloucester.code}": "Survey 2025: Feel safe rose from 55% to 60% in Gloucester",
    }


def test_an_unpublished_survey_has_no_findings_until_it_is_published(reference) -> None:
    world = build_world()
    survey = _survey(published=False)
    _estimate(_question(survey), None)
    assert findings.current_survey_findings() == {}

    survey_publish(survey=survey, actor=world.people[Role.OPCC_POLICY])

    assert list(AnnouncedFinding.objects.values_list("key", "since", "until")) == [
        ("2025:Q1:county", TODAY, None)
    ]
    event = AuditEvent.objects.get(object_type="voice.Survey")
    assert event.summary == "Published the 2025 survey results"

    survey_publish(survey=survey, actor=world.people[Role.OPCC_POLICY], publish=False)

    assert AnnouncedFinding.objects.get().until == TODAY


def test_a_newer_published_year_ends_the_older_years_findings(reference) -> None:
    older, newer = _survey(2024), _survey(2025, published=False)
    _estimate(_question(older), None)
    _estimate(_question(newer), None, change=-1.0, p_value=0.5)
    findings.announce_survey_changes()
    assert list(AnnouncedFinding.objects.values_list("key", "until")) == [("2024:Q1:county", None)]

    survey_publish(survey=newer, actor=None)

    assert list(AnnouncedFinding.objects.values_list("key", "until")) == [("2024:Q1:county", TODAY)]


def test_a_long_title_is_cut_to_what_the_tracker_holds(reference) -> None:
    # A question label may hold 200 characters and a district's name 100.
    (finding,) = findings.refresh(AnnouncedFinding.Kind.SURVEY, {"2025:Q1:county": "x" * 420})

    assert len(finding.title) == 300 and finding.title.endswith("…")
    assert AnnouncedFinding.objects.get().title == finding.title


def test_the_codebook_says_which_way_is_better_and_refuses_anything_else() -> None:
    raw = {
        "respondent": {
            name: {"column": name, "codes": {"1": "a"}} for name in ("district", "age_band", "sex")
        },
        "questions": [
            {"id": "Q1", "column": "q1", "codes": {"1": "Yes", "2": "No"}, "positive": ["1"]},
            {
                "id": "Q2",
                "column": "q2",
                "codes": {"1": "Yes", "2": "No"},
                "positive": ["1"],
                "better": "lower",
            },
        ],
    }
    assert [q.higher_is_better for q in codebook_parse(raw).questions] == [True, False]
    raw["questions"][1]["better"] = "down"
    with pytest.raises(CodebookError, match="question Q2: 'better' must be 'higher' or 'lower'"):
        codebook_parse(raw)


# Hotspot findings ------------------------------------------------------------------------------


def test_a_hotspot_is_announced_and_withdrawn_when_its_reports_are_rejected(
    reference, django_capture_on_commit_callbacks
) -> None:
    world = build_world()
    planted_hotspot(latitude=LATITUDE, longitude=LONGITUDE)
    cell = places.snap(LATITUDE, LONGITUDE).cell
    reports = list(UnsafePlaceReport.objects.filter(grid_cell=cell))
    assert len(reports) == 12
    with django_capture_on_commit_callbacks(execute=True):
        assert findings.announce_changes() == 1
    hotspot = AnnouncedFinding.objects.get(kind=AnnouncedFinding.Kind.HOTSPOT)
    row = Recommendation.objects.get(source=Source.UNSAFE_PLACE_HOTSPOT)
    assert (row.source_key, row.title, row.status) == (hotspot.key, hotspot.title, Status.OPEN)
    assert row.origin_url == reverse("voice:published_hotspots") + f"#cell-{hotspot.key}"
    # Nothing about a report reaches the tracker: only the cell and its centre.
    assert all(r.reference not in json.dumps(row.title) for r in reports)

    # A moderator rejects most of the cluster as spam: the moderation queues the refresh.
    with django_capture_on_commit_callbacks(execute=True):
        for report in reports[:9]:
            report_moderate(
                report=report,
                action=ModerationAction.SPAM,
                actor=world.people[Role.OPCC_POLICY],
            )

    hotspot.refresh_from_db()
    row.refresh_from_db()
    assert hotspot.until == TODAY
    assert (row.status, row.closing_decision) == (Status.CLOSED, ClosingDecision.SUPERSEDED)


def test_the_trackers_full_sync_reads_the_voice_findings(reference) -> None:
    planted_hotspot(latitude=LATITUDE, longitude=LONGITUDE)
    survey = _survey()
    _estimate(_question(survey), None)

    sync_all()

    assert set(Recommendation.objects.values_list("source", flat=True)) == {
        Source.UNSAFE_PLACE_HOTSPOT,
        Source.SURVEY_FINDING,
    }
    assert sync_all()["created"] == 0


# What the public pages show ---------------------------------------------------------------------


def _answer(source: str, key: str, *, status: str = "on_track") -> object:
    """The OPCC links the finding's tracker row to an action and publishes an update on it."""
    world = build_world()
    action = ActionFactory(title="Safer routes home lighting", status=status)
    row = Recommendation.objects.get(source=source, source_key=key)
    row.action = action
    row.save()
    delivery_services.public_update_add(
        action=action,
        actor=world.people[Role.OPCC_POLICY],
        text="Two street lights were mended.",
        text_cy="Trwsiwyd dau olau stryd.",
        published_on=TODAY - datetime.timedelta(days=3),
    )
    return action


def test_the_public_survey_page_shows_what_was_done_beside_the_finding(client, reference) -> None:
    survey = _survey()
    question = _question(survey)
    gloucester = District.objects.get(name="Gloucester")
    _estimate(question, None, change=-1.0, p_value=0.4)
    _estimate(question, gloucester)
    sync_all()
    key = f"2025:Q1:{gloucester.code}"
    action = _answer(Source.SURVEY_FINDING, key)

    page = client.get(reverse("voice:survey_results")).content.decode()

    assert f'id="finding-2025-Q1-{gloucester.code}"' in page
    assert "Gloucester: down 6.0 percentage points on the year before" in page
    assert "Safer routes home lighting" in page and "Under way" in page
    assert "27 February 2026" in page and "Two street lights were mended." in page
    # The force area comes first, then the districts.
    assert page.index("The force area") < page.index(
        '<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">Gloucester'
    )

    # Withdrawn, the update leaves the page; the action stays, with no update.
    delivery_services.public_update_withdraw(
        update=action.public_updates.get(),
        actor=None,  # type: ignore[attr-defined]
    )
    page = client.get(reverse("voice:survey_results")).content.decode()
    assert "Two street lights were mended." not in page
    assert "No update published yet." in page


def test_in_welsh_the_page_shows_the_welsh_text_and_marks_english_where_there_is_none(
    reference,
) -> None:
    survey = _survey()
    question = _question(survey)
    _estimate(question, None)
    sync_all()
    action = _answer(Source.SURVEY_FINDING, "2025:Q1:county")
    delivery_services.public_update_add(
        action=action,  # type: ignore[arg-type]
        actor=None,
        text="Patrols added on Fridays.",
        published_on=TODAY,
    )

    with translation.override("cy"):
        found = results.survey_results(county_name="Ardal yr heddlu")
        assert found is not None
        shown = found["questions"][0]
        answer = shown.findings[0].answers[0]
        assert str(answer.status) == "Ar y gweill"
        assert answer.title_lang == "en"  # the OPCC's action titles are English

    assert (shown.text, shown.label) == ("Ydych chi'n teimlo'n ddiogel?", "Diogel")
    assert (shown.text_lang, shown.label_lang) == ("", "")
    assert [(u.text, u.lang) for u in answer.updates] == [
        ("Patrols added on Fridays.", "en"),
        ("Trwsiwyd dau olau stryd.", ""),
    ]


def test_without_a_published_survey_the_page_says_so(client, reference) -> None:
    _survey(published=False)
    page = client.get(reverse("voice:survey_results")).content.decode()
    assert "No survey results have been published yet." in page


def test_a_finding_the_opcc_did_not_accept_shows_no_action(client, reference) -> None:
    survey = _survey()
    _estimate(_question(survey), None)
    sync_all()
    _answer(Source.SURVEY_FINDING, "2025:Q1:county")
    row = Recommendation.objects.get(source=Source.SURVEY_FINDING)
    row.status, row.closing_decision = Status.CLOSED, ClosingDecision.NOT_ACCEPTED
    row.closed_on, row.closing_reason = TODAY, "Not for the OPCC."
    row.save()

    page = client.get(reverse("voice:survey_results")).content.decode()

    assert "Safer routes home lighting" not in page and "Not answered yet." in page


def test_the_public_hotspot_page_shows_the_action_beside_its_hotspot(client, reference) -> None:
    planted_hotspot(latitude=LATITUDE, longitude=LONGITUDE)
    sync_all()
    key = AnnouncedFinding.objects.get(kind=AnnouncedFinding.Kind.HOTSPOT).key
    _answer(Source.UNSAFE_PLACE_HOTSPOT, key, status="complete")

    page = client.get(reverse("voice:published_hotspots")).content.decode()

    assert f'id="cell-{key}"' in page
    assert "Safer routes home lighting" in page and "Done" in page
    assert "1 hotspot has an action so far." in page


def test_a_partner_cannot_publish_a_survey_and_the_opcc_can(client, reference) -> None:
    world = build_world()
    survey = _survey(published=False)
    url = reverse("voice:survey_publish", kwargs={"year": survey.year})
    client.force_login(world.people[Role.PARTNER_EDITOR])
    assert client.post(url).status_code == 403
    client.force_login(world.people[Role.OPCC_POLICY])
    assert client.post(url).status_code == 302
    survey.refresh_from_db()
    assert survey.published_on == TODAY
    client.post(url, {"publish": "0"})
    survey.refresh_from_db()
    assert survey.published_on is None
