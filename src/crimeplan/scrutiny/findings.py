"""What custody visiting and the scrutiny panels tell the recommendations tracker
(crimeplan.core.findings).

- An issue raised on a custody or animal welfare visit, for the constabulary that runs the
  site, named by its category, the site and the day of the visit: its description and the
  constabulary's response may be about a detainee or an officer (`VisitIssue.PERSONAL_FIELDS`)
  and are never copied. Done when resolved. Erasing its texts at the end of its retention
  period (only ever after it was resolved) leaves it in the tracker, done.
- A panel's action, named by the panel, its number and its due date. Its description is not
  copied: the panel writes it about the cases it sampled, which may name an officer or a victim.
  Its owner is free text, the organisation only when the text is one's exact name. Done when
  closed as done; dropped, it is withdrawn.

The services announce a finding when the transaction that made or changed it commits, so a
change rolled back announces nothing; `all_findings` is the tracker's full re-sync.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from crimeplan.accounts.models import Organisation
from crimeplan.core.findings import Finding, announce

from .constants import ActionStatus
from .models import Panel, PanelAction, Site, VisitIssue

ISSUE_SOURCE = "custody_visiting"
ACTION_SOURCE = "scrutiny_panel"
LABEL = "scrutiny"


def _issues() -> QuerySet[VisitIssue]:
    return VisitIssue.objects.select_related("visit__site")


def issue_finding(issue: VisitIssue) -> Finding:
    visit = issue.visit
    return Finding(
        source=ISSUE_SOURCE,
        key=str(issue.pk),
        title=f"{issue.get_category_display()} issue raised on the visit to {visit.site.name} "
        f"on {visit.scheduled_on:%-d %B %Y}",
        url=reverse("scrutiny:visit_detail", kwargs={"pk": visit.pk}),
        owner_id=visit.site.organisation_id,
        done_on=timezone.localdate(issue.resolved_at) if issue.resolved_at else None,
    )


def _owners(names: Iterable[str]) -> dict[str, int]:
    """{owner text, lower case: organisation pk} for the texts that are an organisation's
    exact name (case aside)."""
    wanted = {name.strip().lower() for name in names if name.strip()}
    if not wanted:
        return {}
    found: dict[str, int] = {}
    for pk, name in Organisation.objects.filter(archived_at__isnull=True).values_list("pk", "name"):
        if name.lower() in wanted:
            found[name.lower()] = pk
    return found


def _action_findings(actions: list[PanelAction]) -> list[Finding]:
    """Each action's finding, numbered on its panel in the order they were added."""
    owners = _owners(action.owner for action in actions)
    counts: dict[int, int] = {}
    found = []
    for action in sorted(actions, key=lambda a: (a.panel_id, a.pk)):
        counts[action.panel_id] = counts.get(action.panel_id, 0) + 1
        found.append(
            Finding(
                source=ACTION_SOURCE,
                key=str(action.pk),
                title=f"{action.panel.name}: action {counts[action.panel_id]} "
                f"due {action.due_on:%-d %B %Y}",
                url=reverse("scrutiny:panel_detail", kwargs={"pk": action.panel_id}),
                owner_id=owners.get(action.owner.strip().lower()),
                due_on=action.due_on,
                done_on=action.closed_on if action.status == ActionStatus.DONE else None,
                withdrawn=action.status == ActionStatus.DROPPED,
            )
        )
    return found


def panel_findings(panel: Panel) -> list[Finding]:
    return _action_findings(list(panel.actions.select_related("panel")))


def action_finding(action: PanelAction) -> Finding:
    """The action's finding (numbered among its panel's)."""
    return next(f for f in panel_findings(action.panel) if f.key == str(action.pk))


def site_findings(site: Site) -> list[Finding]:
    return [issue_finding(issue) for issue in _issues().filter(visit__site=site)]


def all_findings() -> list[Finding]:
    """Every issue and panel action the module holds (the tracker's full re-sync)."""
    issues = [issue_finding(issue) for issue in _issues()]
    return issues + _action_findings(list(PanelAction.objects.select_related("panel")))


def announce_on_commit(findings: Iterable[Finding]) -> None:
    """Announce once the current transaction commits (at once outside one)."""
    for finding in list(findings):
        transaction.on_commit(partial(announce, finding, sender=LABEL))
