"""The Victims' Code pages: thin, each checks the viewer, calls a selector or a service, and
renders. The public figures page and its downloads need no sign-in; a returning agency's
partner editors make its returns; the OPCC's staff see every return and hold the review."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import add_validation_errors

from . import figures, forms, selectors, services
from .constants import (
    COLUMNS,
    MAX_FILE_BYTES,
    VictimsRight,
    period_label,
    period_words,
    previous_quarter,
)
from .models import ReturningAgency, ReviewAction, ReviewMeeting
from .permissions import FEEDBACK_READERS, RETURN_MAKERS, RETURN_READERS, REVIEW_MANAGERS
from .reading import ReturnError

DOWNLOAD_FORMATS = ("csv", "xlsx", "ods")
TEMPLATE_FORMATS = ("csv", "xlsx")
MAKERS_AND_READERS = (*RETURN_READERS, *RETURN_MAKERS)


def _quarter_asked(request: HttpRequest) -> tuple[int, int] | None:
    """The quarter in ?quarter=2025-3 if it has returns, else the latest with returns."""
    quarters = selectors.quarters_returned()
    asked = request.GET.get("quarter", "")
    for year, quarter in quarters:
        if asked == f"{year}-{quarter}":
            return year, quarter
    if asked:
        raise Http404("No returns for that quarter")
    return quarters[0] if quarters else None


def _figures_context(year: int, quarter: int) -> dict[str, Any]:
    rows = selectors.compliance_figures(year=year, quarter=quarter)
    return {
        "year": year,
        "quarter": quarter,
        "period": period_words(year, quarter),
        "previous": period_words(*previous_quarter(year, quarter)),
        "table": selectors.figure_dicts(rows),
        "labels": selectors.RIGHT_LABELS,
        "all_agencies": figures.ALL_AGENCIES,
        "missing": selectors.missing_returns(year=year, quarter=quarter),
    }


# Public -------------------------------------------------------------------------------------


@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    chosen = _quarter_asked(request)
    context: dict[str, Any] = {
        "quarters": [(y, q, period_words(y, q)) for y, q in selectors.quarters_returned()],
        "formats": DOWNLOAD_FORMATS,
    }
    if chosen:
        context |= _figures_context(*chosen)
        context["feedback"] = selectors.feedback_summary(
            year=chosen[0], quarter=chosen[1], public=True
        )
    return render(request, "victims_code/figures.html", context)


@require_safe
@exports.download_view(*DOWNLOAD_FORMATS, kwarg="file_format")
def figures_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    chosen = _quarter_asked(request)
    rows = selectors.compliance_figures(year=chosen[0], quarter=chosen[1]) if chosen else []
    stem = f"victims-code-compliance-{chosen[0]}-q{chosen[1]}" if chosen else "victims-code"
    return exports.table_response(
        request=request,
        rows=selectors.figure_dicts(rows),
        columns=figures.COLUMNS,
        file_format=file_format,
        filename=stem,
        subject="the Victims' Code compliance figures",
        title="Victims' Code compliance",
        filters={"quarter": period_label(*chosen) if chosen else ""},
        object_type="victims_code.ComplianceReturn",
        about=exports.About(
            source="Victims' Code compliance returns made to the OPCC by the criminal justice "
            "agencies",
            as_at=timezone.localdate(),
        ),
    )


@require_safe
@exports.download_view(*TEMPLATE_FORMATS, kwarg="file_format")
def template_download(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The blank template: one line per right, agency and quarter to fill in."""
    rows = [
        {"agency": "", "year": "", "quarter": "", "right": code, "eligible": "", "complied": ""}
        | {"note": ""}
        for code, _label in VictimsRight.choices
    ]
    return exports.table_response(
        request=request,
        rows=rows,
        columns=list(COLUMNS),
        file_format=file_format,
        filename="victims-code-return-template",
        subject="the Victims' Code return template",
        title="Return",
        object_type="victims_code.ComplianceReturn",
    )


# Returns ------------------------------------------------------------------------------------


@role_required(*MAKERS_AND_READERS)
@require_safe
def return_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    returns = selectors.return_list(viewer=viewer)
    sees_all = viewer.has_any(RETURN_READERS)
    makes = selectors.agencies_for(viewer=viewer).exists()
    if not sees_all and not makes and not returns.exists():
        raise Http404("Your organisation makes no Victims' Code returns")
    latest = selectors.latest_quarter()
    return render(
        request,
        "victims_code/return_list.html",
        {
            "returns": returns[:100],
            "sees_all": sees_all,
            "makes": makes,
            "manages": selectors.manages_reviews(viewer),
            "reads_feedback": viewer.has_any(FEEDBACK_READERS),
            "missing": selectors.missing_returns(year=latest[0], quarter=latest[1])
            if sees_all and latest
            else [],
            "latest": period_label(*latest) if latest else "",
        },
    )


