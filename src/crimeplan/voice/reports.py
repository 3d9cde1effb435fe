"""Unsafe-place report services: receive a report from the public, moderate it, redact it."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from crimeplan.audit.services import audited_change
from crimeplan.geography.models import District, Lsoa

from . import findings, followups, places, redaction
from .constants import LocationSource, ModerationAction, ReportStatus
from .models import ModerationEvent, UnsafePlaceReport

MAX_DAYS_AGO = 366


def area_place_names() -> list[str]:
    """The area's district and LSOA names, whose words redaction never takes for a person's."""
    return [name for _code, name, _kind in place_names()]


def place_names() -> list[tuple[str, str, str]]:
    districts = [(d.code, d.name, "district") for d in District.objects.all()]
    lsoas = [
        (code, name, "lsoa") for code, name in Lsoa.objects.values_list("district__code", "name")
    ]
    return districts + lsoas


def _not_in_the_area() -> str:
    """The message for a place the area does not have, with two of its districts as examples
    (the configured force's, in any area)."""
    examples = list(District.objects.order_by("name").values_list("name", flat=True)[:2])
    if len(examples) < 2:
        return _("Enter a town or district in the area")
    return _("Enter a town or district in the area, such as %(first)s or %(second)s") % {
        "first": examples[0],
        "second": examples[1],
    }


def locate(
    *, latitude: float | None, longitude: float | None, place: str
) -> tuple[District, places.Snapped | None, str]:
    """The report's district, grid cell (for a map point) and how it was located; raises
    ValidationError naming the field when the place is not in the area."""
    if latitude is not None and longitude is not None:
        boundaries = [(d.code, d.boundary or {}) for d in District.objects.all()]
        code = places.district_at(latitude, longitude, boundaries)
        if code is None:
            raise ValidationError({"place": _("The point on the map is outside the area we cover")})
        return District.objects.get(code=code), places.snap(latitude, longitude), LocationSource.MAP
    code = places.district_named(place, place_names())
    if code is None:
        raise ValidationError({"place": _not_in_the_area()})
    return District.objects.get(code=code), None, LocationSource.PLACE


def report_submit(
    *,
    latitude: float | None,
    longitude: float | None,
    place: str,
    incident_date: datetime.date,
    today: datetime.date,
    **answers: Any,
) -> UnsafePlaceReport:
    """Stores an anonymous report for moderation. Only what the form asked is kept: no
    account, address, browser details or time of sending; free text is redacted first. An
    e-mail address given for the follow-up is kept apart (crimeplan.voice.followups), with
    nothing that ties it to the report."""
    follow_up_email = str(answers.pop("follow_up_email", "") or "")
    if incident_date > today:
        raise ValidationError({"incident_date": _("The date must be today or in the past")})
    if (today - incident_date).days > MAX_DAYS_AGO:
        raise ValidationError({"incident_date": _("The date must be within the last year")})
    district, snapped, source = locate(latitude=latitude, longitude=longitude, place=place)
    description, _removed = redaction.redact(place.strip(), place_names=area_place_names())
    report = UnsafePlaceReport(
        district=district,
        location_source=source,
        grid_cell=snapped.cell if snapped else "",
        latitude=snapped.latitude if snapped else None,
        longitude=snapped.longitude if snapped else None,
        place_description=description[:500],
        incident_date=incident_date,
        **answers,
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
    if follow_up_email:
        # In a transaction of its own, after the report's has committed (see followups).
        with transaction.atomic():
            followups.follow_up_add(
                email=follow_up_email,
                cell=report.grid_cell,
                district=district,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                today=today,
            )
    return report


def report_moderate(*, report: UnsafePlaceReport, action: str, actor: Any) -> UnsafePlaceReport:
    """Accepts a report for the hotspot analysis, or rejects it as spam."""
    statuses = {
        ModerationAction.ACCEPTED: ReportStatus.PUBLISHED,
        ModerationAction.SPAM: ReportStatus.SPAM,
    }
    if action not in statuses:
        raise ValidationError({"action": "Choose accept or spam"})
    with (
        transaction.atomic(),
        audited_change(
            report,
            actor=actor,
            summary=f"Report {report.reference}: {ModerationAction(action).label.lower()}",
        ),
    ):
        was_published = report.status == ReportStatus.PUBLISHED
        report.status = statuses[ModerationAction(action)]
        report.save(update_fields=["status"])
        ModerationEvent.objects.create(report=report, action=action, actor=actor)
        if was_published or report.status == ReportStatus.PUBLISHED:
            # The hotspots may have changed: the tracker hears of it from a background job.
            findings.findings_refresh_on_commit()
    return report


def report_redact(*, report: UnsafePlaceReport, description: str, actor: Any) -> UnsafePlaceReport:
    """Replaces the description with the moderator's edit (itself redacted again)."""
    text, _removed = redaction.redact(description.strip(), place_names=area_place_names())
    with (
        transaction.atomic(),
        audited_change(
            report, actor=actor, summary=f"Report {report.reference}: free text redacted"
        ),
    ):
        report.place_description = text[:500]
        report.save(update_fields=["place_description"])
        ModerationEvent.objects.create(report=report, action=ModerationAction.REDACTED, actor=actor)
    return report
