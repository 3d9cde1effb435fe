"""The plan update report ("You asked... we delivered"): the PCC's foreword, the introduction,
the plan on a page, then for each priority what the plan said, what was done (with its evidence
and references), what comes next and how the measures that serve it are doing; then the
performance tables with the verdict of the test of chance, the long-run ASB chart, the funding,
a glossary of the acronyms the text uses and how to get in touch. As an accessible HTML page and
as a tagged PDF (PDF/UA-1, WeasyPrint).

At publication every reference, figure placeholder, acronym and link is checked
(`publication_problems`); one that fails blocks publication with the list. Published versions
are frozen, and each says what changed since the version before.
"""

import datetime
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from . import figures, glossary, linkcheck, pdf, planpage, references, services, versions
from .constants import CLOSED_STATUSES, ActionStatus, ItemKind
from .models import Action, FundingItem, PerformanceSnapshot, Plan, Priority, PublishedReport
from .richtext import clean_html

logger = logging.getLogger(__name__)


class PublicationBlocked(Exception):
    """What stops a report being published, one plain line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) block publication")


# -- what the report holds ----------------------------------------------------------------------


@dataclass
class Reference:
    label: str
    url: str


@dataclass
class DoneItem:
    text: str
    evidence: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    funding: list[FundingItem] = field(default_factory=list)
    completed_on: datetime.date | None = None


@dataclass
class NextItem:
    text: str
    owner: str = ""
    due: datetime.date | None = None
    when: str = ""
    references: list[Reference] = field(default_factory=list)


@dataclass
class PerformanceLine:
    """A row of one of the report's tables that serves a priority."""

    table: Any  # performance.tables.ReportTable
    row: Any  # performance.tables.ReportRow

    @property
    def anchor(self) -> str:
        return row_anchor(self.table.slug, self.row.measure_id)


@dataclass
class ReportPriority:
    number: int
    priority: Priority
    commitments: list[str]
    done: list[DoneItem]
    next: list[NextItem]
    performance: list[PerformanceLine]
    funding: list[FundingItem]

    @property
    def anchor(self) -> str:
        return f"priority-{self.priority.code.lower()}"

    @property
    def funding_pence(self) -> int:
        return sum(f.amount_pence for f in self.funding)


@dataclass
class Contact:
    name: str
    email: str
    phone: str = ""
    address: str = ""
    website: str = ""


@dataclass
class PlanReport:
    plan: Plan
    title: str
    as_of: datetime.date
    foreword: SafeString
    foreword_by: str
    introduction: SafeString
    golden_threads: list[str]
    due_regard: list[str]
    plan_page_svg: SafeString
    priorities: list[ReportPriority]
    funding: list[FundingItem]
    tables: list[Any]  # performance.tables.ReportTable, in the plan's order
    long_run: Any  # performance.longrun.LongRunChart | None
    contact: Contact
    problems: list[str] = field(default_factory=list)  # found while building
    glossary: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    previous_version: int | None = None

    @property
    def funding_pence(self) -> int:
        return sum(f.amount_pence for f in self.funding)

    @property
    def printed_tables(self) -> "list[PrintedTable]":
        return [printed_table(table) for table in self.tables]

    @property
    def significance(self) -> str:
        return self.tables[0].significance if self.tables else ""


@dataclass
class PrintedRow:
    anchor: str
    header: str
    period_note: str
    aim: str
    cells: list[str]
    aim_met: str
    aim_met_reason: str
    verdict: str
    verdict_reason: str
    priorities: str
    share: bool = False


@dataclass
class PrintedTable:
    """A performance table laid out for the page: one heading per column, each naming its
    period, and the rows with any shares printed under their total."""

    table: Any
    headings: list[str]
    rows: list[PrintedRow]

    @property
    def anchor(self) -> str:
        return table_anchor(self.table.slug)


def printed_table(table: Any) -> PrintedTable:
    labels = {"baseline": table.baseline_label, "current": table.current_label}
    headings = [
        f"{c.heading}, {labels[c.period]}" if labels.get(c.period) else c.heading
        for c in table.columns
    ]
    rows = []
    for row in table.rows:
        rows.append(
            PrintedRow(
                anchor=row_anchor(table.slug, row.measure_id),
                header=row.measure,
                period_note=row.period_note,
                aim=row.aim,
                cells=[row.cells.get(c.key, "") for c in table.columns],
                aim_met=row.aim_met,
                aim_met_reason=row.aim_met_reason,
                verdict=row.verdict,
                verdict_reason=row.verdict_reason,
                priorities=", ".join(row.priorities),
            )
        )
        for share in row.shares:
            by_key = {
                "force_baseline": share.force_baseline,
                "group_baseline": share.group_baseline,
                "force_current": share.force_current,
                "group_current": share.group_current,
            }
            rows.append(
                PrintedRow(
                    anchor=row_anchor(table.slug, share.measure_id),
                    header=f"{share.name} (share of the total)",
                    period_note="",
                    aim="",
                    cells=[by_key.get(c.key, "") for c in table.columns],
                    aim_met="",
                    aim_met_reason="",
                    verdict=share.verdict,
                    verdict_reason=share.verdict_reason,
                    priorities="",
                    share=True,
                )
            )
    return PrintedTable(table, headings, rows)


