"""The performance pages and API endpoints in the permission matrix."""

from crimeplan.core.tests.matrix import ANALYSTS, PUBLIC, Row
from crimeplan.performance.models import Snapshot, SnapshotFile
from crimeplan.performance.permissions import DRAFT_READERS

from .factories import saved_framework

SLUG = "matrix-plan"


def _framework(world: object) -> dict[str, object]:
    saved_framework(SLUG)
    return {"slug": SLUG}


def _measure(world: object) -> dict[str, object]:
    return {**_framework(world), "measure_id": "all-crime"}


def _snapshot(world: object) -> dict[str, object]:
    record, version = saved_framework(SLUG)
    snapshot = Snapshot.objects.create(
        framework=record,
        number=1,
        framework_version=version,
        title="Matrix report",
        document={"periods": {}, "measures": [], "notes": []},
    )
    SnapshotFile.objects.create(snapshot=snapshot, format="csv", content=b"measure\n")
    return {"slug": SLUG, "number": 1}


READERS = frozenset(DRAFT_READERS)

ROWS: list[Row] = [
    Row("performance:index", READERS),
    Row("performance:framework_new", ANALYSTS),
    Row("performance:published_list", PUBLIC),
    Row("performance:published", PUBLIC, _snapshot),
    Row("performance:published_download", PUBLIC, lambda w: {**_snapshot(w), "fmt": "csv"}),
    Row("performance:overview", READERS, _framework),
    Row("performance:draft_download", READERS, lambda w: {**_framework(w), "fmt": "csv"}),
    Row("performance:framework_edit", ANALYSTS, _framework),
    Row("performance:framework_export", ANALYSTS, _framework),
    Row("performance:publish", ANALYSTS, _framework),
    Row("performance:measure", READERS, _measure),
    Row("performance:commentary_edit", ANALYSTS, _measure),
    Row("performance:annotation_add", ANALYSTS, _measure),
    Row("api:list_snapshots", PUBLIC),
    Row("api:get_snapshot", PUBLIC, _snapshot),
]
