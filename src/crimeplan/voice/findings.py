"""What the public's voice tells the recommendations tracker (crimeplan.core.findings), and what
the public pages show beside each finding ("you said, we did").

Two kinds of finding:

- an unsafe-place hotspot: a county cell that the published analysis calls a hotspot (at least
  the minimum of accepted reports, so no reporter can be picked out). It is announced when the
  cell first becomes one and withdrawn when it stops being one. Its key is the H3 cell;
- a survey finding: in a published survey, an estimate (the county's or a district's) whose
  change from the year before is significant and the wrong way for its question ("feel safe"
  fell, "witnessed ASB" rose). Its key is `<year>:<question code>:<district code or county>`.

A finding names a cell and its centre, or a question and an area: never a report, so nothing
here can point back to a reporter. `AnnouncedFinding` keeps what was announced, so that one that
stops being a finding is withdrawn, not forgotten. The OPCC links a tracker row to the delivery
action that answers it; the public pages read those actions' published updates through
`core.findings.answers`, so this module imports neither the tracker nor delivery.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from crimeplan.core.findings import Answer, Finding, announce, answers

from . import selectors
from .models import AnnouncedFinding, Survey, SurveyEstimate

LABEL = "voice"
# The tracker's title holds 300 characters; a long question label and district name are cut.
TITLE_LENGTH = 300
# A survey finding's area: a district's code, or this for the force area.
COUNTY = "county"
SOURCES = {
    AnnouncedFinding.Kind.HOTSPOT: "unsafe_place_hotspot",
    AnnouncedFinding.Kind.SURVEY: "survey_finding",
}


# What counts as a finding now ------------------------------------------------------------------


def hotspot_title(latitude: float, longitude: float) -> str:
    return f"Unsafe-place hotspot: the area centred on {latitude:.4f}, {longitude:.4f}"


def current_hotspots() -> dict[str, str]:
    """Key → title for each county cell the published analysis calls a hotspot."""
    cells = selectors.published_hotspots(method=selectors.method_for(None))
    return {c.cell: hotspot_title(c.latitude, c.longitude) for c in cells if c.hotspot}


def survey_key(estimate: SurveyEstimate) -> str:
    area = estimate.district.code if estimate.district else COUNTY
    return f"{estimate.question.survey.year}:{estimate.question.code}:{area}"


def is_worse(estimate: SurveyEstimate) -> bool:
    """A significant change the wrong way for its question."""
    if not estimate.change_significant or estimate.change_points is None:
        return False
    if estimate.question.higher_is_better:
        return estimate.change_points < 0
    return estimate.change_points > 0


def survey_title(estimate: SurveyEstimate) -> str:
    question = estimate.question
    area = estimate.district.name if estimate.district else "the force area"
    moved = "fell" if (estimate.change_points or 0) < 0 else "rose"
    return (
        f"Survey {question.survey.year}: {question.positive_label} {moved} from "
        f"{estimate.previous_percent:.0f}% to {estimate.percent:.0f}% in {area}"
    )


def worse_estimates() -> list[SurveyEstimate]:
    """The estimates of the newest published survey that changed for the worse: the public
    survey page shows that year, so an older year's findings end when a newer one is
    published."""
    newest = Survey.objects.filter(published_on__isnull=False).order_by("-year").first()
    if newest is None:
        return []
    rows = SurveyEstimate.objects.filter(
        question__survey=newest, percent__isnull=False
    ).select_related("question__survey", "district")
    return [e for e in rows if is_worse(e)]


def current_survey_findings() -> dict[str, str]:
    return {survey_key(e): survey_title(e) for e in worse_estimates()}


# Keeping the announced findings up to date ---------------------------------------------------


def _finding(row: AnnouncedFinding) -> Finding:
    if row.kind == AnnouncedFinding.Kind.HOTSPOT:
        url = reverse("voice:published_hotspots") + f"#cell-{row.key}"
    else:
        url = reverse("voice:survey_results") + f"#finding-{row.key.replace(':', '-')}"
    return Finding(
        source=SOURCES[AnnouncedFinding.Kind(row.kind)],
        key=row.key,
        title=row.title,
        url=url,
        withdrawn=row.until is not None,
    )


@transaction.atomic
def refresh(kind: AnnouncedFinding.Kind, current: dict[str, str]) -> list[Finding]:
    """Brings the announced findings of one kind into line with `current` (key → title);
    returns those that began, changed or ended."""
    today = timezone.localdate()
    held = {r.key: r for r in AnnouncedFinding.objects.select_for_update().filter(kind=kind)}
    changed = []
    for key, full_title in current.items():
        title = Truncator(full_title).chars(TITLE_LENGTH)
        row = held.get(key)
        if row is None:
            # Two workers refreshing at once: the second finds the first's row.
            row, made = AnnouncedFinding.objects.get_or_create(
                kind=kind, key=key, defaults={"title": title, "since": today}
            )
            if made:
                changed.append(row)
                continue
        if row.until is None and row.title == title:
            continue
        row.until, row.title = None, title
        row.save(update_fields=["until", "title"])
        changed.append(row)
    for key, row in held.items():
        if key not in current and row.until is None:
            row.until = today
            row.save(update_fields=["until"])
            changed.append(row)
    return [_finding(r) for r in changed]


def refresh_all() -> list[Finding]:
    return refresh(AnnouncedFinding.Kind.HOTSPOT, current_hotspots()) + refresh(
        AnnouncedFinding.Kind.SURVEY, current_survey_findings()
    )


def all_findings() -> list[Finding]:
    """Every finding the module holds, brought up to date first (the tracker's full re-sync)."""
    refresh_all()
    return [_finding(r) for r in AnnouncedFinding.objects.all()]


def _announce(changed: list[Finding]) -> int:
    for finding in changed:
        transaction.on_commit(partial(announce, finding, sender=LABEL))
    return len(changed)


def announce_changes() -> int:
    """Refreshes the findings and tells the tracker of each that changed, once committed."""
    return _announce(refresh_all())


def announce_survey_changes() -> int:
    """As `announce_changes`, for the survey's findings only (a survey was published,
    withdrawn or imported again): quick, with no hotspot analysis."""
    return _announce(refresh(AnnouncedFinding.Kind.SURVEY, current_survey_findings()))


@task
def findings_refresh() -> int:
    """The background job a moderation queues: the county analysis takes a second or two, too
    long for the moderator's request."""
    return announce_changes()


def findings_refresh_on_commit() -> None:
    transaction.on_commit(findings_refresh.enqueue)


# What the public pages show ----------------------------------------------------------------


def answers_for(kind: AnnouncedFinding.Kind, keys: Iterable[str]) -> dict[str, list[Answer]]:
    """The delivery actions answering each of these findings, with their published updates."""
    return answers(SOURCES[kind], keys)
