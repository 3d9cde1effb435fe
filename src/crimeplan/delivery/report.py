"""The plan update report ("You asked... we delivered"): for each priority its aim, what the
plan said we'd do, what we've done (with evidence and funding), what is next, and the rows of
the latest performance snapshot that serve it; as accessible HTML and as a PDF (WeasyPrint)."""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from .constants import CLOSED_STATUSES, ActionStatus, ItemKind
from .models import Action, FundingItem, PerformanceSnapshot, Plan, Priority, PublishedReport


@dataclass
class DoneItem:
    text: str
    evidence: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    funding: list[FundingItem] = field(default_factory=list)
    completed_on: datetime.date | None = None


@dataclass
class NextItem:
    text: str
    owner: str = ""
    due: datetime.date | None = None


@dataclass
class ReportPriority:
    priority: Priority
    commitments: list[str]
    done: list[DoneItem]
    next: list[NextItem]
    performance: list[dict[str, Any]]
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
    priorities: list[ReportPriority]
    funding: list[FundingItem]
    snapshot: PerformanceSnapshot | None
    contact: Contact

    @property
    def funding_pence(self) -> int:
        return sum(f.amount_pence for f in self.funding)


def latest_snapshot() -> PerformanceSnapshot | None:
    """The performance table the report quotes: the performance framework's latest published
    report when there is one, else the latest table loaded with `delivery load-snapshot`."""
    published = framework_snapshot()
    if published is not None:
        return published
    return PerformanceSnapshot.objects.order_by("-created_at", "-pk").first()


def framework_snapshot() -> PerformanceSnapshot | None:
    """The latest published performance report, in the printed-table shape the report uses
    (not saved: it is read from the immutable published document each time)."""
    from crimeplan.performance.selectors import snapshot_list

    published = snapshot_list().order_by("-published_at", "-pk").first()
    if published is None:
        return None
    document = published.document
    periods = document.get("periods", {})
    rows = [
        {
            "measure": row.get("measure", ""),
            "aim": str(row.get("aim", "")).capitalize(),
            "force_count_baseline": row.get("force_baseline", ""),
            "msg_count_baseline": row.get("group_baseline", ""),
            "force_count_current": row.get("force_current", ""),
            "msg_count_current": row.get("group_current", ""),
            "force_rate_baseline": row.get("force_rate_baseline", ""),
            "msg_rate_baseline": row.get("group_rate_baseline", ""),
            "force_rate_current": row.get("force_rate_current", ""),
            "msg_rate_current": row.get("group_rate_current", ""),
            "force_pct_change": row.get("force_change", ""),
            "msg_pct_change": row.get("group_change", ""),
            "aim_achieved": {"yes": "Yes", "no": "No"}.get(row.get("aim_met", ""), ""),
            "priorities": str(row.get("priorities", "")).split(),
        }
        for row in document.get("measures", [])
    ]
    return PerformanceSnapshot(
        title=published.title,
        source=f"published performance report {published.number} of {published.framework.slug}, "
        f"{published.published_at:%d %B %Y}",
        baseline_label=periods.get("baseline", {}).get("label", ""),
        current_label=periods.get("current", {}).get("label", ""),
        rows=rows,
    )


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


def build_report(
    *, plan: Plan, snapshot: PerformanceSnapshot | None, as_of: datetime.date | None = None
) -> PlanReport:
    actions = (
        Action.objects.filter(commitment__priority__plan=plan)
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("commitment__priority", "owner_organisation")
        .prefetch_related("updates", "milestones", "funding")
    )
    funding = list(plan.funding.select_related("priority"))
    priorities = []
    for priority in plan.priorities.prefetch_related("commitments", "items"):
        own = [a for a in actions if a.commitment.priority_id == priority.pk]
        items = sorted(priority.items.all(), key=lambda i: i.position)
        done = [
            DoneItem(text=i.text, evidence=[i.evidence] if i.evidence else [])
            for i in items
            if i.kind == ItemKind.DELIVERED
        ] + [_done_from_action(a) for a in own if a.status == ActionStatus.COMPLETE]
        upcoming = [NextItem(text=i.text) for i in items if i.kind == ItemKind.NEXT] + [
            _next_from_action(a) for a in own if a.status not in CLOSED_STATUSES
        ]
        priorities.append(
            ReportPriority(
                priority=priority,
                commitments=[c.text for c in priority.commitments.all()],
                done=done,
                next=upcoming,
                performance=[
                    row
                    for row in (snapshot.rows if snapshot else [])
                    if priority.code in row["priorities"]
                ],
                funding=[f for f in funding if f.priority_id == priority.pk],
            )
        )
    as_of = as_of or timezone.localdate()
    return PlanReport(
        plan=plan,
        title=f"{plan.name}: update, {as_of:%B %Y}",
        as_of=as_of,
        priorities=priorities,
        funding=funding,
        snapshot=snapshot,
        contact=opcc_contact(),
    )


def render_body(report: PlanReport) -> str:
    """The report's content, for a page of the site (inside its layout) and for the file."""
    return render_to_string("delivery/report/body.html", {"report": report})


def render_document(*, title: str, body: str) -> str:
    """A whole HTML document with print styles: contents with page numbers, numbered pages."""
    return render_to_string(
        "delivery/report/document.html", {"title": title, "body": body, "lang": "en-GB"}
    )


def render_pdf(*, title: str, body: str) -> bytes:
    import weasyprint  # imported here: loading Pango takes a moment every page need not pay

    # fontTools logs every glyph it subsets at INFO; only its warnings are worth reading.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    return bytes(weasyprint.HTML(string=render_document(title=title, body=body)).write_pdf())


@transaction.atomic
def report_publish(*, plan: Plan, actor: Any) -> PublishedReport:
    """Freezes the report as it stands now into the next published version."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    snapshot = latest_snapshot()
    report = build_report(plan=plan, snapshot=snapshot)
    body = render_body(report)
    version = (plan.published_reports.aggregate(v=Max("version"))["v"] or 0) + 1
    published = PublishedReport.objects.create(
        plan=plan,
        version=version,
        title=report.title,
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        html=body,
        pdf=render_pdf(title=report.title, body=body),
        snapshot_title=snapshot.title if snapshot else "",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=published,
        summary=f"Published version {version} of the {plan.slug} plan update",
    )
    return published
