"""What each viewer may see of delivery plans, and the data the delivery pages show.

Actions follow the one visibility rule (OPCC staff see all; a partner sees actions its
organisation owns or that are shared with it); the Police and Crime Panel sees every action,
read-only, because scrutinising delivery is its job. Plans, priorities and commitments are the
published plan and visible to every member who may open delivery pages.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import Viewer, restrict_to_viewer

from .constants import ActionStatus
from .measures import MeasureVerdict, measure_verdicts
from .models import Action, Commitment, Milestone, Plan, Priority, ProgressUpdate
from .permissions import PLAN_EDITOR_ROLES, READ_ROLES, SCRUTINY_ROLES
from .progress import RagCount, is_update_overdue, rag_summary


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.all()


def action_list(*, viewer: Viewer, plan: Plan | None = None) -> QuerySet[Action]:
    actions = Action.objects.select_related(
        "commitment__priority__plan", "owner_organisation", "owner_person"
    ).annotate(last_update=Max("updates__reported_on"))
    if plan is not None:
        actions = actions.filter(commitment__priority__plan=plan)
    if viewer.has_any(SCRUTINY_ROLES) and not viewer.is_opcc_staff:
        return actions
    return restrict_to_viewer(
        actions, viewer, owner_field="owner_organisation", shared_field="shared_with"
    )


def can_edit_action(viewer: Viewer, action: Action) -> bool:
    """Policy officers edit every action; a partner editor those its organisation owns or that
    are shared with it."""
    if viewer.has_any(PLAN_EDITOR_ROLES):
        return True
    organisations = {action.owner_organisation_id, *action.shared_with.values_list("pk", flat=True)}
    return any(viewer.has_role_in(org, [Role.PARTNER_EDITOR]) for org in organisations)


@dataclass(frozen=True)
class ActionFilters:
    owner: int | None = None
    district: int | None = None
    golden_thread: int | None = None
    status: str = ""
    priority: str = ""


def filter_actions(actions: QuerySet[Action], filters: ActionFilters) -> QuerySet[Action]:
    if filters.owner:
        actions = actions.filter(owner_organisation_id=filters.owner)
    if filters.district:
        actions = actions.filter(districts__pk=filters.district)
    if filters.golden_thread:
        actions = actions.filter(golden_threads__pk=filters.golden_thread)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.priority:
        actions = actions.filter(commitment__priority__code=filters.priority)
    return actions.distinct()


def overdue(action: Action, *, today: datetime.date) -> bool:
    """Needs the `last_update` annotation of `action_list`."""
    return is_update_overdue(
        status=action.status,
        last_update=getattr(action, "last_update", None),
        start_date=action.start_date,
        interval_days=action.commitment.priority.plan.update_interval_days,
        today=today,
    )


def action_rows(actions: QuerySet[Action], *, today: datetime.date) -> list[dict[str, object]]:
    """Actions as table rows, for the list page and its CSV and XLSX exports alike."""
    actions = actions.prefetch_related("districts", "golden_threads", "milestones", "funding")
    rows = []
    for action in actions:
        next_milestone = next((m for m in action.milestones.all() if m.done_on is None), None)
        rows.append(
            {
                "id": action.pk,
                "priority": action.commitment.priority.code,
                "commitment": action.commitment.text,
                "action": action.title,
                "owner": action.owner_organisation.name,
                "owner_person": str(action.owner_person) if action.owner_person else "",
                "districts": "; ".join(d.name for d in action.districts.all()) or "Force-wide",
                "golden_threads": "; ".join(t.name for t in action.golden_threads.all()),
                "status": action.get_status_display(),
                "start": action.start_date.isoformat(),
                "due": action.due_date.isoformat(),
                "baseline": action.baseline,
                "target": action.target,
                "measures": "; ".join(action.measure_ids),
                "funding": "; ".join(str(f) for f in action.funding.all()),
                "last_update": action.last_update.isoformat() if action.last_update else "",  # type: ignore[attr-defined]
                "update_overdue": "yes" if overdue(action, today=today) else "no",
                "next_milestone": next_milestone.title if next_milestone else "",
                "next_milestone_due": next_milestone.due_date.isoformat() if next_milestone else "",
                "fictional": "yes" if action.is_fictional else "no",
                "status_code": action.status,
            }
        )
    return rows


ACTION_COLUMNS = [
    "id", "priority", "commitment", "action", "owner", "owner_person", "districts",
    "golden_threads", "status", "start", "due", "baseline", "target", "measures", "funding",
    "last_update", "update_overdue", "next_milestone", "next_milestone_due", "fictional",
]  # fmt: skip


def milestone_rows(actions: QuerySet[Action], *, today: datetime.date) -> list[dict[str, object]]:
    """Every milestone of the given actions, by due date: the plan's timeline."""
    milestones = (
        Milestone.objects.filter(action__in=actions)
        .select_related("action__commitment__priority", "action__owner_organisation")
        .order_by("due_date", "action__title", "pk")
    )
    return [
        {
            "due": m.due_date.isoformat(),
            "done": m.done_on.isoformat() if m.done_on else "",
            "state": "done" if m.done_on else ("late" if m.is_late(today) else "to do"),
            "milestone": m.title,
            "action": m.action.title,
            "action_id": m.action_id,
            "priority": m.action.commitment.priority.code,
            "owner": m.action.owner_organisation.name,
            "_month": m.due_date.strftime("%B %Y"),
        }
        for m in milestones
    ]


