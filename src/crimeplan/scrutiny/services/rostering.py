"""The rota: generating a scheme's visits from the volunteers free to make them, and the
co-ordinator's changes to a planned visit (moving it, changing its pair, cancelling it)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record, audited_change

from .. import rota, selectors
from ..constants import (
    VisitStatus,
    VolunteerStatus,
)
from ..models import (
    Visit,
    Volunteer,
)
from .common import PAIR_HISTORY_DAYS
from .volunteers import availability_slots


def _visitors(scheme: str, start: datetime.date, end: datetime.date) -> list[rota.Visitor]:
    """Active volunteers of the scheme whose vetting lasts the whole rota."""
    volunteers = Volunteer.objects.filter(
        scheme=scheme, status=VolunteerStatus.ACTIVE, archived_at__isnull=True
    ).exclude(vetting_expires_on__lt=end)
    return [rota.Visitor(v.pk, availability_slots(v)) for v in volunteers]


@dataclass(frozen=True)
class RotaResult:
    visits: list[Visit]
    unfilled: list[rota.UnfilledVisit]
    seed: int


@transaction.atomic
def rota_generate(
    *,
    scheme: str,
    start: datetime.date,
    end: datetime.date,
    visit_count: int,
    max_pair_repeats: int,
    seed: int,
    actor: Any,
) -> RotaResult:
    sites = {s.pk: s for s in selectors.site_list(scheme=scheme)}
    if not sites:
        raise ValidationError({"scheme": "There are no sites to visit for this scheme."})
    try:
        plan = rota.generate_rota(
            visitors=_visitors(scheme, start, end),
            site_ids=sorted(sites),
            start=start,
            end=end,
            visit_count=visit_count,
            max_pair_repeats=max_pair_repeats,
            seed=seed,
            # Every visit that could share a year-long stretch with one of this rota's.
            previous_visits=selectors.visits_for_rota(
                start=start - datetime.timedelta(days=PAIR_HISTORY_DAYS - 1),
                end=end + datetime.timedelta(days=PAIR_HISTORY_DAYS - 1),
            ),
            window_days=PAIR_HISTORY_DAYS,
        )
    except ValueError as error:
        raise ValidationError(str(error)) from error
    visits = []
    for planned in plan.visits:
        visit = Visit.objects.create(
            site=sites[planned.site_id],
            scheduled_on=planned.day,
            time_of_day=planned.time_of_day,
            first_visitor_id=planned.pair[0],
            second_visitor_id=planned.pair[1],
            rota_seed=seed,
            created_by=actor,
        )
        visits.append(visit)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="scrutiny.Rota",
        object_label=f"{scheme} rota {start} to {end}",
        summary=(
            f"Generated a rota of {len(visits)} visits ({len(plan.unfilled)} unfilled), "
            f"seed {seed}, at most {max_pair_repeats} visits per pair"
        ),
        after={"visit_ids": [v.pk for v in visits], "seed": seed},
    )
    return RotaResult(visits=visits, unfilled=plan.unfilled, seed=seed)


@transaction.atomic
def visit_adjust(
    *,
    visit: Visit,
    scheduled_on: datetime.date,
    time_of_day: str,
    first_visitor: Volunteer,
    second_visitor: Volunteer,
    max_pair_repeats: int,
    actor: Any,
) -> Visit:
    """The co-ordinator moves a planned visit or changes its pair; the rota's rules still hold:
    both are available then, neither has another visit that day, and the pair would not
    visit together more than `max_pair_repeats` times in any year-long stretch, counting
    their visits after the new day as well as before it (`rota.move_problems`)."""
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be changed.")
    if visit.site.archived_at is not None:
        raise ValidationError(f"{visit.site.name} is archived: cancel this visit instead.")
    if first_visitor == second_visitor:
        raise ValidationError({"second_visitor": "Choose two different volunteers."})
    others = Visit.objects.exclude(pk=visit.pk).exclude(status=VisitStatus.CANCELLED)
    problems = [
        f"{v.reference} is not available on {scheduled_on:%A} {time_of_day}s."
        for v in (first_visitor, second_visitor)
        if (scheduled_on.weekday(), time_of_day) not in availability_slots(v)
    ]
    window = datetime.timedelta(days=PAIR_HISTORY_DAYS)
    nearby = others.filter(
        scheduled_on__gt=scheduled_on - window, scheduled_on__lt=scheduled_on + window
    ).filter(
        Q(first_visitor__in=[first_visitor, second_visitor])
        | Q(second_visitor__in=[first_visitor, second_visitor])
    )
    problems += rota.move_problems(
        rota.PlannedVisit(
            site_id=visit.site_id,
            day=scheduled_on,
            time_of_day=time_of_day,
            pair=(first_visitor.pk, second_visitor.pk),
        ),
        [
            rota.PlannedVisit(
                v.site_id, v.scheduled_on, v.time_of_day, (v.first_visitor_id, v.second_visitor_id)
            )
            for v in nearby
        ],
        max_pair_repeats=max_pair_repeats,
        window_days=PAIR_HISTORY_DAYS,
        names={v.pk: v.reference for v in (first_visitor, second_visitor)},
    )
    if problems:
        raise ValidationError(problems)
    with audited_change(visit, actor=actor, summary="Changed a planned visit"):
        visit.scheduled_on = scheduled_on
        visit.time_of_day = time_of_day
        visit.first_visitor = first_visitor
        visit.second_visitor = second_visitor
        visit.full_clean()
        visit.save()
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor: Any) -> Visit:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be cancelled.")
    with audited_change(visit, actor=actor, summary="Cancelled a planned visit"):
        visit.status = VisitStatus.CANCELLED
        visit.save()
    return visit