@role_required(*MAKERS_AND_READERS)
@require_safe
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.return_list(viewer=viewer_for(request.user)), pk=pk)
    return render(
        request,
        "victims_code/return_detail.html",
        {"record": record, "lines": record.lines.all(), "labels": selectors.RIGHT_LABELS},
    )


def _maker_agencies(request: HttpRequest) -> Any:
    agencies = selectors.agencies_for(viewer=viewer_for(request.user))
    if not agencies.exists():
        raise Http404("You make no Victims' Code returns")
    return agencies


@role_required(*REVIEW_MANAGERS, *RETURN_MAKERS)
@require_http_methods(["GET", "HEAD", "POST"])
def return_upload(request: HttpRequest) -> HttpResponse:
    agencies = _maker_agencies(request)
    form = forms.UploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.return_upload(
                agency=form.cleaned_data["agency"],
                name=str(upload.name),
                content=upload.read(MAX_FILE_BYTES + 1),
                actor=request.user,
                today=timezone.localdate(),
            )
        except ReturnError as error:
            problems = error.problems
            form.add_error("file", "The return was not saved: correct the problems listed")
        else:
            messages.success(request, f"Saved the return for {record.period}")
            return redirect(record)
    return render(request, "victims_code/upload.html", {"form": form, "problems": problems})


@role_required(*REVIEW_MANAGERS, *RETURN_MAKERS)
@require_http_methods(["GET", "HEAD", "POST"])
def return_enter(request: HttpRequest) -> HttpResponse:
    agencies = _maker_agencies(request)
    form = forms.EnterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.return_enter(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                lines=form.raw_lines(),
                actor=request.user,
                today=timezone.localdate(),
            )
        except ReturnError as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, f"Saved the return for {record.period}")
            return redirect(record)
    rights = [
        (label, [form[forms.line_field(n, p)] for p in ("eligible", "complied", "note")])
        for n, (_code, label) in enumerate(forms.RIGHTS, start=1)
    ]
    return render(request, "victims_code/enter.html", {"form": form, "rights": rights})


# Returning agencies -------------------------------------------------------------------------


@role_required(*RETURN_READERS)
@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "victims_code/agency_list.html",
        {
            "agencies": selectors.agencies(include_archived=True),
            "manages": selectors.manages_reviews(viewer_for(request.user)),
        },
    )


@role_required(*REVIEW_MANAGERS)
@require_http_methods(["GET", "HEAD", "POST"])
def agency_add(request: HttpRequest) -> HttpResponse:
    form = forms.AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_add(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Returns are now expected from {agency}")
            return redirect("victims_code:agency_list")
    return _form_page(request, form, heading="Expect returns from an agency", button="Save")


@role_required(*REVIEW_MANAGERS)
@require_POST
def agency_archive(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(ReturningAgency, pk=pk)
    try:
        services.agency_archive(agency=agency, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Returns are no longer expected from {agency}")
    return redirect("victims_code:agency_list")


def _form_page(request: HttpRequest, form: Any, *, heading: str, button: str) -> HttpResponse:
    return render(
        request, "victims_code/form.html", {"form": form, "heading": heading, "button": button}
    )


# The joint review ---------------------------------------------------------------------------


@role_required(*RETURN_READERS)
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "victims_code/meeting_list.html",
        {
            "meetings": selectors.meeting_list(viewer=viewer),
            "manages": selectors.manages_reviews(viewer),
        },
    )


@role_required(*RETURN_READERS)
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    meeting = get_object_or_404(selectors.meeting_list(viewer=viewer), pk=pk)
    context = _figures_context(meeting.year, meeting.quarter) | {
        "meeting": meeting,
        "actions": meeting.actions.select_related("owner"),
        "cases": selectors.case_findings(year=meeting.year, quarter=meeting.quarter),
        "feedback": selectors.feedback_summary(year=meeting.year, quarter=meeting.quarter),
        "manages": selectors.manages_reviews(viewer),
    }
    return render(request, "victims_code/meeting_detail.html", context)


@role_required(*REVIEW_MANAGERS)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(ReviewMeeting, pk=pk) if pk else ReviewMeeting()
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(meeting=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved the joint review of {saved.period}")
            return redirect(saved)
    heading = "Change the joint review" if pk else "Record a joint review meeting"
    return _form_page(request, form, heading=heading, button="Save")


@role_required(*REVIEW_MANAGERS)
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(
    request: HttpRequest, meeting_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        action = get_object_or_404(ReviewAction.objects.select_related("meeting"), pk=pk)
    else:
        action = ReviewAction(meeting=get_object_or_404(ReviewMeeting, pk=meeting_pk))
    form = forms.ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_save(action=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Saved the action")
            return redirect(saved.meeting)
    heading = "Change an action" if pk else f"Add an action agreed at {action.meeting}"
    return _form_page(request, form, heading=heading, button="Save")