MILESTONE_COLUMNS = [
    "due",
    "done",
    "state",
    "milestone",
    "action",
    "action_id",
    "priority",
    "owner",
]


@dataclass
class CommitmentView:
    commitment: Commitment
    actions: list[Action]


@dataclass
class PriorityView:
    priority: Priority
    commitments: list[CommitmentView]
    rag: list[RagCount]
    overdue: list[Action]
    measures: list[MeasureVerdict]
    action_count: int = 0
    completed: list[Action] = field(default_factory=list)


def priority_views(
    *, plan: Plan, viewer: Viewer, today: datetime.date, code: str | None = None
) -> list[PriorityView]:
    """Per priority: its commitments with the actions the viewer may see, the RAG summary,
    the actions overdue for an update, and the linked measures with their latest verdicts."""
    visible = list(
        action_list(viewer=viewer, plan=plan).prefetch_related("milestones", "golden_threads")
    )
    by_commitment: dict[int, list[Action]] = defaultdict(list)
    for action in visible:
        by_commitment[action.commitment_id].append(action)
    priorities = plan.priorities.prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("position"))
    )
    if code is not None:
        priorities = priorities.filter(code=code)
    views = []
    for priority in priorities:
        commitments = [
            CommitmentView(c, by_commitment.get(c.pk, [])) for c in priority.commitments.all()
        ]
        actions = [a for c in commitments for a in c.actions]
        measure_ids = sorted({m for a in actions for m in a.measure_ids})
        verdicts = measure_verdicts(measure_ids)
        views.append(
            PriorityView(
                priority=priority,
                commitments=commitments,
                rag=rag_summary(a.status for a in actions),
                overdue=[a for a in actions if overdue(a, today=today)],
                measures=[verdicts[m] for m in measure_ids],
                action_count=len(actions),
                completed=[a for a in actions if a.status == ActionStatus.COMPLETE],
            )
        )
    return views


def update_list(*, action: Action) -> QuerySet[ProgressUpdate]:
    """An action's updates; call only with an action from `action_list` for the viewer."""
    return action.updates.select_related("created_by").prefetch_related("evidence")


def shows_plans(viewer: Viewer) -> bool:
    """The "Delivery" menu entry: whoever may read delivery plans."""
    return viewer.has_any(READ_ROLES)
