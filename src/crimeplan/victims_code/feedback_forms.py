"""The form for importing a quarter's victims' feedback survey."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from . import feedback

QUARTERS = [
    (q, f"Q{q} ({months})")
    for q, months in enumerate(
        ("April to June", "July to September", "October to December", "January to March"), start=1
    )
]
MAX_POPULATION_BYTES = 100_000


def _upload_checked(upload: UploadedFile | None, suffixes: tuple[str, ...]) -> UploadedFile | None:
    if upload is None:
        return None
    limit = settings.CRIMEPLAN_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"The file must be smaller than {settings.CRIMEPLAN_MAX_UPLOAD_MB} MB"
        )
    if not str(upload.name).lower().endswith(suffixes):
        raise forms.ValidationError(f"The file must be {' or '.join(suffixes)}")
    return upload


class FeedbackImportForm(forms.Form):
    year = forms.IntegerField(
        label="Financial year it starts in",
        help_text="2025 for 2025/26",
        min_value=feedback.MIN_YEAR,
        max_value=feedback.MAX_YEAR,
        error_messages={
            "required": "Enter the year the financial year starts in",
            "min_value": f"Enter a year from {feedback.MIN_YEAR} to {feedback.MAX_YEAR}",
            "max_value": f"Enter a year from {feedback.MIN_YEAR} to {feedback.MAX_YEAR}",
            "invalid": "Enter the year as a number, like 2025",
        },
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=QUARTERS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the quarter"},
    )
    codebook = forms.FileField(
        label="Codebook (.json)",
        help_text="The group column, each question's column, codes and positive answers, and "
        "the columns to leave unread (see docs/victims-code.md)",
        error_messages={"required": "Choose the codebook file", "empty": "The file is empty"},
    )
    responses = forms.FileField(
        label="Responses (.csv or .xlsx)",
        help_text="One row per respondent. Columns the codebook lists as ignored (identifiers, "
        "free-text comments) are never read or kept",
        error_messages={"required": "Choose the responses file", "empty": "The file is empty"},
    )
    population = forms.CharField(
        label="Victims in the quarter by group (optional)",
        help_text="One line per group: the group as the codebook names it, a comma, and the "
        "number of victims, e.g. Burglary and theft,3100. Without it the estimates are "
        "unweighted",
        required=False,
        max_length=MAX_POPULATION_BYTES,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    min_per_group = forms.IntegerField(
        label="Fewest respondents in every group for weighting",
        initial=feedback.DEFAULT_MIN_PER_GROUP,
        min_value=1,
        max_value=10_000,
    )
    min_base = forms.IntegerField(
        label="Fewest respondents for an estimate to be shown",
        initial=feedback.DEFAULT_MIN_BASE,
        min_value=2,
        max_value=10_000,
    )

    def clean_codebook(self) -> UploadedFile | None:
        return _upload_checked(self.cleaned_data.get("codebook"), (".json",))

    def clean_responses(self) -> UploadedFile | None:
        return _upload_checked(self.cleaned_data.get("responses"), (".csv", ".xlsx"))

    def population_lines(self) -> list[str]:
        data: dict[str, Any] = self.cleaned_data
        return str(data.get("population") or "").splitlines()
