"""The public grant application: no account needed; GOV.UK question pages, check your
answers, a confirmation with a reference, and a save-and-return link by e-mail.

The link's secret (the draft's `resume_token`) is what gives access to a draft; nothing the
applicant typed is lost on an error, because each page re-renders what was posted.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.core import languages, publicforms
from crimeplan.core.forms import add_validation_errors
from crimeplan.core.money import format_pence, pence_to_pounds_text

from .. import forms, selectors, services
from ..constants import ApplicationStatus
from ..models import Application, Round

STEPS = ["eligibility", "organisation", "project", "funding", "attachments"]
STEP_TITLES = {
    "eligibility": _("Check you can apply"),
    "organisation": _("About your organisation"),
    "project": _("About your project"),
    "funding": _("How much you are asking for"),
    "attachments": _("Supporting documents"),
}
# Where each answer is asked, for error links and "Change" links on check your answers.
FIELD_STEP = {
    "eligibility_answers": "eligibility",
    "organisation_name": "organisation",
    "organisation_type": "organisation",
    "contact_name": "organisation",
    "contact_email": "organisation",
    "project_title": "project",
    "project_summary": "project",
    "amount_requested_pence": "funding",
    "amount": "funding",
    "match_funding": "funding",
    "match_funding_form": "funding",
    "labour": "funding",
}
RATE_LIMIT = 20  # new applications or e-mailed links per network per hour
# Every attempt counts (core/publicforms.py: per client network per hour, in memory or Redis,
# never the database).
BEGIN = publicforms.PublicFormLimit("commissioning-begin", RATE_LIMIT)
SAVE = publicforms.PublicFormLimit("commissioning-save", RATE_LIMIT)
# Every upload counts, accepted or refused, since each cost the bytes it carried; a post that
# only continues to the next page does not.
ATTACHMENTS = publicforms.PublicFormLimit(
    "commissioning-attachment", 0, setting="CRIMEPLAN_GRANT_ATTACHMENT_UPLOADS_PER_HOUR"
)


def _attachment_throttled(request: HttpRequest) -> bool:
    """True past CRIMEPLAN_GRANT_ATTACHMENT_UPLOADS_PER_HOUR uploads from the network."""
    return bool(request.FILES) and not ATTACHMENTS.allow(request)


def _draft(token: str) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("round__fund"), resume_token=token
    )
    if application.status != ApplicationStatus.DRAFT:
        raise Http404
    return application


@require_safe
def apply_start(request: HttpRequest) -> HttpResponse:
    return render(request, "commissioning/apply_start.html", {"rounds": selectors.open_rounds()})


@require_POST
def apply_begin(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    if not BEGIN.allow(request):
        return publicforms.too_many(request)
    try:
        application = services.application_start(round=round_)
    except ValidationError:
        raise Http404 from None
    return redirect("commissioning:apply_step", token=application.resume_token, step=STEPS[0])


def _step_form(application: Application, step: str, data: Any = None, files: Any = None) -> Any:
    round_ = application.round
    if step == "eligibility":
        initial = {
            f"q{k}": "yes" if v else "no" for k, v in application.eligibility_answers.items()
        }
        return forms.EligibilityForm(data, initial=initial, questions=round_.questions.all())
    if step == "organisation":
        return forms.OrganisationDetailsForm(
            data,
            initial={
                f: getattr(application, f)
                for f in ["organisation_name", "organisation_type", "contact_name", "contact_email"]
            }
            # Once the page was saved, the language chosen on it; before, the page's language.
            | (
                {"correspondence_language": application.correspondence_language}
                if application.contact_email
                else {}
            ),
        )
    if step == "project":
        return forms.ProjectForm(
            data,
            initial={
                "project_title": application.project_title,
                "project_summary": application.project_summary,
                "district": application.district_id,
            },
        )
    if step == "funding":
        return forms.FundingForm(
            data,
            costs_split=round_.fund.costs_split,
            initial={
                "amount_requested": pence_to_pounds_text(application.amount_requested_pence),
                "labour": pence_to_pounds_text(application.labour_pence),
                "non_labour": pence_to_pounds_text(application.non_labour_pence),
                "match_funding": pence_to_pounds_text(application.match_funding_pence),
                "match_funding_form": application.match_funding_form,
            },
        )
    return forms.AttachmentForm(data, files)


def _values(application: Application, step: str, form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    if step == "eligibility":
        return {"eligibility_answers": form.answers()}
    if step == "funding":
        return {
            "amount_requested_pence": data["amount_requested"],
            "labour_pence": data.get("labour"),
            "non_labour_pence": data.get("non_labour"),
            "match_funding_pence": data["match_funding"],
            "match_funding_form": data["match_funding_form"],
        }
    return dict(data)


def _rule_errors_for(application: Application, values: dict[str, Any]) -> dict[str, str]:
    """The round's rules on the amounts just typed, named by the funding page's fields."""
    for name, value in values.items():
        setattr(application, name, value)
    renamed = {"amount": "amount_requested"}
    return {renamed.get(k, k): v for k, v in services.application_rule_errors(application).items()}


def _attachment_post(application: Application, form: Any) -> HttpResponse | None:
    """Adds the uploaded file and shows the page again, or goes on to check your answers when
    none was chosen; None (the form now holds the error) past the draft's caps."""
    token = application.resume_token
    upload = form.cleaned_data.get("file")
    if upload is None:
        return redirect("commissioning:apply_check", token=token)
    try:
        services.attachment_add(
            application=application, upload=upload, content_type=upload.detected_content_type
        )
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    return redirect("commissioning:apply_step", token=token, step="attachments")


