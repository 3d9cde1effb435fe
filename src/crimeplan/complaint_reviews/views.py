"""Complaint review pages: the public application and figures, the review officers' cases.

Views are thin: each checks the viewer, parses a form, calls one service or selector, and
renders. Only the review officers (`permissions.REVIEWERS`) open a case.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.audit.decorators import sensitive_page
from crimeplan.core import exports, publicforms
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.languages import name_in

from . import figures, forms, letters, selectors, services
from .constants import PAGE_SIZE, Channel, LetterKind
from .models import ComplaintReview, Recommendation
from .permissions import REVIEWERS

SESSION_REFERENCE = "complaint_review_reference"
DOWNLOAD_FORMATS = ("csv", "xlsx", "ods")
# At most CRIMEPLAN_COMPLAINT_APPLICATIONS_PER_HOUR accepted applications an hour from one
# network (core/publicforms.py), counted once an application is accepted.
APPLICATIONS = publicforms.PublicFormLimit(
    "complaint-review-apply", 10, setting="CRIMEPLAN_COMPLAINT_APPLICATIONS_PER_HOUR"
)


def _today() -> datetime.date:
    return timezone.localdate()


def _review(request: HttpRequest, pk: int) -> ComplaintReview:
    return get_object_or_404(selectors.review_list(viewer=viewer_for(request.user)), pk=pk)


def _application_fields(form: django_forms.Form) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) or "" for name in services.APPLICATION_FIELDS} | {
        "outcome_letter_on": form.cleaned_data["outcome_letter_on"]
    }


# The public application -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The public application: no account; nothing is stored until it is complete."""
    form = forms.PublicApplicationForm(request.POST or None)
    if request.method == "POST":
        refused = publicforms.refusal(
            request,
            limit=APPLICATIONS,
            as_if_done=lambda: render(
                request, "complaint_reviews/apply_done.html", {"reference": None}
            ),
        )
        if refused is not None:
            return refused
        if form.is_valid():
            try:
                review = services.review_submit(
                    actor=None,
                    channel=Channel.WEB,
                    received_on=_today(),
                    **_application_fields(form),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                APPLICATIONS.record(request)
                services.application_confirm(review=review)
                request.session[SESSION_REFERENCE] = review.reference
                return redirect("complaint_reviews:apply_done")
    return render(request, "complaint_reviews/apply.html", {"form": form, "staff": False})


@require_safe
def apply_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("complaint_reviews:apply")
    return render(request, "complaint_reviews/apply_done.html", {"reference": reference})


# Published figures ------------------------------------------------------------------------


@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    rows = selectors.quarterly_figures()
    return render(
        request,
        "complaint_reviews/figures.html",
        {
            "rows": list(reversed(rows)),
            "target": services.decision_target_working_days(),
            "formats": DOWNLOAD_FORMATS,
        },
    )


@require_safe
@exports.download_view(*DOWNLOAD_FORMATS, kwarg="file_format")
def figures_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    return exports.table_response(
        request=request,
        rows=selectors.quarterly_figures(),
        columns=figures.COLUMNS,
        file_format=file_format,
        filename="complaint-reviews-by-quarter",
        subject="the complaint review figures by quarter",
        title="Complaint reviews",
        object_type="complaint_reviews.ComplaintReview",
        about=exports.About(
            source="Police complaint review applications and decisions recorded by the OPCC "
            "in crimeplan",
            as_at=timezone.localdate(),
        ),
    )


# The review officers' pages ---------------------------------------------------------------


@role_required(*REVIEWERS)
@require_safe
@sensitive_page("the complaint review list")
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.review_list(viewer=viewer_for(request.user))
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaint_reviews/review_list.html", {"page": page})


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    """An application that came by post, e-mail or phone, entered by a review officer."""
    form = forms.StaffApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_submit(
                actor=request.user,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on_date"],
                **_application_fields(form),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Application {review.reference} recorded.")
            return redirect("complaint_reviews:review_detail", pk=review.pk)
    return render(request, "complaint_reviews/apply.html", {"form": form, "staff": True})


@role_required(*REVIEWERS)
@require_safe
@sensitive_page("a complaint review")
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return render(
        request,
        "complaint_reviews/review_detail.html",
        {
            "review": review,
            "timers": selectors.review_timers(review, today=_today()),
            "recommendations": review.recommendations.all(),
            "events": review.events.select_related("actor"),
            "letter_kinds": LetterKind,
        },
    )


def _step(
    request: HttpRequest,
    review: ComplaintReview,
    form: django_forms.Form,
    *,
    heading: str,
    button: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One step of a case: the form, then the service; its errors go back on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("complaint_reviews:review_detail", pk=review.pk)
    return render(
        request,
        "complaint_reviews/step_form.html",
        {"form": form, "review": review, "heading": heading, "button": button},
    )


def _dated(request: HttpRequest) -> forms.DateForm:
    return forms.DateForm(request.POST or None, initial={"on": _today()})


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_validity(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.ValidityForm(request.POST or None, initial={"on": _today()})
    return _step(
        request,
        review,
        form,
        heading="Is the application valid?",
        button="Record the decision",
        save=lambda data: services.review_check_validity(
            actor=request.user,
            review=review,
            on=data["on"],
            reviewable=data["reviewable"],
            already_reviewed=data["already_reviewed"],
            late_accepted=data["late_accepted"],
            discretion_reason=data["discretion_reason"],
        ),
        done="Validity recorded.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return _step(
        request,
        review,
        _dated(request),
        heading="Record the acknowledgment",
        button="Record",
        save=lambda data: services.review_acknowledge(
            actor=request.user, review=review, on=data["on"]
        ),
        done="Acknowledgment recorded.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_request_file(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return _step(
        request,
        review,
        _dated(request),
        heading="Record the request to the force for its file",
        button="Record",
        save=lambda data: services.review_request_file(
            actor=request.user, review=review, on=data["on"]
        ),
        done="Request for the file recorded.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_file_received(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return _step(
        request,
        review,
        _dated(request),
        heading="Record the force's file received",
        button="Record",
        save=lambda data: services.review_record_file_received(
            actor=request.user, review=review, on=data["on"]
        ),
        done="File received.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.ConflictForm(request.POST or None, initial={"on": _today()})
    return _step(
        request,
        review,
        form,
        heading="Declare any conflict of interest",
        button="Declare",
        save=lambda data: services.review_declare_conflict(
            actor=request.user, review=review, has_conflict=data["has_conflict"], on=data["on"]
        ),
        done="Declaration recorded.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.DecisionForm(request.POST or None, initial={"on": _today()})
    return _step(
        request,
        review,
        form,
        heading="Record the decision",
        button="Record the decision",
        save=lambda data: services.review_decide(
            actor=request.user,
            review=review,
            finding=data["finding"],
            reasons=data["reasons"],
            on=data["on"],
            recommendations=form.recommendation_lines(),
        ),
        done="Decision recorded.",
    )


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def recommendation_response(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.filter(
            review__in=selectors.review_list(viewer=viewer_for(request.user))
        ),
        pk=pk,
    )
    form = forms.ResponseForm(request.POST or None)
    return _step(
        request,
        recommendation.review,
        form,
        heading="Record the force's reply to the recommendation",
        button="Record the reply",
        save=lambda data: services.recommendation_record_response(
            actor=request.user,
            recommendation=recommendation,
            accepted=data["accepted"],
            responded_on=data["responded_on"],
            acted_on=data["acted_on"],
        ),
        done="The force's reply recorded.",
    )


def _letter(request: HttpRequest, pk: int, kind: str) -> tuple[ComplaintReview, letters.Letter]:
    """The review and its letter of `kind`; raises LetterNotReady if the case is not there."""
    review = _review(request, pk)
    if kind not in LetterKind.values:
        raise Http404("No such letter")
    body = name_in(
        review.correspondence_language,
        settings.CRIMEPLAN_OPCC_NAME,
        settings.CRIMEPLAN_OPCC_NAME_CY,
    )
    built = letters.letter_for(review, LetterKind(kind), body=body, today=_today())
    return review, built


@role_required(*REVIEWERS)
@require_safe
@sensitive_page("a complaint review letter")
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    try:
        review, built = _letter(request, pk, kind)
    except letters.LetterNotReady as error:
        messages.error(request, str(error))
        return redirect("complaint_reviews:review_detail", pk=pk)
    return render(request, "complaint_reviews/letter.html", {"letter": built, "review": review})


@role_required(*REVIEWERS)
@require_safe
@exports.download_view("pdf")
def letter_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    """The letter as a tagged PDF, through the one download path (audited)."""
    try:
        review, built = _letter(request, pk, kind)
    except letters.LetterNotReady:
        raise Http404("This letter cannot be written yet") from None
    return exports.download_response(
        request=request,
        content=letters.letter_pdf(built),
        file_format="pdf",
        filename=f"{review.reference}-{kind}",
        subject=f"{review.reference}: {built.kind.label.lower()} letter",
        instance=review,
    )
