"""Forms for the tracker's pages. Each message names the field it is about."""

from typing import Any

from django import forms

from crimeplan.accounts.models import Organisation
from crimeplan.core.forms import BoundedDateField, GovukDateInput
from crimeplan.delivery.models import Action
from crimeplan.delivery.models import Priority as PlanPriority

from .constants import (
    DIRECT_SOURCES,
    OWNER_STATUSES,
    ClosingDecision,
    Grade,
    InspectionKind,
    Priority,
    Source,
    Status,
)
from .models import Inspection, InspectionGrade, Recommendation

DATE = GovukDateInput()
ANY = [("", "Any")]


def _organisations() -> Any:
    return Organisation.objects.filter(archived_at__isnull=True).order_by("name")


def _date(label: str, *, required: bool = True, help_text: str = "") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 1 4 2025",
        },
    )


class FilterForm(forms.Form):
    """The list's filters, sent by GET so that they work without JavaScript."""

    source = forms.ChoiceField(label="Source", choices=ANY + Source.choices, required=False)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=Organisation.objects.none(), required=False, empty_label="Any"
    )
    priority = forms.ChoiceField(label="Priority", choices=ANY + Priority.choices, required=False)
    status = forms.ChoiceField(label="Status", choices=ANY + Status.choices, required=False)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].error_messages["invalid_choice"] = "Choose an owner from the list"


class TrackingFields(forms.ModelForm):
    """What the OPCC decides about any item, whichever source it came from."""

    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, widget=forms.RadioSelect
    )
    plan_priority = forms.ModelChoiceField(
        label="Plan priority it contributes to",
        queryset=PlanPriority.objects.select_related("plan").order_by("plan", "position"),
        required=False,
    )
    action = forms.ModelChoiceField(
        label="Delivery action that answers it",
        queryset=Action.objects.order_by("title"),
        required=False,
    )
    is_public = forms.BooleanField(label="Publish it on the public page", required=False)
    public_summary = forms.CharField(
        label="Public summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the public page says about it and its progress. No names.",
    )

    class Meta:
        model = Recommendation
        fields = ["priority", "plan_priority", "action", "is_public", "public_summary"]


class RecommendationForm(TrackingFields):
    """An item the OPCC records directly (an inspectorate's, its own review's, a domestic
    homicide review's learning)."""

    source = forms.ChoiceField(
        label="Source",
        choices=[(value, label) for value, label in Source.choices if value in DIRECT_SOURCES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the recommendation comes from"},
    )
    inspection = forms.ModelChoiceField(
        label="Inspection", queryset=Inspection.objects.all(), required=False
    )
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the title"}
    )
    detail = forms.CharField(
        label="What should be done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As the report or review words it.",
    )
    owner = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=_organisations(),
        error_messages={"required": "Choose the organisation that should act"},
    )
    due_on = _date("Due date", required=False, help_text="For example, 2027-03-31.")

    class Meta:
        model = Recommendation
        fields = [
            "source",
            "inspection",
            "title",
            "detail",
            "owner",
            "due_on",
            *TrackingFields.Meta.fields,
        ]


class UpdateForm(forms.Form):
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done, and where it can be seen. No names of members of the "
        "public.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in OWNER_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )


class CloseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=ClosingDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the decision"},
    )


class InspectionForm(forms.ModelForm):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the report's title"}
    )
    kind = forms.ChoiceField(
        label="Kind of inspection",
        choices=InspectionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of inspection"},
    )
    published_on = _date("Date published", help_text="For example, 1 4 2025.")
    url = forms.URLField(
        label="Link to the report",
        required=False,
        error_messages={"invalid": "Enter the link as a full web address, like https://..."},
    )
    engage_from = _date("In the engage phase from", required=False)
    engage_until = _date("Left the engage phase on", required=False)

    class Meta:
        model = Inspection
        fields = ["title", "kind", "published_on", "url", "engage_from", "engage_until"]


class GradeForm(forms.ModelForm):
    area = forms.CharField(
        label="Area of policing",
        max_length=200,
        error_messages={"required": "Enter the area of policing"},
    )
    grade = forms.ChoiceField(
        label="Grade",
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the grade"},
    )

    class Meta:
        model = InspectionGrade
        fields = ["area", "grade"]
