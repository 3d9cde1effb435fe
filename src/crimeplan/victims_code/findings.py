"""What the Victims' Code joint review tells the recommendations tracker
(`crimeplan.core.findings`): each agreed action, owned by the organisation that is to act,
named by the quarter and its number, never by its text."""

from django.db import transaction
from django.urls import reverse

from crimeplan.core.findings import Finding, announce

from .models import ReviewAction

SOURCE = "victims_code_review"
LABEL = "victims_code"


def action_finding(action: ReviewAction) -> Finding:
    meeting = action.meeting
    number = meeting.actions.filter(pk__lte=action.pk).count()
    return Finding(
        source=SOURCE,
        key=str(action.pk),
        title=f"Victims' Code joint review {meeting.period}: action {number} for "
        f"{action.owner.name}",
        url=reverse("victims_code:meeting_detail", kwargs={"pk": meeting.pk}),
        owner_id=action.owner_id,
        due_on=action.due_on,
        done_on=action.done_on,
    )


def all_findings() -> list[Finding]:
    """Every agreed action (the tracker's full re-sync)."""
    return [
        action_finding(action)
        for action in ReviewAction.objects.select_related("meeting", "owner").order_by("pk")
    ]


def announce_on_commit(action: ReviewAction) -> None:
    transaction.on_commit(lambda: announce(action_finding(action), sender=LABEL))
