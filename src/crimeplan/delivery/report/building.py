"""Building the report as it stands: the plan's prose bound to the tables' figures, its
references resolved, each priority's delivered and upcoming items and actions, and every problem
(a publication blocker) noted where it is found."""

import copy
import dataclasses
import datetime
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.core.languages import ENGLISH, WELSH
from crimeplan.performance import contracts as performance
from crimeplan.performance.contracts import ReportTable

from .. import figures, planpage, references, services
from ..constants import CLOSED_STATUSES, ActionStatus, ItemKind
from ..models import Action, FundingItem, Plan
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
from .tables import _figure_lookup, plan_tables, said_table, snapshot_table
from .welsh import PLAN, PRIORITIES, TABLES, Translator, memory_of


def opcc_contact(say: Translator | None = None) -> Contact:
    """How to reach the Office; in the Welsh copy (`say`), by its Welsh name
    (CRIMEPLAN_OPCC_NAME_CY, else the translation memory's)."""
    opcc = Organisation.objects.filter(kind=OrganisationKind.OPCC, archived_at__isnull=True).first()
    name = opcc.name if opcc is not None else settings.CRIMEPLAN_OPCC_NAME
    if say is not None and say.welsh:
        name = settings.CRIMEPLAN_OPCC_NAME_CY or say.say(name, "The Office's name")
    if opcc is None:
        return Contact(name=name, email=settings.CRIMEPLAN_CONTACT_EMAIL)
    return Contact(
        name=name,
        email=opcc.email or settings.CRIMEPLAN_CONTACT_EMAIL,
        phone=opcc.phone,
        address=say.say(opcc.address, "The Office's postal address")
        if say is not None
        else opcc.address,
        website=opcc.website,
    )


def _funding(item: FundingItem, say: Translator, where: str) -> FundingItem:
    """A funding line as the report prints it: in the Welsh copy, an unsaved copy with its
    fund, round and years in Welsh."""
    if not say.welsh:
        return item
    said = copy.copy(item)
    said.fund = say.say(item.fund, f"{where}: the fund")
    said.round = say.say(item.round, f"{where}: the round")
    said.years = say.say(item.years, f"{where}: the years")
    return said


def _done_from_action(action: Action, say: Translator, where: str) -> DoneItem:
    updates = list(action.updates.all())  # newest first
    where = f"{where}, the action {action.title!r}"
    return DoneItem(
        text=say.say(action.title, where),
        evidence=[
            say.say(u.summary, f"{where}: progress update {n}")
            for n, u in enumerate(updates[:2], start=1)
        ],
        links=[link for u in updates for link in u.links],
        funding=[
            _funding(f, say, f"{where}: its funding {n}")
            for n, f in enumerate(action.funding.all(), start=1)
        ],
        completed_on=action.completed_on,
    )


def _next_from_action(
    action: Action, as_of: datetime.date, say: Translator, where: str
) -> NextItem:
    upcoming = next((m for m in action.milestones.all() if m.done_on is None), None)
    due = upcoming.due_date if upcoming else action.due_date
    where = f"{where}, the action {action.title!r}"
    title = say.say(action.title, where)
    if upcoming:
        milestone = say.say(upcoming.title, f"{where}: its milestone {upcoming.title!r}")
        title = gettext("%(action)s: %(milestone)s") % {"action": title, "milestone": milestone}
    owner = action.owner_organisation.name
    return NextItem(
        text=title,
        owner=say.say(owner, f"the organisation {owner!r}"),
        due=due,
        late=due is not None and due < as_of,
    )


class _Builder:
    """Binds the plan's prose to the tables and resolves its references, noting each
    problem (a publication blocker) where it is found."""

    def __init__(self, plan: Plan, tables: Sequence[ReportTable], say: Translator) -> None:
        self.plan = plan
        self.say = say
        self.lookup = _figure_lookup(tables)
        self.rows = {
            (table.slug, row.measure_id): row_anchor(table.slug, row.measure_id)
            for table in tables
            for row in table.rows
        }
        self.problems: list[str] = []
        self.frameworks = references.framework_measures(plan)

    def text(self, text: str, where: str, *, piece: str = "") -> str:
        """Typed text in the report's language, its figure placeholders filled in; `piece`
        names it on the Welsh page where `where` (which names its problems) is not enough."""
        said = self.say.say(text, piece or where)
        bound, problems = figures.bind(said, self.lookup, where=where)
        self.problems += [str(p) for p in problems]
        return bound

    def html(self, html: str, where: str) -> SafeString:
        # Cleaned again on the way out: what is stored was cleaned when saved, and a plan
        # imported from a file or an older version is cleaned here all the same.
        said = self.say.html(html, where)
        bound, problems = figures.bind(said, self.lookup, where=where)
        self.problems += [str(p) for p in problems]
        return mark_safe(clean_html(bound))  # noqa: S308 (cleaned by nh3)

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
        return Reference(self.say.say(resolved.label, f"{where}: a reference's name"), url)

    def references(self, refs: Sequence[str], where: str) -> list[Reference]:
        return [r for r in (self.reference(ref, where) for ref in refs) if r is not None]


