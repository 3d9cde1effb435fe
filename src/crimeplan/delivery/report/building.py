"""Building the report as it stands: the plan's prose bound to the tables' figures, its
references resolved, each priority's delivered and upcoming items and actions, and every problem
(a publication blocker) noted where it is found."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.performance import contracts as performance
from crimeplan.performance.contracts import ReportTable

from .. import figures, planpage, references, services
from ..constants import CLOSED_STATUSES, ActionStatus, ItemKind
from ..models import Action, Plan
from ..richtext import clean_html
from .contents import (
    Contact,
    DoneItem,
    NextItem,
    PerformanceLine,
    PlanReport,
    Reference,
    ReportPriority,
    row_anchor,
)
from .tables import _figure_lookup, plan_tables, snapshot_table


def opcc_contact() -> Contact:
    opcc = Organisation.objects.filter(kind=OrganisationKind.OPCC, archived_at__isnull=True).first()
    if opcc is None:
        return Contact(name=settings.CRIMEPLAN_OPCC_NAME, email=settings.CRIMEPLAN_CONTACT_EMAIL)
    return Contact(
        name=opcc.name,
        email=opcc.email or settings.CRIMEPLAN_CONTACT_EMAIL,
        phone=opcc.phone,
        address=opcc.address,
        website=opcc.website,
    )


def _done_from_action(action: Action) -> DoneItem:
    updates = list(action.updates.all())  # newest first
    return DoneItem(
        text=action.title,
        evidence=[u.summary for u in updates[:2]],
        links=[link for u in updates for link in u.links],
        funding=list(action.funding.all()),
        completed_on=action.completed_on,
    )


def _next_from_action(action: Action, as_of: datetime.date) -> NextItem:
    upcoming = next((m for m in action.milestones.all() if m.done_on is None), None)
    due = upcoming.due_date if upcoming else action.due_date
    return NextItem(
        text=f"{action.title}: {upcoming.title}" if upcoming else action.title,
        owner=action.owner_organisation.name,
        due=due,
        late=due is not None and due < as_of,
    )


class _Builder:
    """Binds the plan's prose to the tables and resolves its references, noting each
    problem (a publication blocker) where it is found."""

    def __init__(self, plan: Plan, tables: Sequence[ReportTable]) -> None:
        self.plan = plan
        self.lookup = _figure_lookup(tables)
        self.rows = {
            (table.slug, row.measure_id): row_anchor(table.slug, row.measure_id)
            for table in tables
            for row in table.rows
        }
        self.problems: list[str] = []
        self.frameworks = references.framework_measures(plan)

    def text(self, text: str, where: str) -> str:
        bound, problems = figures.bind(text, self.lookup, where=where)
        self.problems += [str(p) for p in problems]
        return bound

    def html(self, html: str, where: str) -> SafeString:
        # Cleaned again on the way out: what is stored was cleaned when saved, and a plan
        # imported from a file or an older version is cleaned here all the same.
        return mark_safe(clean_html(self.text(html, where)))  # noqa: S308 (cleaned by nh3)

    def reference(self, reference: str, where: str) -> Reference | None:
        try:
            resolved = references.resolve_reference(
                reference, plan=self.plan, public=True, frameworks=self.frameworks
            )
        except references.UnresolvedReference as error:
            self.problems.append(f"{where}: the reference {error}")
            return None
        url = resolved.url
        if reference.startswith("measure:"):
            # A measure the report prints links to its row of the report's table.
            target = reference.removeprefix("measure:")
            slug, _, measure = target.rpartition("/")
            anchor = self.rows.get((slug, measure)) or next(
                (a for (s, m), a in self.rows.items() if m == measure and not slug), ""
            )
            url = f"#{anchor}" if anchor else ""
        return Reference(resolved.label, url)

    def references(self, refs: Sequence[str], where: str) -> list[Reference]:
        return [r for r in (self.reference(ref, where) for ref in refs) if r is not None]


def build_report(
    *,
    plan: Plan,
    snapshot: performance.PrintedTable | None = None,
    tables: Sequence[ReportTable] | None = None,
    as_of: datetime.date | None = None,
) -> PlanReport:
    """The report as it stands: `tables` default to the plan's (`plan_tables`); a
    `snapshot` given alone is printed as the one table (kept for the printed-table loader)."""
    problems: list[str] = []
    if tables is None:
        tables = [snapshot_table(snapshot)] if snapshot is not None else plan_tables(plan, problems)
    tables = list(tables)
    as_of = as_of or timezone.localdate()
    build = _Builder(plan, tables)
    actions = (
        Action.objects.filter(commitment__priority__plan=plan)
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("commitment__priority", "owner_organisation")
        .prefetch_related("updates", "milestones", "funding")
    )
    funding = list(plan.funding.select_related("priority"))
    priorities = []
    for number, priority in enumerate(
        plan.priorities.prefetch_related("commitments", "items"), start=1
    ):
        own = [a for a in actions if a.commitment.priority_id == priority.pk]
        items = sorted(priority.items.all(), key=lambda i: i.position)
        done = []
        upcoming = []
        for item in items:
            where = f"{priority.code}, {item.get_kind_display().lower()} item {item.position}"
            if item.kind == ItemKind.DELIVERED:
                done.append(
                    DoneItem(
                        text=build.text(item.text, where),
                        evidence=[build.text(item.evidence, where)] if item.evidence else [],
                        references=build.references(item.references, where),
                    )
                )
            else:
                upcoming.append(
                    NextItem(
                        text=build.text(item.text, where),
                        when=item.when,
                        references=build.references(item.references, where),
                    )
                )
        done += [_done_from_action(a) for a in own if a.status == ActionStatus.COMPLETE]
        upcoming += [_next_from_action(a, as_of) for a in own if a.status not in CLOSED_STATUSES]
        priorities.append(
            ReportPriority(
                number=number,
                priority=priority,
                commitments=[c.text for c in priority.commitments.all()],
                done=done,
                next=upcoming,
                performance=[
                    PerformanceLine(table, row)
                    for table in tables
                    for row in table.rows
                    if priority.code in row.priorities
                ],
                funding=[f for f in funding if f.priority_id == priority.pk],
            )
        )
    spec = services.plan_spec(plan=plan)
    return PlanReport(
        plan=plan,
        title=f"{plan.name}: update, {as_of:%B %Y}",
        as_of=as_of,
        foreword=build.html(plan.foreword, "Foreword"),
        foreword_by=plan.foreword_by,
        introduction=build.html(plan.introduction, "Introduction"),
        golden_threads=[t.name for t in plan.golden_threads.all()],
        due_regard=list(plan.due_regard),
        plan_page_svg=mark_safe(planpage.plan_page_svg(spec, id_prefix="report-plan-on-a-page")),  # noqa: S308 (escaped by planpage)
        priorities=priorities,
        funding=funding,
        tables=tables,
        long_run=_long_run(plan),
        contact=opcc_contact(),
        problems=problems + build.problems,
    )


def _long_run(plan: Plan) -> performance.LongRunChart | None:
    return performance.longrun_chart(plan.force_id)
