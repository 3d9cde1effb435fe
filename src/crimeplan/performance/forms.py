"""Forms for frameworks, timeline marks, commentary and publication."""

import datetime
from typing import Any

from django import forms

from .models import AnnotationKind

MAX_TOML_BYTES = 512 * 1024


class FrameworkForm(forms.Form):
    slug = forms.SlugField(
        label="Short name for the framework",
        help_text="Lowercase letters, digits and hyphens, e.g. gloucestershire-2021-25",
        max_length=80,
    )
    toml = forms.CharField(
        label="Definition (TOML)",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        required=False,
        strip=False,
    )
    file = forms.FileField(label="Or upload a definition file (.toml)", required=False)
    note = forms.CharField(label="What changed (optional)", max_length=500, required=False)

    def __init__(self, *args: object, fixed_slug: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if fixed_slug:
            self.fields["slug"].initial = fixed_slug
            self.fields["slug"].disabled = True

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_TOML_BYTES:
                self.add_error("file", "The file is larger than 512 KB")
                return data
            try:
                data["toml"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", "The file is not UTF-8 text")
                return data
        if not str(data.get("toml") or "").strip():
            self.add_error("toml", "Enter the definition, or upload a file")
        return data


class AnnotationForm(forms.Form):
    month = forms.CharField(label="Month", help_text="For example, 2023-04", max_length=7)
    kind = forms.ChoiceField(label="What happened", choices=AnnotationKind.choices)
    text = forms.CharField(label="Label on the chart", max_length=300)
    rebase = forms.BooleanField(
        label="Start new process limits from this month (for a change in recording)",
        required=False,
    )

    def clean_month(self) -> datetime.date:
        text = self.cleaned_data["month"].strip()
        try:
            return datetime.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007
        except ValueError:
            raise forms.ValidationError("Enter a month as YYYY-MM, for example 2023-04") from None


class CommentaryForm(forms.Form):
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write figures as placeholders, for example {force_change}: they are filled "
        "from the table, so the comment cannot disagree with it.",
    )
    # Asked where the site offers Welsh (`with_welsh`): the report is published in both.
    text_cy = forms.CharField(
        label="Comment in Welsh",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "cy"}),
        help_text="The same comment for the report's Welsh copy, with the same placeholders: "
        "they are filled with the Welsh names and words. Needed wherever there is a comment.",
    )

    def __init__(self, *args: Any, with_welsh: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_welsh:
            del self.fields["text_cy"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "text_cy" in self.fields and cleaned.get("text") and not cleaned.get("text_cy"):
            self.add_error("text_cy", "Enter the comment in Welsh")
        return cleaned


class PublishForm(forms.Form):
    title = forms.CharField(label="Title of the report", max_length=300)
    title_cy = forms.CharField(
        label="Title of the report in Welsh",
        max_length=300,
        widget=forms.TextInput(attrs={"lang": "cy"}),
        error_messages={"required": "Enter the report's title in Welsh"},
    )

    def __init__(self, *args: Any, with_welsh: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_welsh:
            del self.fields["title_cy"]
