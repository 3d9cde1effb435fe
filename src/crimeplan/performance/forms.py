"""Forms for frameworks, timeline marks, commentary and publication."""

import datetime

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


class PublishForm(forms.Form):
    title = forms.CharField(label="Title of the report", max_length=300)
