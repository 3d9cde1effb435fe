from typing import cast

from django import forms

from crimeplan.core.forms import GovukDateInput

from .constants import AuditAction


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label="Who", required=False, max_length=254, help_text="All or part of their e-mail address"
    )
    action = forms.ChoiceField(
        label="What", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    object_type = forms.ChoiceField(label="Kind of record", required=False, choices=[])
    object_id = forms.CharField(label="Record id", required=False, max_length=64)
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 27 3 2026",
        widget=GovukDateInput(),
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        help_text="For example, 31 3 2026",
        widget=GovukDateInput(),
    )

    def __init__(self, *args: object, object_types: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["object_type"]).choices = [("", "Any kind")] + [
            (t, t) for t in object_types
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
