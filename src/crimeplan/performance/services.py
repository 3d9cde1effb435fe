"""Changes to frameworks, annotations and commentary, and publication; each is audited."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_change, audit_record, audited_change, audited_delete
from crimeplan.core import exports
from crimeplan.core.languages import WELSH, welsh_offered
from crimeplan.geography.models import Force

from . import commentary, outputs, selectors, welsh
from .charts import xmr_chart
from .computed import computed_table
from .contracts import SCHEMA_VERSION
from .engine import Table
from .framework import Framework, FrameworkError, loads
from .models import (
    Annotation,
    Commentary,
    FrameworkVersion,
    PrintedTable,
    Snapshot,
    SnapshotFile,
)
from .models import Framework as FrameworkRecord
from .spc import MIN_RELIABLE_POINTS, SeriesError, xmr

SNAPSHOT_FORMATS = ("csv", "xlsx", "ods", "pdf")
# The stored format of a Welsh copy's PDF, served as "pdf" to a reader of the Welsh page.
WELSH_PDF = "pdf-cy"


def framework_save(
    *, actor: Any, slug: str, toml: str, note: str = ""
) -> tuple[FrameworkRecord, FrameworkVersion]:
    """Saves a new version of the framework `slug` (creating it on first save)."""
    try:
        definition = loads(toml)
    except FrameworkError as error:
        raise ValidationError({"toml": str(error)}) from None
    force = Force.objects.filter(police_uk_id=definition.force).first()
    if force is None:
        raise ValidationError({"toml": f"force: {definition.force!r} is not a police.uk force id"})
    with transaction.atomic():
        record, created = FrameworkRecord.objects.select_for_update().get_or_create(
            slug=slug, defaults={"force": force}
        )
        if record.force_id != force.pk:
            raise ValidationError(
                {
                    "toml": f"force: this framework is {record.force.police_uk_id}'s, not "
                    f"{definition.force}'s"
                }
            )
        latest = record.versions.aggregate(n=Max("number"))["n"] or 0
        previous = record.versions.filter(number=latest).first()
        if previous is not None and previous.toml == toml:
            return record, previous
        version = FrameworkVersion.objects.create(
            framework=record,
            number=latest + 1,
            name=definition.name,
            toml=toml,
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.CHANGE,
            instance=version,
            summary=f"Saved version {version.number} of framework {slug}",
            before={"toml": previous.toml} if previous else None,
            after={"toml": toml, "note": note},
        )
    return record, version


def annotation_add(
    *,
    actor: Any,
    record: FrameworkRecord,
    measure_id: str,
    month: datetime.date,
    kind: str,
    text: str,
    rebase: bool,
) -> Annotation:
    definition = selectors.definition(selectors.latest_version(record))
    try:
        definition.measure(measure_id)
    except KeyError:
        raise ValidationError({"measure_id": "not a measure of this framework"}) from None
    with transaction.atomic():
        annotation = Annotation.objects.create(
            framework=record,
            measure_id=measure_id,
            month=month.replace(day=1),
            kind=kind,
            text=text,
            rebase=rebase,
            created_by=actor,
        )
        audit_change(
            actor=actor,
            instance=annotation,
            summary=f"Marked {month:%Y-%m} on {measure_id}: {text}",
        )
    return annotation


def annotation_delete(*, actor: Any, annotation: Annotation) -> None:
    with transaction.atomic():
        audited_delete(
            annotation,
            actor=actor,
            summary=f"Removed the mark at {annotation.month:%Y-%m} on {annotation.measure_id}",
        )


def commentary_save(
    *, actor: Any, record: FrameworkRecord, measure_id: str, text: str, text_cy: str | None = None
) -> Commentary:
    """Saves the comment on a measure; `text_cy`, its Welsh (None leaves the Welsh as it
    is), is checked as the English is."""
    errors = {}
    for field_name, value in (("text", text), ("text_cy", text_cy or "")):
        try:
            commentary.check(value)
        except commentary.CommentError as error:
            errors[field_name] = str(error)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = (
            Commentary.objects.select_for_update()
            .filter(framework=record, measure_id=measure_id)
            .first()
        )
        if existing is None:
            existing = Commentary(framework=record, measure_id=measure_id)
        with audited_change(existing, actor=actor, summary=f"Comment on {measure_id}"):
            if text_cy is not None:
                existing.text_cy = text_cy
            elif text != existing.text:
                # Welsh written for the old English would no longer say the same: it is
                # asked for again where Welsh is offered.
                existing.text_cy = ""
            existing.text = text
            existing.updated_by = actor
            existing.save()
    return existing


# -- publication ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    missing_comments: list[str]  # names of measures whose aim is not met, without a comment
    # Where the site offers Welsh: what the report's Welsh copy needs and lacks (welsh.py).
    missing_welsh: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing_comments and not self.missing_welsh


def readiness(table: Table, comments: dict[str, Commentary]) -> Readiness:
    return Readiness(
        [
            row.measure.name
            for row in table.rows
            if row.aim_met is False
            and not (comments.get(row.measure.id) and comments[row.measure.id].text.strip())
        ],
        welsh.welsh_gaps(table.framework, table, comments) if welsh_offered() else [],
    )


def measure_chart(
    record: FrameworkRecord, definition: Framework, measure_id: str, *, language: str = ""
) -> dict[str, Any]:
    """The measure's XmR chart and its summary, or why there is none; worded in `language`
    (with the framework's Welsh names, for Welsh) where one is given, else in English."""
    with translation.override(language or "en-gb"):
        return _measure_chart(record, definition, measure_id, welsh=language == WELSH)


def _measure_chart(
    record: FrameworkRecord, definition: Framework, measure_id: str, *, welsh: bool
) -> dict[str, Any]:
    measure = definition.measure(measure_id)
    name = (welsh and measure.name_cy) or measure.name
    series = selectors.monthly_series(definition, measure)
    marks = list(selectors.annotations(record, measure_id))
    source = gettext(series.source)
    if len(series.months) < 2:
        return {
            "svg": "",
            "summary": gettext("No monthly series: %(source)s.") % {"source": source},
            "points": [],
        }
    try:
        result = xmr(
            series.months,
            series.values,
            aim=measure.aim,
            rebase=[a.month for a in marks if a.rebase and a.month in series.months],
        )
    except SeriesError as error:
        # The reason is the SPC module's (English); a Welsh copy says the series cannot be
        # charted.
        summary = gettext("The monthly series cannot be charted.") if welsh else str(error)
        return {"svg": "", "summary": summary, "points": []}
    latest = result.points[-1]
    special = [p for p in result.points if p.rules]
    words = {
        "months": len(result.points),
        "measure": name,
        "source": source,
        "first": date_format(series.months[0], "F Y"),
        "last": date_format(series.months[-1], "F Y"),
        "mean": f"{latest.mean:.1f}",
        "lower": f"{latest.lower_limit:.1f}",
        "upper": f"{latest.upper_limit:.1f}",
        "special": len(special),
        "improvement": sum(p.point_type.value == "improvement" for p in special),
        "concern": sum(p.point_type.value == "concern" for p in special),
    }
    summary = (
        gettext(
            "%(months)s months of %(measure)s from %(source)s, %(first)s to %(last)s. The mean "
            "of the latest period is %(mean)s, with process limits %(lower)s to %(upper)s."
        )
        % words
        + " "
        + (
            gettext(
                "%(special)s months show special-cause variation (%(improvement)s improvement, "
                "%(concern)s concern)."
            )
            % words
            if special
            else gettext("Every month is within common-cause variation.")
        )
        + "".join(" " + _spc_warning(warning) for warning in result.short_segments)
    )
    chart = xmr_chart(
        result,
        title=gettext("%(measure)s: monthly XmR chart") % {"measure": name},
        description=summary,
        annotations=[(f"{a.month:%Y-%m}", a.text) for a in marks],
        translated=welsh,
    )
    return {
        "svg": chart.svg,
        "summary": summary,
        "points": list(result.points),
        "key": chart.key,
        # Segments whose limits are trial limits (fewer points than reliable limits need),
        # for a warning before the chart: (first month, points used).
        "trial": list(result.short_segments),
    }


def _spc_warning(segment: tuple[datetime.date, int]) -> str:
    start, used = segment
    return gettext(
        "The limits from %(start)s rest on %(used)s points; %(needed)s or more are needed for "
        "reliable limits."
    ) % {"start": f"{start:%Y-%m}", "used": used, "needed": MIN_RELIABLE_POINTS}


def publish(*, actor: Any, record: FrameworkRecord, title: str, title_cy: str = "") -> Snapshot:
    """Freezes the current table, its comments and charts as the next numbered snapshot; where
    the site offers Welsh, with its Welsh copy (`title_cy` its title) and that copy's PDF."""
    with transaction.atomic():
        FrameworkRecord.objects.select_for_update().get(pk=record.pk)
        computed = computed_table(record)
        comments = selectors.comments(record)
        check = readiness(computed.table, comments)
        if check.missing_comments:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: "Every measure whose aim is not met needs a comment "
                    "before publication: " + ", ".join(check.missing_comments)
                }
            )
        if check.missing_welsh:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: "The site offers Welsh, so the report is published in "
                    "Welsh too, and its Welsh copy needs " + "; ".join(check.missing_welsh) + "."
                }
            )
        with_welsh = welsh_offered()
        if with_welsh and not title_cy.strip():
            raise ValidationError({"title_cy": "Enter the report's title in Welsh"})
        definition = selectors.definition(computed.version)
        rendered = commentary.rendered_comments(
            {k: c.text for k, c in comments.items()}, computed.table.rows, definition
        )
        document = {"schema_version": SCHEMA_VERSION, **outputs.to_json(computed.table)}
        document["data_notes"] = list(computed.notes)
        for row in document["measures"]:
            row["comment"] = rendered.get(row["id"], "")
            chart = measure_chart(record, definition, row["id"])
            row["chart_svg"] = chart["svg"]
            row["chart_summary"] = chart["summary"]
        document_cy = None
        if with_welsh:
            document_cy = welsh.welsh_document(
                document=document,
                table=computed.table,
                notes=computed.notes,
                definition=definition,
                comments_cy={k: c.text_cy for k, c in comments.items() if c.text_cy.strip()},
                title_cy=title_cy.strip(),
                chart=lambda measure_id: measure_chart(
                    record, definition, measure_id, language=WELSH
                ),
            )
        number = (record.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot = Snapshot.objects.create(
            framework=record,
            number=number,
            framework_version=computed.version,
            title=title,
            published_by=actor,
            document=json.loads(json.dumps(document)),
            document_cy=json.loads(json.dumps(document_cy)) if document_cy else None,
        )
        # The published files are the public's downloads: each carries its provenance.
        about = exports.About(
            source=f"{definition.name}: police recorded crime and the measures it names, "
            "computed by crimeplan from the data sources the framework lists",
            as_at=timezone.localdate(),
        )
        writers = {
            "csv": lambda t: outputs.to_csv(t, about).encode("utf-8"),
            "xlsx": lambda t: outputs.to_xlsx(t, about),
            "ods": lambda t: outputs.to_ods(t, about),
            "pdf": lambda t: outputs.to_pdf(t, title=title, comments=rendered, about=about),
        }
        for fmt in SNAPSHOT_FORMATS:
            SnapshotFile.objects.create(
                snapshot=snapshot, format=fmt, content=writers[fmt](computed.table)
            )
        if document_cy is not None:
            SnapshotFile.objects.create(
                snapshot=snapshot,
                format=WELSH_PDF,
                content=welsh.pdf_bytes(document_cy, published_on=about.as_at),
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=snapshot,
            summary=f"Published report {number} of {record.slug}: {title}",
            after={
                "number": number,
                "framework_version": computed.version.number,
                "welsh_copy": document_cy is not None,
            },
        )
    return snapshot


def printed_table_load(
    *,
    rows: list[dict[str, object]],
    title: str,
    source: str,
    baseline_label: str,
    current_label: str,
    actor: Any,
) -> PrintedTable:
    """Keeps a table printed in an earlier publication (rows as read by
    `printed.read_printed_table`), for a plan update that names no framework."""
    loaded = PrintedTable.objects.create(
        title=title,
        source=source,
        baseline_label=baseline_label,
        current_label=current_label,
        rows=rows,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=loaded,
        summary=f"Loaded performance snapshot {title!r} ({len(rows)} rows)",
    )
    return loaded
