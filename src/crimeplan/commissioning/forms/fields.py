"""The fields commissioning's forms share: an amount in pounds cleaned to whole pence, and a
date with messages that name it."""

from typing import Any

from django import forms

from crimeplan.core.forms import DATE_FORMATS, GovukDateInput
from crimeplan.core.money import pounds_to_pence


class PoundsField(forms.CharField):
    """An amount in pounds, cleaned to whole pence."""

    def __init__(self, *args: Any, minimum_pence: int = 1, **kwargs: Any) -> None:
        self.minimum_pence = minimum_pence
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        # A public form gives its messages ("invalid", "minimum"), translated: one made here
        # from a translated label would not be Welsh. Staff forms take these.
        try:
            pence = pounds_to_pence(str(text))
        except ValueError as error:
            raise forms.ValidationError(
                self.error_messages.get("invalid")
                or f"{self.label} must be an amount in pounds, like 1250 or 1250.50"
            ) from error
        if pence < self.minimum_pence:
            raise forms.ValidationError(
                self.error_messages.get("minimum")
                or f"{self.label} must be {'more than £0' if self.minimum_pence else '£0 or more'}"
            )
        return pence


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=GovukDateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 1 4 2025",
        },
        **kwargs,
    )
