"""Forms for the public application, the staff-recorded application and each step."""

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crimeplan.accounts.models import Organisation
from crimeplan.core.forms import add_correspondence_language, day_month_year_field
from crimeplan.geography.models import District

from .constants import (
    NEXT_STATUSES,
    Agency,
    ApplicantRelationship,
    Channel,
    ContactPreference,
    LetterKind,
    Status,
    VictimKind,
)

if TYPE_CHECKING:
    # What a form shows: plain text, or text translated when it is shown.
    from django_stubs_ext import StrOrPromise as Text
DATE_HINT = _("For example, 27 3 2024")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
date_field = partial(day_month_year_field, example="27 3 2024", hint=DATE_HINT)


def yes_no(label: "Text", message: "Text") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


def _required(label: "Text", message: "Text", **kwargs: Any) -> dict[str, Any]:
    return {"label": label, "error_messages": {"required": message}, **kwargs}


class ApplicationForm(forms.Form):
    """What the process needs, and nothing more: who is affected and how to reach the
    applicant, where and what, each incident reported, and consent to share."""

    applicant_relationship = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=ApplicantRelationship.choices,
        **_required(_("Who are you?"), _("Select who you are")),
    )
    victim_kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=VictimKind.choices,
        **_required(_("Who is affected by the behaviour?"), _("Select who is affected")),
    )
    victim_name = forms.CharField(
        label=_("Name of the person, business or group affected"),
        help_text=_("Only if you are applying for someone else."),
        required=False,
        max_length=200,
    )
    victim_consent = forms.BooleanField(
        label=_("They have agreed to me applying for them"), required=False
    )
    applicant_name = forms.CharField(
        max_length=200, **_required(_("Your full name"), _("Enter your full name"))
    )
    contact_preference = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=ContactPreference.choices,
        **_required(_("How should we contact you?"), _("Select how we should contact you")),
    )
    applicant_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("We send your acknowledgement here."),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com")},
    )
    applicant_phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    applicant_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.none(),
        empty_label=_("Select an area"),
        **_required(_("Which council area is it happening in?"), _("Select the council area")),
    )
    location = forms.CharField(
        max_length=300,
        help_text=_("A street, an estate, a park or a shop: do not give a house number."),
        **_required(_("Where is it happening?"), _("Enter where it is happening")),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        **_required(_("What has been happening?"), _("Describe what has been happening")),
    )
    hate_motivated = yes_no(
        _("Do you think any of it was motivated by hate?"),
        _("Select yes if you think any of it was motivated by hate"),
    )
    ongoing = yes_no(_("Is it still happening?"), _("Select yes if it is still happening"))
    impact = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        **_required(_("How has it affected you or them?"), _("Describe how it has affected you")),
    )
    outcome_sought = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        **_required(
            _("What would you like to happen?"), _("Tell us what you would like to happen")
        ),
    )
    consent_to_share = forms.BooleanField(
        label=_(
            "I agree that the details in this application may be shared with the council, "
            "the police, housing providers and the other bodies that take part in the review"
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            force__police_uk_id=settings.CRIMEPLAN_FORCE
        ).order_by("name")
        add_correspondence_language(self)


class StaffApplicationForm(ApplicationForm):
    """An application received by phone, e-mail or post, recorded in the same structure."""

    channel = forms.ChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
        widget=forms.RadioSelect,
        **_required("How was it received?", "Select how the application was received"),
    )
    received_on = date_field("Date received")

    field_order = ["channel", "received_on"]

    def clean_received_on(self) -> datetime.date:
        received_on: datetime.date = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future")
        return received_on


class IncidentForm(forms.Form):
    occurred_on = date_field(
        _("Date it happened"),
        required=False,
        required_message=_("Enter the date it happened"),
        invalid_message=_("Enter the date it happened as a real date, for example 27 3 2024"),
    )
    reported_on = date_field(
        _("Date you reported it"),
        required=False,
        required_message=_("Enter the date you reported it"),
        invalid_message=_("Enter the date you reported it as a real date, for example 27 3 2024"),
    )
    reported_to = forms.ChoiceField(
        label=_("Who did you report it to?"),
        choices=[("", _("Select")), *Agency.choices],
        required=False,
    )
    agency_reference = forms.CharField(
        label=_("Reference number, if you know it"), required=False, max_length=60
    )
    hate_motivated = forms.BooleanField(
        label=_("This incident was motivated by hate"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_changed():
            return data
        for name, message in [
            ("occurred_on", _("Enter the date it happened")),
            ("reported_on", _("Enter the date you reported it")),
            ("reported_to", _("Select who you reported it to")),
        ]:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        occurred, reported = data.get("occurred_on"), data.get("reported_on")
        if occurred and reported and reported < occurred:
            self.add_error(
                "reported_on", _("The date you reported it must be on or after it happened")
            )
        return data


IncidentFormSet = forms.formset_factory(IncidentForm, extra=4, max_num=20)


def incidents_from(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [form.cleaned_data for form in formset.forms if form.has_changed()]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move the case to", widget=forms.RadioSelect)
    on = date_field("Date")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = sorted(NEXT_STATUSES.get(status, frozenset()))
        self.fields["to_status"].choices = [(s, Status(s).label) for s in allowed]  # type: ignore[attr-defined]


class ThresholdForm(forms.Form):
    met = yes_no("Is the threshold met?", "Select yes if the threshold is met")
    on = date_field("Date of the decision")
    override_reason = forms.CharField(
        label="Reason, if you decide differently from the rule",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = date_field(
        "Date of the review meeting", required=False, hint=format_lazy("If met. {}", DATE_HINT)
    )
    victim_invited = forms.BooleanField(label="The victim is invited to the panel", required=False)


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(archived_at__isnull=True),
        **_required("Body to invite", "Select a body to invite"),
    )
    on = date_field("Date invited")


class AccountForm(forms.Form):
    account = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        **_required("What had your organisation done?", "Enter what your organisation had done"),
    )
    on = date_field("Date")


class ReviewForm(forms.Form):
    held_on = date_field("Date the review was held")
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        **_required("The panel's findings", "Enter the panel's findings"),
    )
    victim_attended = forms.TypedChoiceField(
        label="Did the victim attend?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not recorded")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the victim attended"},
    )
    victim_support = forms.CharField(
        label="Support offered to the victim", widget=forms.Textarea(attrs={"rows": 3})
    )
    perpetrator_support = forms.CharField(
        label="Support offered to the perpetrator", widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        **_required("Recommendation", "Enter the recommendation"),
    )
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(archived_at__isnull=True),
        **_required("Organisation that owns it", "Select the organisation that owns it"),
    )
    due_on = date_field("Due date")


class CompleteForm(forms.Form):
    completed_on = date_field("Date completed")
    note = forms.CharField(
        label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalationForm(forms.Form):
    received_on = date_field("Date the applicant wrote")
    grounds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        **_required("Why is the applicant unhappy?", "Enter why the applicant is unhappy"),
    )


class EscalationReviewForm(forms.Form):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        **_required("Outcome of the OPCC's review", "Enter the outcome of the review"),
    )
    on = date_field("Date of the review")


class FiguresYearForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2014, max_value=2100)


LETTER_KINDS = [kind.value for kind in LetterKind]
