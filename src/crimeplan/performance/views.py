"""Performance pages: the live (draft) table and measure pages for members, definition,
commentary and publication for analysts, and the published reports for everyone."""

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.languages import ENGLISH, WELSH, html_lang, welsh_offered

from . import commentary, outputs, selectors, services
from .computed import ComputedTable, computed_table, measure_extras
from .engine import MeasureRow, Table
from .forms import AnnotationForm, CommentaryForm, FrameworkForm, PublishForm
from .models import Framework as FrameworkRecord
from .models import Snapshot, SnapshotFile
from .permissions import ANALYSTS, DRAFT_READERS
from .services import SNAPSHOT_FORMATS, WELSH_PDF
from .spc import MIN_RELIABLE_POINTS

PAGE_SIZE = 25
# The verdicts (`constants.Verdict`, in the Django-free engine) marked for translation: the
# public report page shows them in the page's language.
VERDICT_WORDS = (
    gettext_noop("significant improvement"),
    gettext_noop("significant deterioration"),
    gettext_noop("no significant change"),
    gettext_noop("significant change"),
    gettext_noop("not testable"),
)


def _record(slug: str) -> FrameworkRecord:
    record = get_object_or_404(selectors.framework_list(), slug=slug)
    if not record.versions.exists():
        raise Http404
    return record


@role_required(*DRAFT_READERS)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "performance/index.html",
        {
            "frameworks": selectors.framework_list(),
            "snapshots": selectors.snapshot_list()[:10],
            "is_analyst": viewer_for(request.user).has_any(ANALYSTS),
        },
    )


@role_required(*DRAFT_READERS)
@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    record = _record(slug)
    computed = computed_table(record)
    table = computed.table
    priorities = sorted({p for row in table.rows for p in row.measure.priorities})
    chosen = request.GET.get("priority", "")
    rows = [r for r in table.rows if not chosen or chosen in r.measure.priorities]
    comments = selectors.comments(record)
    viewer = viewer_for(request.user)
    return render(
        request,
        "performance/overview.html",
        {
            "record": record,
            "computed": computed,
            "table": table,
            "rows": rows,
            "priorities": priorities,
            "priority_titles": table.framework.priorities,
            "chosen": chosen if chosen in priorities else "",
            "is_analyst": viewer.has_any(ANALYSTS),
            "readiness": services.readiness(table, comments),
            "formats": ("csv", "xlsx", "ods", "pdf", "json"),
        },
    )


def _measure_row(record: FrameworkRecord, measure_id: str) -> tuple[ComputedTable, MeasureRow]:
    computed = computed_table(record)
    for row in computed.table.rows:
        if row.measure.id == measure_id:
            return computed, row
    raise Http404


@role_required(*DRAFT_READERS)
@require_safe
def measure(request: HttpRequest, slug: str, measure_id: str) -> HttpResponse:
    record = _record(slug)
    computed, row = _measure_row(record, measure_id)
    definition = computed.table.framework
    comment = selectors.comments(record).get(measure_id)
    rendered_comment = ""
    if comment:
        try:
            rendered_comment = commentary.render(comment.text, row, definition)
        except commentary.CommentError:
            rendered_comment = ""
    return render(
        request,
        "performance/measure.html",
        {
            "record": record,
            "computed": computed,
            "table": computed.table,
            "row": row,
            "printed": row.printed(),
            "comment": rendered_comment,
            "is_analyst": viewer_for(request.user).has_any(ANALYSTS),
            "minimum_points": MIN_RELIABLE_POINTS,
            **measure_extras(record, computed, row),
        },
    )


DRAFT_FORMATS = ("csv", "xlsx", "ods", "pdf", "json")