def table_anchor(slug: str) -> str:
    return f"table-{slug}"


def row_anchor(slug: str, measure_id: str) -> str:
    return f"table-{slug}-{measure_id}"


# -- the performance tables ---------------------------------------------------------------------


def latest_snapshot() -> PerformanceSnapshot | None:
    """The latest table loaded with `delivery load-snapshot` (a printed table, as published),
    used when the plan names no performance framework."""
    return PerformanceSnapshot.objects.order_by("-created_at", "-pk").first()


def snapshot_table(snapshot: PerformanceSnapshot) -> Any:
    """A printed table loaded with `delivery load-snapshot`, in the shape of the framework
    tables: its figures exactly as published, with no test of chance (none was published)."""
    from crimeplan.performance.tables import Column, ReportRow, ReportTable

    columns = (
        Column("force_baseline", "Number: force", "baseline"),
        Column("group_baseline", "Number: group", "baseline"),
        Column("force_rate_baseline", "Rate per 1,000: force", "baseline"),
        Column("group_rate_baseline", "Rate per 1,000: group", "baseline"),
        Column("force_current", "Number: force", "current"),
        Column("group_current", "Number: group", "current"),
        Column("force_rate_current", "Rate per 1,000: force", "current"),
        Column("group_rate_current", "Rate per 1,000: group", "current"),
        Column("force_change", "% change: force", ""),
        Column("group_change", "% change: group", ""),
    )
    rows = tuple(
        ReportRow(
            measure_id=f"row-{number}",
            measure=str(row["measure"]),
            kind="count",
            section="",
            aim=str(row["aim"]),
            cells={
                "force_baseline": row["force_count_baseline"],
                "group_baseline": row["msg_count_baseline"],
                "force_rate_baseline": row["force_rate_baseline"],
                "group_rate_baseline": row["msg_rate_baseline"],
                "force_current": row["force_count_current"],
                "group_current": row["msg_count_current"],
                "force_rate_current": row["force_rate_current"],
                "group_rate_current": row["msg_rate_current"],
                "force_change": f"{row['force_pct_change']}%",
                "group_change": f"{row['msg_pct_change']}%",
            },
            aim_met=str(row["aim_achieved"]),
            aim_met_reason="",
            verdict="not testable",
            verdict_reason="a printed table loaded as published carries no test of the change",
            p_value="",
            priorities=tuple(row["priorities"]),
            period_note="",
        )
        for number, row in enumerate(snapshot.rows, start=1)
    )
    return ReportTable(
        slug=f"snapshot-{snapshot.pk or 0}",
        title=snapshot.title,
        source=snapshot.source,
        force="",
        baseline_label=snapshot.baseline_label,
        current_label=snapshot.current_label,
        columns=columns,
        rows=rows,
        priorities={},
        notes=(),
    )


def plan_tables(plan: Plan, problems: list[str] | None = None) -> list[Any]:
    """The performance tables the plan's report prints, in its order: the frameworks the
    plan names, else the latest printed table loaded for the report."""
    from crimeplan.performance.models import Framework
    from crimeplan.performance.tables import report_table

    tables = []
    for slug in plan.report_frameworks:
        try:
            tables.append(report_table(slug))
        except Framework.DoesNotExist:
            if problems is not None:
                problems.append(
                    f"The plan names a performance framework {slug!r} that does not exist."
                )
        except Exception as error:  # a framework without a saved version, or its data
            logger.warning("Performance table %s could not be computed: %s", slug, error)
            if problems is not None:
                problems.append(f"The performance table {slug!r} could not be made: {error}")
    if not tables and not plan.report_frameworks:
        snapshot = latest_snapshot()
        if snapshot is not None:
            tables.append(snapshot_table(snapshot))
    return tables


def _figure_lookup(tables: Sequence[Any]) -> figures.Lookup:
    """A measure's printed figures by placeholder name, for prose bound to the tables."""
    by_key: dict[tuple[str, str], Mapping[str, str]] = {}
    for table in tables:
        for row in table.rows:
            values = {key: text for key, text in row.cells.items() if text}
            values |= {"measure": row.measure, "aim_met": row.aim_met, "verdict": row.verdict}
            values |= {"baseline_label": table.baseline_label, "current_label": table.current_label}
            by_key[(table.slug, row.measure_id)] = values
            by_key.setdefault(("", row.measure_id), values)

    def lookup(framework: str, measure: str) -> Mapping[str, str] | None:
        return by_key.get((framework, measure))

    return lookup


# -- building -----------------------------------------------------------------------------------


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


def _next_from_action(action: Action) -> NextItem:
    upcoming = next((m for m in action.milestones.all() if m.done_on is None), None)
    return NextItem(
        text=f"{action.title}: {upcoming.title}" if upcoming else action.title,
        owner=action.owner_organisation.name,
        due=upcoming.due_date if upcoming else action.due_date,
    )


