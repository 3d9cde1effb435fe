"""Forms of the public application's question pages: eligibility, the organisation, the
project, the money asked for, supporting documents, and the save-and-return link."""

from typing import Any

import filetype
from django import forms
from django.conf import settings

from crimeplan.core.publicforms import HoneypotForm
from crimeplan.geography.models import District

from ..constants import (
    OrganisationType,
)
from .fields import PoundsField

YES_NO = [("yes", "Yes"), ("no", "No")]


class EligibilityForm(forms.Form):
    """One yes/no question per eligibility question of the round."""

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question.text,
                error_messages={"required": f"Select yes or no: {question.text}"},
            )

    def answers(self) -> dict[str, bool]:
        return {name[1:]: value == "yes" for name, value in self.cleaned_data.items()}


class OrganisationDetailsForm(forms.Form):
    organisation_name = forms.CharField(
        max_length=200,
        label="Name of your organisation or group",
        error_messages={
            "required": "Enter the name of your organisation",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    organisation_type = forms.ChoiceField(
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        label="Type of organisation",
        error_messages={"required": "Select the type of organisation"},
    )
    contact_name = forms.CharField(
        max_length=200,
        label="Name of the person we should contact",
        error_messages={"required": "Enter the name of the person we should contact"},
    )
    contact_email = forms.EmailField(
        label="Their e-mail address",
        help_text="We send the save-and-return link and our decision here",
        error_messages={
            "required": "Enter an e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )


class ProjectForm(forms.Form):
    project_title = forms.CharField(
        max_length=200,
        label="Project title",
        error_messages={"required": "Enter a title for the project"},
    )
    project_summary = forms.CharField(
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What will the project do, and for whom?",
        error_messages={
            "required": "Describe the project",
            "max_length": "The description must be 3,000 characters or fewer",
        },
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.none(),
        required=False,
        empty_label="Across the county",
        label="Where will it work?",
        error_messages={"invalid_choice": "Select a district from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            force__police_uk_id=settings.CRIMEPLAN_FORCE
        )


class FundingForm(forms.Form):
    amount_requested = PoundsField(
        label="Amount you are asking for",
        help_text="In pounds, like 2500 or 2500.50",
        error_messages={"required": "Enter the amount you are asking for"},
    )
    labour = PoundsField(label="Of which labour costs", required=False, minimum_pence=0)
    non_labour = PoundsField(label="Of which non-labour costs", required=False, minimum_pence=0)
    match_funding = PoundsField(
        label="Match funding", required=False, minimum_pence=0, help_text="Enter 0 if none"
    )
    match_funding_form = forms.ChoiceField(
        choices=[("cash", "Cash"), ("in_kind", "In kind")],
        widget=forms.RadioSelect,
        label="Is the match funding cash or in kind?",
        required=False,
    )

    def __init__(self, *args: Any, costs_split: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not costs_split:
            del self.fields["labour"]
            del self.fields["non_labour"]


ALLOWED_ATTACHMENTS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A budget, constitution or plan: PDF, Word, OpenDocument text, PNG or JPEG, "
        "up to 10 MB",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(f"{upload.name} must be smaller than 10 MB")
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        # The type is read from the file's content, never trusted from its name or browser.
        if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                f"{upload.name} must be a PDF, Word, OpenDocument text, PNG or JPEG file"
            )
        upload.detected_content_type = kind.mime
        return upload


class ResumeForm(HoneypotForm):
    """Asks for the save-and-return link. Only the honeypot (`core/publicforms.py`): a bot
    that fills it is answered as if the link were sent."""
