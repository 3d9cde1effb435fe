"""Forms of the public application's question pages: eligibility, the organisation, the
project, the money asked for, supporting documents, and the save-and-return link."""

from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crimeplan.core.forms import add_correspondence_language
from crimeplan.core.publicforms import HoneypotForm
from crimeplan.geography.models import District

from ..constants import MatchFundingForm, OrganisationType
from .fields import PoundsField

# The public pages are offered in Welsh where the site offers it: every label, hint, choice
# and message here is marked. What staff typed (a round's questions) is shown as typed.
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
ORGANISATION_TYPES = [(value, _(label)) for value, label in OrganisationType.choices]


class EligibilityForm(forms.Form):
    """One yes/no question per eligibility question of the round."""

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question.text,
                error_messages={
                    "required": _("Select yes or no: %(question)s") % {"question": question.text}
                },
            )

    def answers(self) -> dict[str, bool]:
        return {name[1:]: value == "yes" for name, value in self.cleaned_data.items()}


class OrganisationDetailsForm(forms.Form):
    organisation_name = forms.CharField(
        max_length=200,
        label=_("Name of your organisation or group"),
        error_messages={
            "required": _("Enter the name of your organisation"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    organisation_type = forms.ChoiceField(
        choices=ORGANISATION_TYPES,
        widget=forms.RadioSelect,
        label=_("Type of organisation"),
        error_messages={"required": _("Select the type of organisation")},
    )
    contact_name = forms.CharField(
        max_length=200,
        label=_("Name of the person we should contact"),
        error_messages={
            "required": _("Enter the name of the person we should contact"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    contact_email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("We send the save-and-return link and our decision here"),
        error_messages={
            "required": _("Enter an e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where Welsh is offered: the language of the decision e-mail and the return link.
        add_correspondence_language(self)


class ProjectForm(forms.Form):
    project_title = forms.CharField(
        max_length=200,
        label=_("Project title"),
        error_messages={
            "required": _("Enter a title for the project"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    project_summary = forms.CharField(
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("What will the project do, and for whom?"),
        error_messages={
            "required": _("Describe the project"),
            "max_length": _("The description must be 3,000 characters or fewer"),
        },
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Across the county"),
        label=_("Where will it work?"),
        error_messages={"invalid_choice": _("Select a district from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            force__police_uk_id=settings.CRIMEPLAN_FORCE
        )


class FundingForm(forms.Form):
    amount_requested = PoundsField(
        label=_("Amount you are asking for"),
        help_text=_("In pounds, like 2500 or 2500.50"),
        error_messages={
            "required": _("Enter the amount you are asking for"),
            "invalid": _("Enter the amount you are asking for in pounds, like 1250 or 1250.50"),
            "minimum": _("The amount you are asking for must be more than £0"),
        },
    )
    labour = PoundsField(
        label=_("Of which labour costs"),
        required=False,
        minimum_pence=0,
        error_messages={
            "invalid": _("Enter the labour costs in pounds, like 1250 or 1250.50"),
        },
    )
    non_labour = PoundsField(
        label=_("Of which non-labour costs"),
        required=False,
        minimum_pence=0,
        error_messages={
            "invalid": _("Enter the non-labour costs in pounds, like 1250 or 1250.50"),
        },
    )
    match_funding = PoundsField(
        label=_("Match funding"),
        required=False,
        minimum_pence=0,
        help_text=_("Enter 0 if none"),
        error_messages={
            "invalid": _("Enter the match funding in pounds, like 1250 or 1250.50"),
        },
    )
    match_funding_form = forms.ChoiceField(
        choices=[
            (MatchFundingForm.CASH.value, _("Cash")),
            (MatchFundingForm.IN_KIND.value, _("In kind")),
        ],
        widget=forms.RadioSelect,
        label=_("Is the match funding cash or in kind?"),
        required=False,
        error_messages={"invalid_choice": _("Select cash or in kind")},
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
        label=_("Upload a file"),
        required=False,
        help_text=_(
            "A budget, constitution or plan: PDF, Word, OpenDocument text, PNG or JPEG, up to 10 MB"
        ),
        error_messages={
            "invalid": _("The file could not be read: choose it again"),
            "empty": _("The file is empty: choose a file with something in it"),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                gettext("%(name)s must be smaller than 10 MB") % {"name": upload.name}
            )
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        # The type is read from the file's content, never trusted from its name or browser.
        if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                gettext("%(name)s must be a PDF, Word, OpenDocument text, PNG or JPEG file")
                % {"name": upload.name}
            )
        upload.detected_content_type = kind.mime
        return upload


class ResumeForm(HoneypotForm):
    """Asks for the save-and-return link. Only the honeypot (`core/publicforms.py`): a bot
    that fills it is answered as if the link were sent."""