class _Builder:
    """Binds the plan's prose to the tables and resolves its references, noting each
    problem (a publication blocker) where it is found."""

    def __init__(self, plan: Plan, tables: Sequence[Any]) -> None:
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
    snapshot: PerformanceSnapshot | None = None,
    tables: Sequence[Any] | None = None,
    as_of: datetime.date | None = None,
) -> PlanReport:
    """The report as it stands: `tables` default to the plan's (`plan_tables`); a
    `snapshot` given alone is printed as the one table (kept for the printed-table loader)."""
    problems: list[str] = []
    if tables is None:
        tables = [snapshot_table(snapshot)] if snapshot is not None else plan_tables(plan, problems)
    tables = list(tables)
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
        upcoming += [_next_from_action(a) for a in own if a.status not in CLOSED_STATUSES]
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
    as_of = as_of or timezone.localdate()
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


def _long_run(plan: Plan) -> Any:
    from crimeplan.performance.longrun import longrun_chart

    return longrun_chart(plan.force_id)


# -- rendering ----------------------------------------------------------------------------------


# The abbreviations the report's own words use (a plan's glossary may word them otherwise).
REPORT_ACRONYMS = {
    "MSG": "Most Similar Group: the police forces most like this one, which it is compared with",
}


def known_acronyms(report: PlanReport) -> dict[str, str]:
    """What the report's acronyms stand for: the plan's glossary, and the priority codes the
    tables print (each stands for its priority's title)."""
    known = {p.priority.code: p.priority.title for p in report.priorities}
    return known | REPORT_ACRONYMS | dict(report.plan.glossary)


def render_body(report: PlanReport) -> str:
    """The report's content, for a page of the site (inside its layout) and for the file: the
    glossary is made from the acronyms the rendered text uses, and each one's first use is
    marked with its expansion."""
    draft = render_to_string("delivery/report/body.html", {"report": report})
    found = glossary.build_glossary([draft], known_acronyms(report))
    report.glossary = [(acronym, expansion) for acronym, expansion in found.entries]
    unknown = [a for a in found.unknown]
    if unknown:
        report.problems.append(
            "Acronyms the text uses with no expansion in the plan's glossary: " + ", ".join(unknown)
        )
    body = render_to_string("delivery/report/body.html", {"report": report})
    return glossary.mark_abbreviations(body, found)


def render_document(*, title: str, body: str) -> str:
    """A whole HTML document with print styles: contents with page numbers, numbered pages."""
    return render_to_string(
        "delivery/report/document.html", {"title": title, "body": body, "lang": "en-GB"}
    )


def render_pdf(*, title: str, body: str) -> bytes:
    """The tagged PDF (PDF/UA-1) with its outline, from the same body as the page."""
    return pdf.write_pdf(render_document(title=title, body=body))


# -- publication --------------------------------------------------------------------------------


def _internal_link_check(path: str) -> str | None:
    """Why a site path in the report would not open for a reader, or None."""
    try:
        match = resolve(path.split("?")[0].split("#")[0])
    except Resolver404:
        return "no page of this site has that address"
    if getattr(match.func, "required_roles", None) is not None:
        return "the page is for signed-in staff only, so a reader of the report cannot open it"
    return None


def publication_problems(
    report: PlanReport,
    body: str,
    *,
    check_external: bool | None = None,
    resolve_internal: Callable[[str], str | None] | None = None,
) -> list[str]:
    """Everything that blocks publication: references and figure placeholders that do not
    resolve, acronyms without an expansion, and broken links and cross-references."""
    problems = list(report.problems)
    problems += references.plan_reference_errors(plan=report.plan)
    if check_external is None:
        check_external = settings.CRIMEPLAN_CHECK_EXTERNAL_LINKS
    link_problems = linkcheck.check_links(
        body,
        base_url=settings.CRIMEPLAN_BASE_URL,
        resolve_internal=resolve_internal or _internal_link_check,
        fetch_external=check_external,
    )
    problems += [str(problem) for problem in link_problems]
    return list(dict.fromkeys(problems))


def draft(plan: Plan, *, as_of: datetime.date | None = None) -> tuple[PlanReport, str]:
    built = build_report(plan=plan, as_of=as_of)
    previous = plan.published_reports.order_by("-version").first()
    if previous is not None:
        body = render_body(built)
        built.changes = versions.what_changed(previous.html, body)
        built.previous_version = previous.version
    return built, render_body(built)


@transaction.atomic
def report_publish(
    *, plan: Plan, actor: Any, check_external: bool | None = None
) -> PublishedReport:
    """Freezes the report as it stands now into the next published version, unless something
    blocks it (PublicationBlocked lists what)."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    built, body = draft(plan)
    problems = publication_problems(built, body, check_external=check_external)
    if problems:
        raise PublicationBlocked(problems)
    version = (plan.published_reports.aggregate(v=Max("version"))["v"] or 0) + 1
    published = PublishedReport.objects.create(
        plan=plan,
        version=version,
        title=built.title,
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        html=body,
        pdf=render_pdf(title=built.title, body=body),
        snapshot_title="; ".join(t.title for t in built.tables)[:300],
        changes=built.changes,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=published,
        summary=f"Published version {version} of the {plan.slug} plan update",
    )
    return published
