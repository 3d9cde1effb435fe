from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from crimeplan.geography.models import Force

from .constants import ImportKind

UPLOAD_KINDS = [
    (ImportKind.POLICE_UK, "police.uk files: a monthly CSV, an archive zip, or API JSON"),
    (ImportKind.AGGREGATES, "The aggregated-data or population template (CSV or Excel)"),
]
ALLOWED_SUFFIXES = {
    ImportKind.POLICE_UK: (".csv", ".json", ".zip"),
    ImportKind.AGGREGATES: (".csv", ".xlsx"),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is in the file",
        choices=UPLOAD_KINDS,
        widget=forms.RadioSelect,
        initial=ImportKind.POLICE_UK,
        error_messages={"required": "Say what is in the file"},
    )
    file = forms.FileField(
        label="File",
        help_text="police.uk: CSV, JSON or a zip of them. Templates: CSV or Excel (.xlsx), with "
        "the columns described in the project's docs/how-to/aggregated-data-template.md",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    force = forms.ModelChoiceField(
        queryset=Force.objects.order_by("short_name"),
        to_field_name="police_uk_id",
        required=False,
        label="Force",
        help_text="Needed for police.uk API JSON and stop-and-search files; for the template, "
        "the force whose comparison group msg means (default: this installation's force)",
    )
    skip_bad_rows = forms.BooleanField(
        required=False,
        label="Load the good rows and set the rejected ones aside",
        help_text="Otherwise a file with a bad row is not loaded at all",
    )
    allow_shrink = forms.BooleanField(
        required=False,
        label="Replace months even if they shrink",
        help_text="police.uk files only. A month already held is otherwise not replaced by one "
        f"with over {settings.CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT:g}% fewer rows (a file cut "
        "short looks like that); tick this when the smaller figures are right",
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.CRIMEPLAN_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {settings.CRIMEPLAN_MAX_UPLOAD_MB} MB"
            )
        return upload

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is not None and kind in ALLOWED_SUFFIXES:
            allowed = ALLOWED_SUFFIXES[kind]
            if not upload.name.lower().endswith(allowed):
                names = ", ".join(allowed[:-1]) + " or " + allowed[-1]
                self.add_error("file", f"The file must be a {names} file")
        return cleaned


class SummaryForm(forms.Form):
    start = forms.CharField(
        label="From", required=False, help_text="Month, for example 2024-01", max_length=7
    )
    end = forms.CharField(
        label="To", required=False, help_text="Month, for example 2024-04", max_length=7
    )
    by = forms.ChoiceField(
        label="Break down by",
        required=False,
        choices=[
            ("month,crime_type", "Month and crime type"),
            ("month,district", "Month and district"),
            ("crime_type,district", "Crime type and district"),
            ("month", "Month"),
            ("crime_type", "Crime type"),
            ("district", "District"),
        ],
    )
