import datetime
from typing import cast

from django import forms

from crimeplan.core.forms import GovukDateInput

from .models import Force


class PopulationForm(forms.Form):
    year = forms.IntegerField(
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as a number, like 2022",
            "min_value": "Year must be 1990 or later",
            "max_value": "Year must be 2100 or earlier",
        },
    )
    population = forms.IntegerField(
        min_value=1,
        help_text="Whole number of residents",
        error_messages={
            "required": "Enter the population",
            "invalid": "Enter the population as a whole number",
            "min_value": "Population must be more than 0",
        },
    )
    source = forms.CharField(
        max_length=500,
        help_text="Where the figure comes from, e.g. ONS mid-2022 estimates",
        error_messages={"required": "Say where the figure comes from"},
    )


class ComparisonGroupForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=Force.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Forces in the group",
    )
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where this group comes from and who decided it",
    )
    as_of = forms.DateField(label="Date of the group", widget=GovukDateInput())
    illustrative = forms.BooleanField(
        required=False, label="This group is illustrative (not an official Most Similar Group)"
    )

    def __init__(self, *args: object, force: Force, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(
            forms.ModelMultipleChoiceField, self.fields["members"]
        ).queryset = Force.objects.exclude(pk=force.pk).order_by("short_name")

    def clean_as_of(self) -> datetime.date:
        as_of = self.cleaned_data["as_of"]
        if as_of > datetime.date.today():  # noqa: DTZ011 - a calendar date typed by a person
            raise forms.ValidationError("The date cannot be in the future.")
        return as_of