@require_http_methods(["GET", "POST"])
def apply_step(request: HttpRequest, token: str, step: str) -> HttpResponse:
    application = _draft(token)
    if step not in STEPS:
        raise Http404
    posted = request.method == "POST"
    if posted and step == "attachments" and _attachment_throttled(request):
        return publicforms.too_many(request)
    form = _step_form(
        application, step, request.POST if posted else None, request.FILES if posted else None
    )
    if request.method == "POST" and step == "attachments" and form.is_valid():
        added = _attachment_post(application, form)
        if added is not None:
            return added
    elif request.method == "POST" and form.is_valid():
        values = _values(application, step, form)
        errors = _rule_errors_for(application, values) if step == "funding" else {}
        if errors:
            add_validation_errors(form, ValidationError(errors))  # always by field
        else:
            services.application_update(application=application, values=values)
            application.refresh_from_db()
            if step == "eligibility":
                reasons = services.application_ineligible_reasons(application)
                if reasons:
                    return render(
                        request,
                        "commissioning/apply_ineligible.html",
                        {"application": application, "reasons": reasons},
                    )
            if request.GET.get("change"):
                return redirect("commissioning:apply_check", token=token)
            return redirect(
                "commissioning:apply_step", token=token, step=STEPS[STEPS.index(step) + 1]
            )
    index = STEPS.index(step)
    return render(
        request,
        "commissioning/apply_step.html",
        {
            "application": application,
            "round": application.round,
            "form": form,
            "step": step,
            "title": STEP_TITLES[step],
            "number": index + 1,
            "of": len(STEPS),
            "back": reverse("commissioning:apply_step", args=[token, STEPS[index - 1]])
            if index
            else reverse("commissioning:apply_start"),
            "attachments": application.attachments.all() if step == "attachments" else [],
            "multipart": step == "attachments",
            "attachment_most": settings.CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT,
            "attachment_megabytes": settings.CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT,
        },
    )


