"""What waits in custody visiting, on each person's home page (crimeplan.core.work): for a
volunteer, the reports of their visits whose day has passed; for the co-ordinators, every such
report and the issues awaiting a response; for the custody inspector (the site's partner
editor), the issues raised at their suites awaiting their response."""

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from crimeplan.accounts.constants import Role
from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from .constants import IssueStatus, VisitStatus
from .models import Site, Visit, VisitIssue
from .permissions import COORDINATORS
from .selectors import issue_list, visit_list


def _unfiled(viewer: Viewer, today: datetime.date, empty: str) -> WorkQueue:
    visits = (
        visit_list(viewer=viewer)
        .filter(status=VisitStatus.PLANNED, scheduled_on__lt=today)
        .order_by("scheduled_on", "pk")
    )
    return WorkQueue(
        title="Visit reports to file",
        items=[_visit(v, today) for v in visits],
        url=reverse("scrutiny:visit_list"),
        link_text="See the visits",
        empty=empty,
    )


def _days_ago(gone: datetime.timedelta) -> str:
    return f"visit day passed {gone.days} day{'s' if gone.days != 1 else ''} ago"


def _visit(visit: Visit, today: datetime.date) -> WorkItem:
    return WorkItem(
        label=f"{visit.site}, {date_format(visit.scheduled_on, 'j F Y')}",
        url=reverse("scrutiny:visit_detail", args=[visit.pk]),
        note=_days_ago(today - visit.scheduled_on),
    )


def _issue(issue: VisitIssue) -> WorkItem:
    filed = issue.visit.filed_at
    return WorkItem(
        label=f"{issue.get_category_display()} at {issue.visit.site}",
        url=reverse("scrutiny:visit_detail", args=[issue.visit_id]),
        note=f"raised {date_format(timezone.localtime(filed).date(), 'j F Y')}" if filed else "",
    )


def _open_issues(issues: QuerySet[VisitIssue], empty: str) -> WorkQueue:
    return WorkQueue(
        title="Issues awaiting a response",
        items=[_issue(i) for i in issues.filter(status=IssueStatus.OPEN).order_by("pk")],
        url=reverse("scrutiny:issue_list"),
        link_text="See the issues",
        empty=empty,
    )


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    if viewer.has_any(COORDINATORS):
        return [
            _unfiled(viewer, today, "Every visit whose day has passed has its report."),
            _open_issues(issue_list(viewer=viewer), "No issue is awaiting a response."),
        ]
    found = []
    if Role.VOLUNTEER in viewer.roles:
        found.append(_unfiled(viewer, today, "You have filed the report of every past visit."))
    editing = viewer.organisations_where(Role.PARTNER_EDITOR)
    issues = issue_list(viewer=viewer).filter(visit__site__organisation_id__in=editing)
    if editing and Site.objects.filter(organisation_id__in=editing).exists():
        found.append(_open_issues(issues, "No issue at your suites is awaiting a response."))
    return found