@role_required(*DRAFT_READERS)
@require_safe
@exports.download_view(*DRAFT_FORMATS, kwarg="fmt")
def draft_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    record = _record(slug)
    table = computed_table(record).table
    writers: dict[str, Callable[[Table], str | bytes]] = {
        "csv": outputs.to_csv,
        "json": lambda t: json.dumps(outputs.to_json(t), indent=2),
        "xlsx": outputs.to_xlsx,
        "ods": outputs.to_ods,
        "pdf": lambda t: outputs.to_pdf(t, draft=True),
    }
    return exports.download_response(
        request=request,
        content=writers[fmt](table),
        file_format=fmt,
        filename=f"{slug}-draft",
        subject=f"the draft performance table of {slug}",
        rows=len(table.rows),
        instance=record,
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def framework_new(request: HttpRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, _ = services.framework_save(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                toml=form.cleaned_data["toml"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("performance:overview", slug=record.slug)
    return render(request, "performance/framework_form.html", {"form": form, "record": None})


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, slug: str) -> HttpResponse:
    record = _record(slug)
    latest = selectors.latest_version(record)
    form = FrameworkForm(
        request.POST or None,
        request.FILES or None,
        fixed_slug=slug,
        initial={"toml": latest.toml},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_save(
                actor=request.user,
                slug=slug,
                toml=form.cleaned_data["toml"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("performance:overview", slug=slug)
    versions = Paginator(record.versions.select_related("created_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/framework_form.html",
        {"form": form, "record": record, "versions": versions},
    )


@role_required(*ANALYSTS)
@require_safe
@exports.download_view("toml")
def framework_export(request: HttpRequest, slug: str) -> HttpResponseBase:
    record = _record(slug)
    return exports.download_response(
        request=request,
        content=selectors.latest_version(record).toml,
        file_format="toml",
        filename=slug,
        subject=f"the framework definition of {slug}",
        instance=record,
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def commentary_edit(request: HttpRequest, slug: str, measure_id: str) -> HttpResponse:
    record = _record(slug)
    computed, row = _measure_row(record, measure_id)
    existing = selectors.comments(record).get(measure_id)
    initial = {
        "text": existing.text if existing else commentary.draft(row),
        "text_cy": existing.text_cy if existing else "",
    }
    with_welsh = welsh_offered()
    form = CommentaryForm(request.POST or None, initial=initial, with_welsh=with_welsh)
    if request.method == "POST" and form.is_valid():
        try:
            services.commentary_save(
                actor=request.user,
                record=record,
                measure_id=measure_id,
                text=form.cleaned_data["text"],
                text_cy=form.cleaned_data["text_cy"] if with_welsh else None,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("performance:measure", slug=slug, measure_id=measure_id)
    values = commentary.values(row, computed.table.framework)
    return render(
        request,
        "performance/commentary_form.html",
        {"form": form, "record": record, "row": row, "values": values},
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def annotation_add(request: HttpRequest, slug: str, measure_id: str) -> HttpResponse:
    record = _record(slug)
    _, row = _measure_row(record, measure_id)
    form = AnnotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annotation_add(
                actor=request.user, record=record, measure_id=measure_id, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("performance:measure", slug=slug, measure_id=measure_id)
    return render(
        request, "performance/annotation_form.html", {"form": form, "record": record, "row": row}
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    record = _record(slug)
    computed = computed_table(record)
    readiness = services.readiness(computed.table, selectors.comments(record))
    definition = computed.table.framework
    with_welsh = welsh_offered()
    form = PublishForm(
        request.POST or None,
        initial={
            "title": f"{definition.name}: {definition.current.label}",
            "title_cy": f"{definition.name_cy}: {definition.current.label_cy}"
            if definition.name_cy and definition.current.label_cy
            else "",
        },
        with_welsh=with_welsh,
    )
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.publish(
                actor=request.user,
                record=record,
                title=form.cleaned_data["title"],
                title_cy=form.cleaned_data.get("title_cy", ""),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("performance:published", slug=slug, number=snapshot.number)
    return render(
        request,
        "performance/publish.html",
        {"form": form, "record": record, "readiness": readiness, "computed": computed},
    )


# -- public -----------------------------------------------------------------------------------


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.snapshot_summaries(), PAGE_SIZE).get_page(request.GET.get("page"))
    # A Welsh reader is told of reports in English only: those published without Welsh.
    # (`title_cy` is the selector's annotation.)
    english_only = any(not getattr(s, "title_cy", None) for s in page.object_list)
    return render(
        request, "performance/published_list.html", {"page": page, "english_only": english_only}
    )


def _snapshot(slug: str, number: int) -> Snapshot:
    return get_object_or_404(selectors.snapshot_list(), framework__slug=slug, number=number)


@require_safe
def published(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    snapshot = _snapshot(slug, number)
    later = selectors.snapshot_list(snapshot.framework).filter(number__gt=number).first()
    document, doc_lang = _in_reader_language(snapshot)
    later_title, later_lang = ("", "")
    if later is not None:
        later_document, later_lang = _in_reader_language(later)
        later_title = later_document.get("title") or later.title
    return render(
        request,
        "performance/published.html",
        {
            "snapshot": snapshot,
            "document": document,
            "title": document.get("title") or snapshot.title,
            "doc_lang": doc_lang,
            "later": later,
            "later_title": later_title,
            "later_lang": later_lang,
            "formats": [
                f.format for f in snapshot.files.only("format") if f.format in SNAPSHOT_FORMATS
            ],
            "api_url": reverse("api:get_snapshot", kwargs={"slug": slug, "number": number}),
        },
    )


def _in_reader_language(snapshot: Snapshot) -> tuple[dict[str, Any], str]:
    """The report's document in the reader's language where it has a copy in it (Welsh),
    otherwise its English; with the document's `lang`."""
    if translation.get_language() == WELSH and snapshot.document_cy:
        return snapshot.document_cy, html_lang(WELSH)
    return snapshot.document, html_lang(ENGLISH)


@require_safe
@exports.download_view(*SNAPSHOT_FORMATS, kwarg="fmt")
def published_download(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponseBase:
    """The files written, through the export module, when the report was published."""
    snapshot = _snapshot(slug, number)
    # The PDF in the reader's language: the page they came from is in it. The spreadsheets
    # are data, in English.
    welsh_pdf = fmt == "pdf" and translation.get_language() == WELSH
    stored = (
        welsh_pdf and SnapshotFile.objects.filter(snapshot=snapshot, format=WELSH_PDF).first()
    ) or SnapshotFile.objects.filter(snapshot=snapshot, format=fmt).first()
    if stored is None:
        raise Http404
    return exports.download_response(
        request=request,
        content=bytes(stored.content),
        file_format=fmt,
        filename=f"{slug}-report-{number}" + ("-cy" if stored.format == WELSH_PDF else ""),
        subject=f"published performance report {number} of {slug}",
        instance=snapshot,
    )
