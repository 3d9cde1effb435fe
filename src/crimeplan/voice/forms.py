"""Forms: the public's report of an unsafe place, moderation, and the hotspot options."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crimeplan.core.forms import DATE_FORMATS, BoundedDateField, GovukDateInput
from crimeplan.core.publicforms import HoneypotForm
from crimeplan.crime_data.categories import police_uk_categories

from .constants import (
    AgeBand,
    Gender,
    NotReportedReason,
    PlaceReason,
    ReportedToPolice,
    TimeBand,
    WhatHappened,
)
from .followups import follow_up_days


class ReportForm(HoneypotForm):
    """The public's report; its honeypot (`website`) is core.publicforms'."""

    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    place = forms.CharField(
        label=_("Where did you feel unsafe?"),
        help_text=_(
            "A town, district or street and what is there, such as 'the underpass by the "
            "station'. Do not include your name, address or anyone else's details: before your "
            "report is saved we remove people's names, house and flat numbers, postcodes, phone "
            "numbers, e-mail addresses, links and vehicle registrations."
        ),
        max_length=500,
        error_messages={
            "required": _("Enter where you felt unsafe, or choose a place on the map"),
            "max_length": _("Describe the place in 500 characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    incident_date = forms.DateField(
        label=_("When was it?"),
        help_text=_("For example, 27 3 2025"),
        widget=GovukDateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": _("Enter the date it happened"),
            "invalid": _("Enter the date as a real date, for example 27 3 2025"),
        },
    )
    time_band = forms.ChoiceField(
        label=_("What time of day was it?"),
        choices=TimeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the time of day")},
    )
    what_happened = forms.MultipleChoiceField(
        label=_("What happened?"),
        help_text=_("Select all that apply."),
        choices=WhatHappened.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what happened")},
    )
    place_reasons = forms.MultipleChoiceField(
        label=_("What about the place made you feel unsafe?"),
        help_text=_("Select all that apply, or none."),
        choices=PlaceReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reported_to_police = forms.ChoiceField(
        label=_("Did you report it to the police?"),
        choices=ReportedToPolice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you reported it to the police")},
    )
    not_reported_reason = forms.ChoiceField(
        label=_("If you did not report it, why not?"),
        choices=[("", _("Prefer not to say")), *NotReportedReason.choices],
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Your age"),
        choices=[("", _("Prefer not to say")), *AgeBand.choices],
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("How do you describe yourself?"),
        choices=[("", _("Prefer not to say")), *Gender.choices],
        required=False,
    )

    follow_up_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.data.get("latitude") and self.data.get("longitude"):
            self.fields["place"].required = False  # a point on the map says where
        self.fields["follow_up_email"].help_text = gettext(
            "Only if you would like one e-mail when we publish what was done about this area. "
            "We keep it apart from your report, with nothing that links the two, and delete it "
            "when we have written or after %(days)s days, whichever comes first."
        ) % {"days": follow_up_days()}


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=[("accepted", "Accept for the hotspot analysis"), ("spam", "Reject as spam")],
        widget=forms.RadioSelect,
    )


class RedactionForm(forms.Form):
    place_description = forms.CharField(
        label="Place description",
        help_text="Remove anything that could identify a person. Removed automatically: "
        "e-mail addresses, links, social-media handles, phone numbers, postcodes, vehicle "
        "registrations, house and flat numbers, and names after a title (Mrs Jones), after "
        "'called' or 'my neighbour', or starting with a common first name. Not caught: a "
        "surname alone, a nickname, a house name, a description of someone.",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HotspotForm(forms.Form):
    # Bounded: the comparison with the period before works out dates before `start`.
    start = BoundedDateField(
        label="From (incident date)",
        required=False,
        widget=GovukDateInput(),
    )
    end = BoundedDateField(
        label="To (incident date)",
        required=False,
        widget=GovukDateInput(),
    )
    crime_types = forms.MultipleChoiceField(
        label="Overlay police.uk street crime of these types",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        types = sorted(police_uk_categories().crime_types)
        self.fields["crime_types"].choices = [(t, t) for t in types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date")
        return data
