"""Where published rows live and how to read them: each import's rows of a kind are Parquet
files in `CRIMEPLAN_DATA_DIR/policeuk/<kind>/run-<import id>`, and a slice's rows are its
force and month's rows in the folder of the import the slice points at."""

import shutil
from collections import defaultdict
from pathlib import Path

from django.conf import settings

from ..constants import ImportStatus
from ..models import ImportRun, Slice
from .sql import path_list, sql_string


def run_folder(data_dir: Path, kind: str, run_id: int) -> Path:
    """Where an import's rows of a kind live: Parquet files holding many slices."""
    return data_dir / "policeuk" / kind / f"run-{run_id}"


def remove_unused_versions(data_dir: Path, kind: str) -> None:
    """Removes the folders of finished imports none of whose slices is in use any more."""
    in_use = set(Slice.objects.filter(kind=kind).values_list("import_run_id", flat=True))
    running = set(
        ImportRun.objects.filter(status=ImportStatus.RUNNING).values_list("pk", flat=True)
    )
    for folder in (data_dir / "policeuk" / kind).glob("run-*"):
        run_id = int(folder.name.removeprefix("run-"))
        if run_id not in in_use and run_id not in running:
            shutil.rmtree(folder, ignore_errors=True)


def rows_missing(*, kind: str) -> bool:
    """Whether a slice in use has no rows folder (data stored in an earlier layout, or a
    data folder lost): importing its months again mends it."""
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    runs = set(Slice.objects.filter(kind=kind).values_list("import_run_id", flat=True))
    return any(not any(run_folder(data_dir, kind, run).glob("*.parquet")) for run in runs)


def published_rows(
    *, kind: str, forces: list[str] | None = None, months: list[str] | None = None
) -> str | None:
    """SQL for DuckDB: the rows of the slices in use (each slice's latest import only), of
    some forces and months (YYYY-MM) if given; None when there are none."""
    slices = Slice.objects.filter(kind=kind)
    if forces is not None:
        slices = slices.filter(force__police_uk_id__in=forces)
    by_run: dict[int, list[str]] = defaultdict(list)
    for run_id, force, month in slices.values_list(
        "import_run_id", "force__police_uk_id", "month"
    ).order_by("import_run_id", "force__police_uk_id", "month"):
        if months is None or f"{month:%Y-%m}" in months:
            by_run[run_id].append(f"({sql_string(force)}, {sql_string(f'{month:%Y-%m}')})")
    data_dir = Path(settings.CRIMEPLAN_DATA_DIR)
    selects = []
    for run_id, keys in by_run.items():
        files = sorted(run_folder(data_dir, kind, run_id).glob("*.parquet"))
        if not files:
            raise FileNotFoundError(
                f"The {kind} rows of import {run_id} are missing from "
                f"{run_folder(data_dir, kind, run_id)}: import those months again."
            )
        selects.append(
            f"SELECT r.* FROM read_parquet({path_list(files)}) r SEMI JOIN "
            f"(VALUES {', '.join(keys)}) s(force, month) USING (force, month)"
        )
    return "(" + " UNION ALL ".join(selects) + ")" if selects else None