def build_report(
    *,
    plan: Plan,
    snapshot: performance.PrintedTable | None = None,
    tables: Sequence[ReportTable] | None = None,
    as_of: datetime.date | None = None,
    welsh: bool = False,
) -> PlanReport:
    """The report as it stands: `tables` default to the plan's (`plan_tables`); a
    `snapshot` given alone is printed as the one table (kept for the printed-table loader).

    The `welsh` copy is worded in Welsh, and says what people typed from the plan's
    translation memory (`report.welsh`); the pieces it lacks are noted on the report."""
    with translation.override(WELSH if welsh else ENGLISH):
        say = Translator(memory_of(plan) if welsh else None)
        return _build_report(plan, snapshot, tables, as_of or timezone.localdate(), say)


def _build_report(
    plan: Plan,
    snapshot: performance.PrintedTable | None,
    tables: Sequence[ReportTable] | None,
    as_of: datetime.date,
    say: Translator,
) -> PlanReport:
    problems: list[str] = []
    say.part = TABLES
    if tables is None:
        if snapshot is not None:
            tables = [snapshot_table(snapshot)]
            if say.welsh:
                tables = [said_table(tables[0], say.say)]
        else:
            tables = plan_tables(plan, problems, welsh=say.welsh, say=say.say)
    tables = list(tables)
    build = _Builder(plan, tables, say)
    say.part = PRIORITIES
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
        place = f"Priority {priority.code}"
        for item in items:
            where = f"{priority.code}, {item.get_kind_display().lower()} item {item.position}"
            if item.kind == ItemKind.DELIVERED:
                done.append(
                    DoneItem(
                        text=build.text(item.text, where),
                        evidence=(
                            [build.text(item.evidence, where, piece=f"{where}: its evidence")]
                            if item.evidence
                            else []
                        ),
                        references=build.references(item.references, where),
                    )
                )
            else:
                upcoming.append(
                    NextItem(
                        text=build.text(item.text, where),
                        when=say.say(item.when, f"{where}: when"),
                        references=build.references(item.references, where),
                    )
                )
        done += [_done_from_action(a, say, place) for a in own if a.status == ActionStatus.COMPLETE]
        upcoming += [
            _next_from_action(a, as_of, say, place) for a in own if a.status not in CLOSED_STATUSES
        ]
        priorities.append(
            ReportPriority(
                number=number,
                priority=priority,
                title=say.say(priority.title, f"{place}: its title"),
                aim=say.say(priority.aim, f"{place}: its aim"),
                commitments=[
                    say.say(c.text, f"{place}: commitment {n}")
                    for n, c in enumerate(priority.commitments.all(), start=1)
                ],
                done=done,
                next=upcoming,
                performance=[
                    PerformanceLine(table, row)
                    for table in tables
                    for row in table.rows
                    if priority.code in row.priorities
                ],
                funding=[
                    _funding(f, say, f"Funding line {n}")
                    for n, f in enumerate(funding, start=1)
                    if f.priority_id == priority.pk
                ],
            )
        )
    say.part = PLAN
    name = say.say(plan.name, "The plan's name")
    golden_threads = [
        say.say(t.name, f"Golden thread {n}")
        for n, t in enumerate(plan.golden_threads.all(), start=1)
    ]
    due_regard = [say.say(d, f"Due regard {n}") for n, d in enumerate(plan.due_regard, start=1)]
    spec = services.plan_spec(plan=plan)
    if say.welsh:
        spec = dataclasses.replace(
            spec,
            name=name,
            golden_threads=golden_threads,
            due_regard=due_regard,
            priorities=[
                dataclasses.replace(p, title=section.title, aim=section.aim)
                for p, section in zip(spec.priorities, priorities, strict=True)
            ],
        )
    term = gettext("%(start)s to %(end)s") % {
        "start": date_format(plan.term_start, "F Y"),
        "end": date_format(plan.term_end, "F Y"),
    }
    drawing = planpage.plan_page_svg(
        spec, id_prefix="report-plan-on-a-page", gettext=gettext, term=term
    )
    return PlanReport(
        plan=plan,
        title=gettext("%(plan)s: update, %(month)s")
        % {"plan": name, "month": date_format(as_of, "F Y")},
        as_of=as_of,
        foreword=build.html(plan.foreword, "Foreword"),
        foreword_by=say.say(plan.foreword_by, "Foreword: who signs it"),
        introduction=build.html(plan.introduction, "Introduction"),
        golden_threads=golden_threads,
        due_regard=due_regard,
        plan_page_svg=mark_safe(drawing),  # noqa: S308 (escaped by planpage)
        priorities=priorities,
        funding=[_funding(f, say, f"Funding line {n}") for n, f in enumerate(funding, start=1)],
        tables=tables,
        long_run=_long_run(plan, welsh=say.welsh),
        contact=opcc_contact(say),
        problems=problems + build.problems,
        scrutinised_by=say.say(plan.scrutinised_by, "Who scrutinises the plan"),
        translator=say,
    )


def _long_run(plan: Plan, *, welsh: bool) -> performance.LongRunChart | None:
    return performance.longrun_chart(plan.force_id, welsh=welsh)
