"""The voice app's pages by role: survey and hotspot pages for the OPCC and a district's own
partners, moderation for OPCC staff, the report form and published hotspots for anyone."""

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import OPCC, OWN_CSP, PUBLIC, Row
from crimeplan.core.tests.world import World
from crimeplan.voice.models import Survey, UnsafePlaceReport
from crimeplan.voice.permissions import PUBLISHERS

from .factories import ReportFactory


def _survey(world: World) -> dict[str, object]:
    survey, _ = Survey.objects.get_or_create(
        year=2025,
        defaults=dict(
            title="Test survey",
            codebook={"questions": []},
            source_file="t.csv",
            population_year=2025,
        ),
    )
    return {"year": survey.year, "area": world.csp_own.district.code}  # type: ignore[union-attr]


def _survey_other(world: World) -> dict[str, object]:
    kwargs = _survey(world)
    return {**kwargs, "area": world.csp_other.district.code}  # type: ignore[union-attr]


def _survey_county(world: World) -> dict[str, object]:
    return {**_survey(world), "area": "county"}


def _report(world: World) -> dict[str, object]:
    report: UnsafePlaceReport = ReportFactory()
    return {"reference": report.reference}


SURVEY_READERS = OWN_CSP
ROWS: list[Row] = [
    Row("voice:survey_list", SURVEY_READERS),
    Row("voice:survey_area", OWN_CSP, _survey, label="own"),
    Row("voice:survey_area", OPCC, _survey_other, label="other"),
    Row("voice:survey_area", OPCC, _survey_county, label="county"),
    Row("voice:survey_export", OWN_CSP, _survey, label="own"),
    Row("voice:survey_export", OPCC, _survey_other, label="other"),
    Row("voice:survey_export", OPCC, _survey_county, label="county"),
    Row(
        "voice:hotspot_area",
        OWN_CSP,
        lambda w: {"area": w.csp_own.district.code},  # type: ignore[union-attr]
        label="own",
    ),
    Row(
        "voice:hotspot_area",
        OPCC,
        lambda w: {"area": w.csp_other.district.code},  # type: ignore[union-attr]
        label="other",
    ),
    Row("voice:hotspot_area", OPCC, lambda w: {"area": "county"}, label="county"),
    Row(
        "voice:hotspot_export",
        OWN_CSP,
        lambda w: {"area": w.csp_own.district.code, "file_format": "csv"},  # type: ignore[union-attr]
        label="own",
    ),
    Row(
        "voice:hotspot_export",
        OPCC,
        lambda w: {"area": "county", "file_format": "geojson"},
        label="county",
    ),
    Row("voice:moderation_list", OPCC),
    Row("voice:report_detail", OPCC, _report),
    Row("voice:report_start", PUBLIC),
    Row("voice:report_done", PUBLIC),
    Row("voice:published_hotspots", PUBLIC),
    Row("voice:survey_results", PUBLIC),
    Row(
        "voice:survey_publish",
        PUBLISHERS,
        lambda w: {"year": _survey(w)["year"]},
        method="post",
        ok_status=302,
    ),
]
assert Role.PARTNER_VIEWER in OWN_CSP
ROWS += [
    Row("api:voice_hotspots", PUBLIC),
    Row("api:voice_survey_estimates", OWN_CSP, lambda w: {"year": _survey(w)["year"]}),
]
