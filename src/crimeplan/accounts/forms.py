from typing import cast

from django import forms

from crimeplan.geography.models import District

from .constants import OrganisationKind, Role
from .models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "district", "email", "phone", "website", "address"]
        labels = {
            "kind": "Kind of organisation",
            "email": "Contact e-mail address",
            "phone": "Contact telephone number",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.order_by(
            "name"
        )
        self.fields["district"].required = False
        cast(forms.ChoiceField, self.fields["kind"]).choices = OrganisationKind.choices

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An organisation with this name already exists.")
        return name


class ContactDetailsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["email", "phone", "website", "address"]
        labels = {"email": "Contact e-mail address", "phone": "Contact telephone number"}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class MembershipAddForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose one of the roles listed",
        },
    )


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose one of the roles listed",
        },
    )