def _answers(application: Application) -> list[dict[str, Any]]:
    """The rows of check your answers, in the page's language; what the applicant and the
    round's questions say is shown as typed."""
    token = application.resume_token

    def row(
        label: str, value: Any, step: str, *, label_lang: str = "", value_lang: str = ""
    ) -> dict[str, Any]:
        href = reverse("commissioning:apply_step", args=[token, step]) + "?change=1"
        return {
            "label": label,
            "value": value,
            "href": href,
            "label_lang": label_lang,
            "value_lang": value_lang,
        }

    yes_no = {True: gettext("Yes"), False: gettext("No")}
    # The round's questions are what staff typed, in English: marked so on a Welsh page.
    typed_lang = "" if translation.get_language() == languages.ENGLISH else "en-GB"
    rows = [
        row(
            q.text,
            yes_no.get(application.eligibility_answers.get(str(q.pk))),
            "eligibility",
            label_lang=typed_lang,
        )
        for q in application.round.questions.all()
    ]
    organisation_type = application.get_organisation_type_display()
    rows += [
        row(gettext("Organisation"), application.organisation_name, "organisation"),
        row(
            gettext("Type of organisation"),
            gettext(organisation_type) if organisation_type else "",
            "organisation",
        ),
        row(gettext("Contact"), application.contact_name, "organisation"),
        row(gettext("E-mail address"), application.contact_email, "organisation"),
    ]
    if len(settings.LANGUAGES) > 1:
        rows.append(
            row(
                gettext("Language we write to you in"),
                application.get_correspondence_language_display(),
                "organisation",
                # Each language is named in itself, so marked with its own language.
                value_lang=languages.html_lang(application.correspondence_language),
            )
        )
    rows += [
        row(gettext("Project title"), application.project_title, "project"),
        row(gettext("What the project will do"), application.project_summary, "project"),
        row(
            gettext("Where"),
            application.district.name if application.district else gettext("Across the county"),
            "project",
        ),
        row(
            gettext("Amount asked for"), format_pence(application.amount_requested_pence), "funding"
        ),
    ]
    if application.round.fund.costs_split:
        rows += [
            row(gettext("Labour costs"), format_pence(application.labour_pence), "funding"),
            row(gettext("Non-labour costs"), format_pence(application.non_labour_pence), "funding"),
        ]
    rows += [
        row(gettext("Match funding"), format_pence(application.match_funding_pence), "funding"),
        row(
            gettext("Documents"),
            ", ".join(a.original_name for a in application.attachments.all()) or gettext("None"),
            "attachments",
        ),
    ]
    return rows


@require_http_methods(["GET", "POST"])
def apply_check(request: HttpRequest, token: str) -> HttpResponse:
    application = _draft(token)
    problems: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            application = services.application_submit(application=application)
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for field, messages in by_field.items():
                step = FIELD_STEP.get(field)
                href = (
                    reverse("commissioning:apply_step", args=[token, step]) + "?change=1"
                    if step
                    else ""
                )
                problems += [{"message": m, "href": href} for m in messages]
        else:
            request.session["commissioning_submitted"] = application.pk
            return redirect("commissioning:apply_done", reference=application.reference)
    return render(
        request,
        "commissioning/apply_check.html",
        {
            "application": application,
            "rows": _answers(application),
            "problems": problems,
            "round": application.round,
        },
    )


@require_safe
def apply_done(request: HttpRequest, reference: str) -> HttpResponse:
    application = get_object_or_404(Application, reference=reference)
    # Only the browser that submitted it sees the confirmation (references are guessable).
    if request.session.get("commissioning_submitted") != application.pk:
        raise Http404
    return render(
        request,
        "commissioning/apply_done.html",
        {
            "application": application,
            "reasons": services.application_ineligible_reasons(application),
        },
    )


@require_http_methods(["GET", "POST"])
def apply_save(request: HttpRequest, token: str) -> HttpResponse:
    application = _draft(token)
    form = forms.ResumeForm(request.POST if request.method == "POST" else None)
    sent = False
    if request.method == "POST" and form.is_valid():
        if not SAVE.allow(request):
            return publicforms.too_many(request)
        # A filled honeypot is a bot: answer as if sent, send nothing.
        if application.contact_email and not form.is_bot:
            link = request.build_absolute_uri(
                reverse("commissioning:apply_check", args=[application.resume_token])
            )
            sent = services.resume_link_send(application=application, link=link)
            if not sent:
                form.add_error(
                    None,
                    gettext(
                        "We could not send the e-mail to the address on your application. Check "
                        "it on the organisation page, or keep this page's address to come back."
                    ),
                )
        else:
            sent = True
    return render(
        request,
        "commissioning/apply_save.html",
        {"application": application, "form": form, "sent": sent},
    )
