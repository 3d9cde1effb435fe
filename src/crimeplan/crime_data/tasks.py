"""Background imports of uploaded files (django.tasks; run a worker with `crimeplan db_worker`)."""

from pathlib import Path

from django.tasks import task

from . import aggregates, policeuk
from .constants import ImportKind, ImportStatus
from .import_locks import import_runs_fail_killed
from .importing import ImportFileError
from .models import ImportRun


@task
def import_uploaded_files(import_run_id: int) -> None:
    """Loads the import record by id and runs its import, reporting progress on the record."""
    import_runs_fail_killed()
    run = ImportRun.objects.get(pk=import_run_id)
    if run.status != ImportStatus.QUEUED:
        return  # already run (a task delivered twice does nothing the second time)
    paths = [Path(p) for p in run.source_paths]
    force_id = run.options.get("force_id") or None
    # Uploads saved before names were kept are named by their saved file's name.
    names = run.options.get("file_names") or [path.name for path in paths]

    def progress(done: int, latest: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_read=done)

    try:
        if run.kind == ImportKind.POLICE_UK:
            policeuk.run(
                paths=paths,
                actor=run.created_by,
                skip_bad_rows=run.skip_bad_rows,
                force_id=force_id,
                import_run=run,
                progress=progress,
                names=names,
                allow_shrink=bool(run.options.get("allow_shrink")),
            )
        elif run.kind == ImportKind.AGGREGATES:
            aggregates.run(
                paths=paths,
                actor=run.created_by,
                skip_bad_rows=run.skip_bad_rows,
                force_id=force_id,
                import_run=run,
                names=names,
            )
        else:
            run.status = ImportStatus.FAILED
            run.message = f"Imports of {run.get_kind_display()} are not run from uploads."
            run.save()
    except ImportFileError:
        pass  # recorded on the import record, which the page shows
