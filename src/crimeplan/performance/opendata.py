"""The performance tables in the open-data feed (crimeplan.core.opendata): the newest
published report of each framework, its measures as printed."""

from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_noop

from crimeplan.core.opendata import Dataset, newest_day

from . import selectors
from .engine.rows import CSV_COLUMNS, EXTRA_COLUMNS
from .models import Snapshot

# The published CSV's columns, all of them: a measure of a share or against a target keeps
# its figures (the extra columns a row leaves empty are null).
PRINTED_COLUMNS = (*CSV_COLUMNS, *EXTRA_COLUMNS)
COLUMNS = ("framework", "report", "published_on", "measure_id", *PRINTED_COLUMNS)


def _newest_per_framework() -> list[Snapshot]:
    """Each framework's newest published report, and only those (each holds every
    measure's chart, so the older ones are not read)."""
    newest = Snapshot.objects.filter(framework=OuterRef("framework")).order_by("-number")
    return list(
        selectors.snapshot_list()
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .order_by("framework__slug")
    )


def _rows(snapshot: Snapshot) -> list[dict[str, Any]]:
    published_on = timezone.localdate(snapshot.published_at)
    return [
        {
            "framework": snapshot.framework.slug,
            "report": snapshot.number,
            "published_on": published_on,
            "measure_id": measure["id"],
            **{column: measure.get(column) for column in PRINTED_COLUMNS},
        }
        for measure in snapshot.document.get("measures", [])
    ]


def datasets() -> list[Dataset]:
    snapshots = _newest_per_framework()
    return [
        Dataset(
            id="performance.measures",
            title=gettext_noop("The performance framework's measures, as last published"),
            description=gettext_noop(
                "Each measure of each performance framework in its newest published "
                "report: the force's and its comparison group's figures for the baseline and "
                "current periods, the change, whether the aim is met and whether the change is "
                "more than chance. Figures are as printed in the report."
            ),
            source=gettext_noop(
                "Police recorded crime (police.uk) and the other sources each framework "
                "names, computed by crimeplan and published by the OPCC"
            ),
            as_at=newest_day(s.published_at for s in snapshots),
            columns=COLUMNS,
            rows=[row for snapshot in snapshots for row in _rows(snapshot)],
            page="performance:published_list",
            notes=tuple(f"{s.framework.slug}: report {s.number}, {s.title}" for s in snapshots),
        )
    ]
