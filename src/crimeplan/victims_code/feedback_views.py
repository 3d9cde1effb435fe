"""Victims' feedback pages for OPCC staff: the quarters held, importing one, a quarter's
estimates, and publishing them. Thin: the reads and the import are feedback_services'."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for

from .feedback_forms import FeedbackImportForm
from .feedback_services import (
    FeedbackFile,
    FeedbackImportError,
    feedback_estimate_rows,
    feedback_survey_import,
    feedback_survey_publish,
)
from .models import FeedbackSurvey
from .permissions import FEEDBACK_PUBLISHERS, FEEDBACK_READERS


@role_required(*FEEDBACK_READERS)
@require_safe
def feedback_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "victims_code/feedback_list.html",
        {"surveys": FeedbackSurvey.objects.all()},
    )


@role_required(*FEEDBACK_READERS)
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_import(request: HttpRequest) -> HttpResponse:
    form = FeedbackImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for upload in (data["codebook"], data["responses"]):
            upload.seek(0)
        try:
            survey = feedback_survey_import(
                year=data["year"],
                quarter=data["quarter"],
                codebook=FeedbackFile(data["codebook"].name, data["codebook"].file),
                responses=FeedbackFile(data["responses"].name, data["responses"].file),
                population_lines=form.population_lines(),
                population_source="Victims in the quarter by group",
                min_per_group=data["min_per_group"],
                min_base=data["min_base"],
                actor=request.user,
            )
        except FeedbackImportError as error:
            for line in str(error).splitlines():
                form.add_error(None, line)
        else:
            messages.success(
                request, f"Imported {survey.respondents} responses for {survey.period}."
            )
            return redirect("victims_code:feedback_detail", survey.year, survey.quarter)
    return render(request, "victims_code/feedback_import.html", {"form": form})


@role_required(*FEEDBACK_READERS)
@require_safe
def feedback_detail(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    survey = get_object_or_404(FeedbackSurvey, year=year, quarter=quarter)
    rows = feedback_estimate_rows(survey=survey)
    questions: dict[str, list[object]] = {}
    for row in rows:
        questions.setdefault(row.question, []).append(row)
    return render(
        request,
        "victims_code/feedback_detail.html",
        {
            "survey": survey,
            "questions": list(questions.values()),
            "may_publish": viewer_for(request.user).has_any(FEEDBACK_PUBLISHERS),
        },
    )


@role_required(*FEEDBACK_PUBLISHERS)
@require_POST
def feedback_publish(request: HttpRequest, year: int, quarter: int) -> HttpResponseBase:
    survey = get_object_or_404(FeedbackSurvey, year=year, quarter=quarter)
    publish = request.POST.get("publish") == "yes"
    feedback_survey_publish(survey=survey, published=publish, actor=request.user)
    messages.success(
        request,
        f"{'Published' if publish else 'Withdrew'} the estimates for {survey.period}.",
    )
    return redirect("victims_code:feedback_detail", survey.year, survey.quarter)
