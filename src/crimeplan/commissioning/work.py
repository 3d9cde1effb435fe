"""What waits in commissioning, on each person's home page (crimeplan.core.work): for a grant
assessor, the applications they have still to score; for the commissioning officers, the
applications awaiting the panel's decision, the funded ones awaiting their award and the
monitoring returns that are late; for a partner editor, their own late returns."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from crimeplan.accounts.constants import Role
from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from .constants import ApplicationStatus, Decision
from .models import Application, MonitoringReturn
from .permissions import COMMISSIONERS
from .selectors import application_list, overdue_returns


def _application(application: Application, note: str = "") -> WorkItem:
    return WorkItem(
        label=f"{application.reference}: {application.project_title}",
        url=reverse("commissioning:application_detail", args=[application.pk]),
        note=note,
    )


def _submitted(application: Application) -> str:
    if application.submitted_at is None:
        return ""
    return f"submitted {date_format(timezone.localtime(application.submitted_at), 'j F Y')}"


def _late_return(monitoring_return: MonitoringReturn, today: datetime.date) -> WorkItem:
    days = (today - monitoring_return.due_on).days
    return WorkItem(
        label=f"{monitoring_return.award.title}, {monitoring_return.award.recipient}",
        url=reverse("commissioning:return_submit", args=[monitoring_return.pk]),
        note=f"due {date_format(monitoring_return.due_on, 'j F Y')}, {days} "
        f"day{'s' if days != 1 else ''} late",
    )


def _late_returns(
    viewer: Viewer, today: datetime.date, empty: str, *, editing: list[int] | None = None
) -> WorkQueue:
    """Late returns of the awards the viewer sees; `editing`: only those of these
    organisations (a partner editor's, who submits them)."""
    late = overdue_returns(viewer=viewer, today=today).order_by("due_on", "pk")
    if editing is not None:
        late = late.filter(award__recipient_id__in=editing)
    return WorkQueue(
        title="Monitoring returns late",
        items=[_late_return(r, today) for r in late],
        url=reverse("commissioning:award_list"),
        link_text="See the awards",
        empty=empty,
    )


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    found = []
    submitted = application_list(viewer=viewer).filter(status=ApplicationStatus.SUBMITTED)
    applications_url = reverse("commissioning:application_list")
    if viewer.has_any([Role.GRANT_ASSESSOR]) and viewer.user_id is not None:
        to_score = (
            submitted.filter(round__panel__user_id=viewer.user_id)
            .exclude(scores__assessor_id=viewer.user_id)
            .distinct()
            .order_by("submitted_at", "pk")
        )
        found.append(
            WorkQueue(
                title="Applications to score",
                items=[_application(a) for a in to_score],
                url=applications_url,
                link_text="See the applications",
                empty="You have scored every application of your panels.",
            )
        )
    if viewer.has_any(COMMISSIONERS):
        undecided = submitted.filter(moderation__isnull=True).order_by("submitted_at", "pk")
        to_award = (
            application_list(viewer=viewer)
            .filter(moderation__decision=Decision.FUND, award__isnull=True)
            .order_by("submitted_at", "pk")
        )
        found += [
            WorkQueue(
                title="Applications awaiting the panel's decision",
                items=[_application(a, _submitted(a)) for a in undecided],
                url=applications_url,
                link_text="See the applications",
                empty="No application is waiting for the panel's decision.",
            ),
            WorkQueue(
                title="Funded applications awaiting their award",
                items=[_application(a, "the panel decided to fund it") for a in to_award],
                url=applications_url,
                link_text="See the applications",
                empty="Every application the panel funded has its award.",
            ),
            _late_returns(viewer, today, "No monitoring return is late."),
        ]
    elif viewer.has_any([Role.PARTNER_EDITOR]):
        editing = viewer.organisations_where(Role.PARTNER_EDITOR)
        found.append(
            _late_returns(
                viewer, today, "None of your monitoring returns is late.", editing=editing
            )
        )
    return found
