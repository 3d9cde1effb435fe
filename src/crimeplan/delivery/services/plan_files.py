"""The plan file: importing a whole plan from it (priorities, items, commitments, actions,
funding) as the plan's first revision, and the file a stored plan would be written as."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from crimeplan.accounts.models import Organisation, User
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import (
    audit_record,
)
from crimeplan.geography.models import District

from .. import revisions
from ..constants import ItemKind
from ..models import (
    Action,
    Board,
    Commitment,
    FundingItem,
    GoldenThread,
    Milestone,
    Plan,
    Priority,
    PriorityItem,
)
from ..planfile import (
    ActionSpec,
    FundingSpec,
    ItemSpec,
    MilestoneSpec,
    PlanFileError,
    PlanSpec,
    PrioritySpec,
)
from ..richtext import clean_html


@dataclass
class _Lookups:
    """Organisations, people and districts a plan file names, resolved once."""

    file: str
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)

    @classmethod
    def load(cls, file: str) -> "_Lookups":
        return cls(
            file=file,
            organisations={o.slug: o for o in Organisation.objects.all()},
            people={u.email.lower(): u for u in User.objects.all()},
            districts={d.code: d for d in District.objects.all()},
        )

    def organisation(self, number: int, name: str, slug: str) -> Organisation:
        if slug not in self.organisations:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field=name,
                message=f"no organisation has the slug {slug!r}",
            )
        return self.organisations[slug]

    def person(self, number: int, email: str) -> User | None:
        if not email:
            return None
        if email not in self.people:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field="owner_person",
                message=f"no one has the e-mail address {email!r}",
            )
        return self.people[email]

    def district(self, number: int, code: str) -> District:
        if code not in self.districts:
            raise PlanFileError(
                file=self.file,
                where=f"actions[{number}]",
                field="districts",
                message=f"{code!r} is not a district code (e.g. E07000078)",
            )
        return self.districts[code]


def _create_priority(plan: Plan, position: int, spec: PrioritySpec) -> Priority:
    priority = Priority.objects.create(
        plan=plan, code=spec.code, title=spec.title, aim=spec.aim, position=position
    )
    Commitment.objects.bulk_create(
        Commitment(priority=priority, text=text, position=n)
        for n, text in enumerate(spec.commitments, start=1)
    )
    for kind, items in ((ItemKind.DELIVERED, spec.delivered), (ItemKind.NEXT, spec.next)):
        PriorityItem.objects.bulk_create(
            PriorityItem(
                priority=priority,
                kind=kind,
                text=i.text,
                evidence=i.evidence,
                references=i.references,
                when=i.when,
                position=n,
            )
            for n, i in enumerate(items, start=1)
        )
    return priority


def _create_action(
    plan: Plan, number: int, spec: ActionSpec, lookups: _Lookups, funding: list[FundingItem]
) -> Action:
    commitment = Commitment.objects.get(
        priority__plan=plan, priority__code=spec.priority, position=spec.commitment
    )
    action = Action.objects.create(
        commitment=commitment,
        title=spec.title,
        description=spec.description,
        owner_organisation=lookups.organisation(number, "owner", spec.owner),
        owner_person=lookups.person(number, spec.owner_person),
        start_date=spec.start,
        due_date=spec.due,
        status=spec.status,
        baseline=spec.baseline,
        target=spec.target,
        measure_ids=spec.measures,
        completed_on=spec.completed_on,
        is_fictional=spec.fictional,
    )
    action.shared_with.set(
        [lookups.organisation(number, "shared_with", s) for s in spec.shared_with]
    )
    action.districts.set([lookups.district(number, code) for code in spec.districts])
    action.golden_threads.set(plan.golden_threads.filter(name__in=spec.golden_threads))
    action.funding.set([funding[position - 1] for position in spec.funding])
    Milestone.objects.bulk_create(
        Milestone(action=action, title=m.title, due_date=m.due, done_on=m.done)
        for m in spec.milestones
    )
    return action


@transaction.atomic
def plan_import(*, spec: PlanSpec, actor: Any, file: str = "") -> Plan:
    """Creates the plan a plan file describes, all or nothing. A plan with the same slug must
    not exist already (its actions carry progress that a file must not overwrite)."""
    if Plan.objects.filter(slug=spec.slug).exists():
        raise PlanFileError(
            file=file, where="plan", field="slug", message=f"a plan {spec.slug!r} already exists"
        )
    lookups = _Lookups.load(file)
    plan = Plan.objects.create(
        slug=spec.slug,
        name=spec.name,
        force_id=spec.force,
        term_start=spec.term_start,
        term_end=spec.term_end,
        scrutinised_by=spec.scrutinised_by,
        update_interval_days=spec.update_interval_days,
        foreword=clean_html(spec.foreword),
        foreword_by=spec.foreword_by,
        introduction=clean_html(spec.introduction),
        due_regard=spec.due_regard,
        glossary=spec.glossary,
        report_frameworks=spec.report_frameworks,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    GoldenThread.objects.bulk_create(
        GoldenThread(plan=plan, name=name, position=n)
        for n, name in enumerate(spec.golden_threads, start=1)
    )
    Board.objects.bulk_create(
        Board(plan=plan, name=name, position=n)
        for n, name in enumerate(spec.monitored_with, start=1)
    )
    priorities = {
        p.code: _create_priority(plan, n, p) for n, p in enumerate(spec.priorities, start=1)
    }
    funding = [
        FundingItem.objects.create(
            plan=plan,
            fund=f.fund,
            round=f.round,
            years=f.years,
            bids=f.bids,
            amount_pence=f.amount_pence,
            priority=priorities.get(f.priority),
            award_reference=f.award_reference,
            position=n,
        )
        for n, f in enumerate(spec.funding, start=1)
    ]
    for number, action_spec in enumerate(spec.actions, start=1):
        _create_action(plan, number, action_spec, lookups, funding)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=plan,
        summary=(
            f"Imported plan {plan.slug} from {file or 'a plan file'}: {len(spec.priorities)} "
            f"priorities, {len(spec.funding)} funding rows, {len(spec.actions)} actions"
        ),
    )
    revisions.revision_create(
        plan=plan,
        spec=plan_spec(plan=plan),
        actor=actor,
        note=f"Imported from {file or 'a plan file'}",
    )
    return plan


def _action_spec(action: Action, funding_positions: dict[int, int]) -> ActionSpec:
    return ActionSpec(
        priority=action.commitment.priority.code,
        commitment=action.commitment.position,
        title=action.title,
        owner=action.owner_organisation.slug,
        start=action.start_date,
        due=action.due_date,
        status=action.status,
        description=action.description,
        owner_person=action.owner_person.email if action.owner_person else "",
        shared_with=sorted(o.slug for o in action.shared_with.all()),
        districts=sorted(d.code for d in action.districts.all()),
        golden_threads=[t.name for t in action.golden_threads.order_by("position")],
        baseline=action.baseline,
        target=action.target,
        measures=list(action.measure_ids),
        funding=sorted(funding_positions[f.pk] for f in action.funding.all()),
        completed_on=action.completed_on,
        fictional=action.is_fictional,
        milestones=[
            MilestoneSpec(title=m.title, due=m.due_date, done=m.done_on)
            for m in action.milestones.all()
        ],
    )


def _item_spec(item: PriorityItem) -> ItemSpec:
    return ItemSpec(
        text=item.text, evidence=item.evidence, references=list(item.references), when=item.when
    )


def plan_spec(*, plan: Plan) -> PlanSpec:
    """The whole plan as a plan file describes it, for export."""
    funding = list(plan.funding.select_related("priority"))
    positions = {f.pk: n for n, f in enumerate(funding, start=1)}
    priorities = []
    for p in plan.priorities.prefetch_related("commitments", "items"):
        items = sorted(p.items.all(), key=lambda i: i.position)
        priorities.append(
            PrioritySpec(
                code=p.code,
                title=p.title,
                aim=p.aim,
                commitments=[c.text for c in p.commitments.all()],
                delivered=[_item_spec(i) for i in items if i.kind == ItemKind.DELIVERED],
                next=[_item_spec(i) for i in items if i.kind == ItemKind.NEXT],
            )
        )
    actions = (
        Action.objects.filter(commitment__priority__plan=plan)
        .select_related("commitment__priority", "owner_organisation", "owner_person")
        .prefetch_related("shared_with", "districts", "golden_threads", "funding", "milestones")
        .order_by("commitment__priority__position", "commitment__position", "pk")
    )
    return PlanSpec(
        slug=plan.slug,
        name=plan.name,
        force=plan.force_id,
        term_start=plan.term_start,
        term_end=plan.term_end,
        golden_threads=[t.name for t in plan.golden_threads.all()],
        monitored_with=[b.name for b in plan.boards.all()],
        scrutinised_by=plan.scrutinised_by,
        update_interval_days=plan.update_interval_days,
        foreword=plan.foreword,
        foreword_by=plan.foreword_by,
        introduction=plan.introduction,
        due_regard=list(plan.due_regard),
        glossary=dict(plan.glossary),
        report_frameworks=list(plan.report_frameworks),
        priorities=priorities,
        funding=[
            FundingSpec(
                fund=f.fund,
                amount_pence=f.amount_pence,
                round=f.round,
                years=f.years,
                bids=f.bids,
                priority=f.priority.code if f.priority else "",
                award_reference=f.award_reference,
            )
            for f in funding
        ],
        actions=[_action_spec(a, positions) for a in actions],
    )
