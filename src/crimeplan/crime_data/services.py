"""Changes people make to crime data through the site; each is audited."""

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.geography.models import Force

from .models import ImportRun
from .tasks import import_uploaded_files


def upload_queue(
    *,
    upload: UploadedFile,
    kind: str,
    force: Force | None,
    skip_bad_rows: bool,
    allow_shrink: bool,
    actor: Any,
) -> ImportRun:
    """Saves an uploaded file under CRIMEPLAN_DATA_DIR/uploads/run-<id> and queues its import
    (`tasks.import_uploaded_files`, once the transaction commits); returns the queued record.

    The file is saved under its name's last part with anything unusual replaced; the
    import's messages name it as the analyst knows it, never by where the server keeps it.
    """
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=kind,
            created_by_id=actor.pk,
            skip_bad_rows=skip_bad_rows,
            options={
                "force_id": force.police_uk_id if force else "",
                "allow_shrink": allow_shrink,
                # How the import's messages name the file: as the analyst knows it, never
                # by where the server keeps it.
                "file_names": [Path(upload.name or "").name[:200]],
            },
        )
        folder = Path(settings.CRIMEPLAN_DATA_DIR) / "uploads" / f"run-{run.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        # Only the name's last part, with anything unusual replaced, is kept.
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(upload.name or "").name)[:120]
        target = folder / safe_name
        with target.open("wb") as sink:
            for chunk in upload.chunks():
                sink.write(chunk)
        run.source_paths = [str(target)]
        run.save(update_fields=["source_paths"])
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            instance=run,
            summary=f"Uploaded {safe_name} for import",
        )
        transaction.on_commit(lambda: import_uploaded_files.enqueue(run.pk))
    return run
