"""Forms for the public application, the staff-entered application and each step."""

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crimeplan.core.forms import add_correspondence_language, day_month_year_field
from crimeplan.core.publicforms import HoneypotForm

from .constants import STAFF_CHANNELS, Finding
from .services import application_out_of_time_message
from .timers import in_time

if TYPE_CHECKING:
    # What a form shows: plain text, or text translated when it is shown.
    from django_stubs_ext import StrOrPromise as Text
DATE_HINT = _("For example, 27 3 2026")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
date_field = partial(day_month_year_field, example="27 3 2026", hint=DATE_HINT, bounded=True)


def yes_no(label: "Text", message: "Text", *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


def _text(label: "Text", message: "Text", **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, error_messages={"required": message}, **kwargs)


class ApplicationFields(forms.Form):
    """What a review needs: who is asking and how to reach them, which complaint and
    outcome, and why they think the outcome was wrong."""

    complainant_name = _text(_("Full name"), _("Enter your full name"), max_length=200)
    complainant_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.org")},
    )
    complainant_phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    complainant_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    force_reference = _text(
        _("The force's complaint reference"),
        _("Enter the complaint reference from the outcome letter"),
        max_length=60,
        help_text=_("It is on the outcome letter the force sent you."),
    )
    outcome_letter_on = date_field(
        _("Date of the outcome letter"),
        required_message=_("Enter the date of the outcome letter"),
        invalid_message=_(
            "Enter the date of the outcome letter as a real date, for example 27 3 2026"
        ),
    )
    outcome_reviewed = _text(
        _("The outcome you want reviewed"),
        _("Enter the outcome you want reviewed"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    grounds = _text(
        _("Why you think the outcome was not reasonable and proportionate"),
        _("Enter why you think the outcome was not reasonable and proportionate"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    late_reason = forms.CharField(
        label=_("If your application is more than 28 days after the outcome letter, why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_correspondence_language(self)

    def received_on(self) -> datetime.date:
        return timezone.localdate()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(
            cleaned.get(name)
            for name in ("complainant_email", "complainant_phone", "complainant_address")
        ) and not self.has_error("complainant_email"):
            self.add_error(
                "complainant_email",
                _("Enter an e-mail address, a phone number or a postal address"),
            )
        letter_on = cleaned.get("outcome_letter_on")
        received_on = self.received_on()
        if letter_on and received_on:
            if letter_on > received_on:
                self.add_error(
                    "outcome_letter_on", _("The date of the outcome letter must be in the past")
                )
            elif (
                not in_time(outcome_letter_on=letter_on, received_on=received_on)
                and not (cleaned.get("late_reason") or "").strip()
            ):
                self.add_error("late_reason", application_out_of_time_message(letter_on))
        return cleaned


class PublicApplicationForm(HoneypotForm, ApplicationFields):
    pass


class StaffApplicationForm(ApplicationFields):
    channel = forms.ChoiceField(
        label="How it arrived",
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the application arrived"},
    )
    received_on_date = date_field("Date received")

    field_order = ["channel", "received_on_date"]

    def received_on(self) -> datetime.date:
        value = self.cleaned_data.get("received_on_date")
        return value if isinstance(value, datetime.date) else timezone.localdate()

    def clean_received_on_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["received_on_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future")
        return value


class DateForm(forms.Form):
    on = date_field("Date")


class ValidityForm(forms.Form):
    on = date_field("Date of the decision")
    reviewable = yes_no(
        "Is the Police and Crime Commissioner the relevant review body for this complaint?",
        "Choose whether this body may review the complaint",
    )
    already_reviewed = yes_no(
        "Has this outcome already been reviewed?", "Choose whether it was already reviewed"
    )
    late_accepted = yes_no(
        "Late applications only: accept it despite the delay?", "", required=False
    )
    discretion_reason = forms.CharField(
        label="Late applications only: the reason for accepting or refusing it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(forms.Form):
    has_conflict = yes_no(
        "Do you have a conflict of interest in this review?",
        "Choose whether you have a conflict of interest",
    )
    on = date_field("Date of the declaration")


class DecisionForm(forms.Form):
    finding = forms.ChoiceField(
        label="Was the outcome reasonable and proportionate?",
        choices=Finding.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the outcome was reasonable"},
    )
    reasons = _text(
        "Reasons for the decision",
        "Enter the reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recommendations = forms.CharField(
        label="Recommendations to the force, one a line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    on = date_field("Date of the decision")

    def recommendation_lines(self) -> list[str]:
        text = self.cleaned_data.get("recommendations") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ResponseForm(forms.Form):
    accepted = yes_no(
        "Did the force accept the recommendation?", "Choose whether the force accepted it"
    )
    responded_on = date_field("Date the force replied")
    acted_on = date_field("Date the force acted on it", required=False)
