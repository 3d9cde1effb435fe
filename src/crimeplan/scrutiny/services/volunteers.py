"""Volunteers, the sites they visit and their training; when a volunteer is free to visit."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crimeplan.audit.services import archive_audited

from .. import findings, rota
from ..constants import (
    VisitStatus,
    VolunteerStatus,
)
from ..models import (
    Site,
    TrainingRecord,
    Volunteer,
)
from .common import audited_save


@transaction.atomic
def volunteer_save(*, volunteer: Volunteer, actor: Any) -> Volunteer:
    """Adds or changes a volunteer; the day they leave the scheme is recorded, since their
    details are kept for the retention schedule's period from then."""
    created = volunteer.pk is None
    if created:
        volunteer.created_by = actor
    if volunteer.status == VolunteerStatus.LEFT:
        volunteer.left_on = volunteer.left_on or timezone.localdate()
    else:
        volunteer.left_on = None
    audited_save(
        volunteer,
        actor=actor,
        summary=f"{'Added' if created else 'Changed'} volunteer {volunteer.reference}",
    )
    return volunteer


@transaction.atomic
def site_save(*, site: Site, actor: Any) -> Site:
    """Adds or changes a site. A site with visits keeps its kind: its reports were made on
    that kind's checklist. Changing the organisation changes who sees its filed reports."""
    created = site.pk is None
    if created:
        site.created_by = actor
    else:
        stored = Site.objects.get(pk=site.pk)
        if stored.is_archived:
            raise ValidationError("An archived site cannot be changed.")
        if stored.kind != site.kind and stored.visits.exists():
            raise ValidationError(
                {"kind": "This site has visits, so it stays a " + stored.get_kind_display()}
            )
    audited_save(
        site,
        actor=actor,
        summary=f"{'Added' if created else 'Changed'} the site {site.name}",
    )
    if not created:  # its issues are named by the site's name and are for its organisation
        findings.announce_on_commit(findings.site_findings(site))
    return site


@transaction.atomic
def site_archive(*, site: Site, actor: Any) -> Site:
    """Archives (never deletes) a site: it leaves the rota and the choices for new visits;
    its past visits and their reports keep it. Visits still planned from today on must be
    cancelled or moved first, so none is left planned at a site no one will visit."""
    if site.is_archived:
        raise ValidationError("This site is already archived.")
    planned = site.visits.filter(
        status=VisitStatus.PLANNED, scheduled_on__gte=timezone.localdate()
    ).count()
    if planned:
        raise ValidationError(
            f"{site.name} has {planned} planned visits to come: cancel them before archiving it."
        )
    return archive_audited(site, actor=actor, summary=f"Archived the site {site.name}")


@transaction.atomic
def training_record_add(
    *, volunteer: Volunteer, course: str, completed_on: datetime.date, actor: Any
) -> TrainingRecord:
    record = TrainingRecord(
        volunteer=volunteer, course=course, completed_on=completed_on, created_by=actor
    )
    audited_save(record, actor=actor, summary=f"Training recorded for {volunteer.reference}")
    return record


def availability_slots(volunteer: Volunteer) -> frozenset[tuple[int, str]]:
    slots = set()
    for key in volunteer.availability:
        weekday, _, time_of_day = str(key).partition(":")
        if weekday.isdigit() and time_of_day in rota.TIMES_OF_DAY:
            slots.add((int(weekday), time_of_day))
    return frozenset(slots)
